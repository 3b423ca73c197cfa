"""Second factors: authenticator apps (TOTP, RFC 6238), passkeys and recovery codes.

The devices themselves are django-otp's and django-otp-webauthn's; this module holds what
the portal adds (issue 9 §3):
- the rule that a signed-in session reaches nothing until its second factor is verified
  (`SecondFactorRequiredMiddleware`; the API's `VerifiedSessionAuthentication`);
- every write to a person's factors, atomic and audited (`SecondFactorEvent`);
- a device registered from a known secret (provisioning, automated clients, the demo),
  and the current code of a device (for the demo data and the tests, never shown in the
  portal).
"""

import base64
import binascii
import json
import secrets

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential
from django_otp_webauthn.views import CompleteCredentialRegistrationView

from .choices import Role, SecondFactorEventKind, TokenEnd
from .models import SecondFactorEvent, User

RECOVERY_CODE_COUNT = 10
# A new set of recovery codes waits in the session until its page shows it, once.
NEW_RECOVERY_CODES = "second_factor_new_recovery_codes"
RECOVERY_CODES_NAME = "Recovery codes"
# The factors a person signs in with; recovery codes only stand in for a lost one.
FACTOR_MODELS = {"app": TOTPDevice, "passkey": WebAuthnCredential}
FACTOR_KINDS = {"app": "Authenticator app", "passkey": "Passkey"}


# The rules -----------------------------------------------------------------------------


def has_second_factor(user) -> bool:
    """Whether `user` has a confirmed authenticator app or passkey to sign in with."""
    return any(
        model.objects.filter(user=user, confirmed=True).exists() for model in FACTOR_MODELS.values()
    )


def check_factor_may_be_removed(user) -> None:
    """A person keeps at least one factor of their own: the last one is never removed,
    or they could no longer sign in (issue 9 §3: two-factor sign-in for every person)."""
    count = sum(
        model.objects.filter(user=user, confirmed=True).count() for model in FACTOR_MODELS.values()
    )
    if count < 2:
        raise ValidationError(
            {"factor": "This is your only second factor: add another before removing it."}
        )


def check_second_factor_reset_allowed(*, actor, person) -> None:
    """A lost factor is reset by a portal administrator, never by the person alone
    (issue 9 §3): an administrator does not reset their own."""
    if Role.ADMIN not in actor.roles:
        raise PermissionDenied("Only a portal administrator may reset a second factor.")
    if actor.pk == person.pk:
        raise PermissionDenied(
            "You may not reset your own second factor: ask another portal administrator."
        )


# Reads --------------------------------------------------------------------------------


def factors_of(user) -> list[dict]:
    """What a person's factors page shows: names, kinds and dates, never a secret."""
    factors = []
    for kind, model in FACTOR_MODELS.items():
        for device in model.objects.filter(user=user, confirmed=True).order_by("created_at"):
            factors.append({"kind": kind, "kind_label": FACTOR_KINDS[kind], "device": device})
    return factors


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def factor_of_user_or_404(request, *, kind: str, pk: int):
    """One of the signed-in person's own factors; anyone else's does not exist for them."""
    model = FACTOR_MODELS.get(kind)
    if model is None:
        raise Http404("No such second factor.")
    device = model.objects.filter(user=request.user, confirmed=True, pk=pk).first()
    if device is None:
        raise Http404("No such second factor.")
    return device


# Writes -------------------------------------------------------------------------------


def _record(*, kind, person, actor, factor: str = "", reason: str = "") -> SecondFactorEvent:
    return SecondFactorEvent.objects.create(
        kind=kind, person=person, actor=actor, factor=factor[:200], reason=reason
    )


def totp_key(base32_secret: str) -> bytes:
    """The secret an authenticator app holds, from its base32 form; refused, naming the
    field, unless it is base32 of 80 to 320 bits."""
    text = base32_secret.strip().replace(" ", "").upper().rstrip("=")
    try:
        secret = base64.b32decode(text + "=" * (-len(text) % 8))
    except (binascii.Error, ValueError):
        raise ValidationError({"totp_secret": "The TOTP secret must be base32."}) from None
    if not 10 <= len(secret) <= 40:
        raise ValidationError(
            {"totp_secret": "The TOTP secret must hold 16 to 64 base32 characters."}
        )
    return secret


@transaction.atomic
def totp_device_register(*, user, base32_secret: str, name: str = "Authenticator app"):
    """A confirmed TOTP device (SHA-1, 30 s, 6 digits) holding `base32_secret`, provisioned
    from the command line or the demo data; the same device again if `user` already holds
    that secret."""
    key = totp_key(base32_secret).hex()
    device = TOTPDevice.objects.filter(user=user, key=key).first()
    if device is not None:
        return device
    device = TOTPDevice.objects.create(
        user=user, name=name, key=key, step=30, digits=6, confirmed=True
    )
    _record(kind=SecondFactorEventKind.ADDED, person=user, actor=None, factor=name)
    return device


def totp_secret_new() -> str:
    """A fresh secret for an authenticator app, in base32 (160 bits, RFC 4226 §4)."""
    return base64.b32encode(secrets.token_bytes(20)).decode()


def session_verified_by(session, device) -> None:
    """Record in a signed-in `session` that `device` verified it, where django-otp keeps
    it (`django_otp.login` does the same from a request): for clients that sign in
    without a browser, the benchmarks and the tests."""
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def totp_config_url(*, user, base32_secret: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return TOTPDevice(user=user, key=totp_key(base32_secret).hex()).config_url


@transaction.atomic
def totp_device_confirm(*, user, base32_secret: str, code: str, name: str) -> TOTPDevice:
    """Add the authenticator app holding `base32_secret` once it gives a right code."""
    device = TOTPDevice(user=user, name=name, key=totp_key(base32_secret).hex(), step=30, digits=6)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    if not code.strip().isdigit() or not totp.verify(int(code), tolerance=1):
        raise ValidationError({"code": "Enter the 6-digit code your authenticator app shows now."})
    device.last_t = totp.t()
    device.confirmed = True
    device.save()
    _record(kind=SecondFactorEventKind.ADDED, person=user, actor=user, factor=name)
    return device


@transaction.atomic
def passkey_registered(*, user, device: WebAuthnCredential) -> None:
    """Name and audit a passkey that django-otp-webauthn has just registered."""
    if not device.name:
        device.name = f"Passkey {WebAuthnCredential.objects.filter(user=user).count()}"
        device.save(update_fields=["name"])
    _record(kind=SecondFactorEventKind.ADDED, person=user, actor=user, factor=device.name)


@transaction.atomic
def recovery_codes_generate(*, user) -> list[str]:
    """A new set of recovery codes, each good once; the previous set stops working."""
    device, _ = StaticDevice.objects.select_for_update().get_or_create(
        user=user, name=RECOVERY_CODES_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    _record(kind=SecondFactorEventKind.RECOVERY_CODES, person=user, actor=user)
    return codes


def recovery_codes_first_set(request) -> None:
    """Once a person has a factor, a set of recovery codes if they have none left."""
    if recovery_codes_left(request.user) == 0:
        request.session[NEW_RECOVERY_CODES] = recovery_codes_generate(user=request.user)


@transaction.atomic
def second_factor_remove(*, user, device) -> None:
    """Remove one of `user`'s own factors, never the last."""
    User.objects.select_for_update().get(pk=user.pk)
    check_factor_may_be_removed(user)
    _record(kind=SecondFactorEventKind.REMOVED, person=user, actor=user, factor=device.name)
    device.delete()


@transaction.atomic
def second_factor_reset(*, actor, person, reason: str) -> User:
    """Remove every second factor of a person who lost theirs, and sign them out, so that
    they set one up again at their next sign-in. Only an administrator, never for
    themselves, and with a reason, audited (issue 9 §3)."""
    person = User.objects.restrict(actor, "change").select_for_update().filter(pk=person.pk)
    person = person.first()
    if person is None:
        raise PermissionDenied("You may not change this person's account.")
    check_second_factor_reset_allowed(actor=actor, person=person)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why their second factor is being reset."})
    factors = [device.name for device in devices_for_user(person, confirmed=None)]
    for model in (*FACTOR_MODELS.values(), StaticDevice):
        model.objects.filter(user=person).delete()
    # A session or token that the lost factor verified must not outlive it: the person
    # sets up a new factor at their next sign-in.
    from .services import credentials_end_all  # the services verify codes through here

    credentials_end_all(user=person, because=TokenEnd.SECOND_FACTOR_RESET)
    _record(
        kind=SecondFactorEventKind.RESET,
        person=person,
        actor=actor,
        factor=", ".join(factors),
        reason=reason.strip(),
    )
    return person


def second_factor_verify(*, user, code: str):
    """The device of `user` that accepts `code` (an authenticator app's code or an unused
    recovery code, which is then spent), or None. Each device slows down guessing on its
    own (django-otp's throttling), so a code is tried only on the devices of its own kind:
    six digits are an app's code, anything else a recovery code. Otherwise a person who
    spends a recovery code would count as a wrong guess on their app and find their next
    correct code refused."""
    code = code.strip().replace(" ", "").lower()
    if not code:
        return None
    kind = TOTPDevice if code.isascii() and code.isdigit() and len(code) == 6 else StaticDevice
    return next(
        (device for device in kind.objects.devices_for_user(user) if device.verify_token(code)),
        None,
    )


def current_code(device: TOTPDevice) -> str:
    """The code `device` accepts now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


# The gate -----------------------------------------------------------------------------

VERIFYING = "verifying"  # a page of the second step: for people who have a factor
ENROLLING = "enrolling"  # a page of setting one up: for people who have none yet
ANY_STEP = "any"  # signing out


def second_factor_step(step: str):
    """Mark a view as reachable by a signed-in session whose second factor is not
    verified yet, at `step`."""

    def mark(view):
        view.second_factor_step = step
        return view

    return mark


class SecondFactorRequiredMiddleware:
    """Until a signed-in person has given their second factor, their session reaches
    nothing but the second step (or, with no factor yet, setting one up) and signing
    out; every other page, the admin site included, sends them to it (issue 9 §3).
    The API refuses such a session itself (`VerifiedSessionAuthentication`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if getattr(view_func, "login_required", True) is False:
            return None  # open to anyone signed out: nothing more for a half sign-in
        # rest_framework.views reads the API settings, which name this module's neighbour.
        from rest_framework.views import APIView

        view_class = getattr(view_func, "cls", None)
        if isinstance(view_class, type) and issubclass(view_class, APIView):
            return None
        step = getattr(view_func, "second_factor_step", None)
        enrolled = has_second_factor(user)
        if step == ANY_STEP or step == (VERIFYING if enrolled else ENROLLING):
            return None
        target = "second-factor-verify" if enrolled else "second-factor-set-up"
        return redirect_to_login(request.get_full_path(), reverse(target))


def is_verified(user) -> bool:
    """Whether `user` (as the OTP middleware leaves it) has given their second factor."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


class PasskeyRegistrationCompleteView(CompleteCredentialRegistrationView):
    """django-otp-webauthn's last registration step, audited like every other factor."""

    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        device = WebAuthnCredential.objects.get(pk=json.loads(response.content)["id"])
        passkey_registered(user=self.request.user, device=device)
        recovery_codes_first_set(self.request)
        return response
