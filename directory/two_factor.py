"""Second factors: authenticator apps (TOTP, RFC 6238), passkeys and recovery codes.

The devices themselves are django-otp's; this module holds what the portal adds: a
device registered from a known secret (for provisioning and automated clients), and the
current code of a device (for the demo data and the tests, never shown in the portal).
"""

import base64
import binascii

from django.core.exceptions import ValidationError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_device_register(*, user, base32_secret: str, name: str = "Authenticator app"):
    """A confirmed TOTP device (SHA-1, 30 s, 6 digits) holding `base32_secret`."""
    try:
        secret = base64.b32decode(base32_secret.strip().replace(" ", "").upper(), casefold=True)
    except (binascii.Error, ValueError):
        raise ValidationError({"totp_secret": "The TOTP secret must be base32."}) from None
    if not 10 <= len(secret) <= 40:
        raise ValidationError(
            {"totp_secret": "The TOTP secret must hold 16 to 64 base32 characters."}
        )
    return TOTPDevice.objects.create(
        user=user, name=name, key=secret.hex(), step=30, digits=6, confirmed=True
    )


def current_code(device: TOTPDevice) -> str:
    """The code `device` accepts now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"
