from directory.choices import ContactAudience, Marking
from tests.authorization import (
    EVERYONE,
    NCA,
    NCA_PERSONAS,
    SIGNED_IN,
    Case,
    admin_page,
    api,
    only,
    page,
)
from tests.factories import ContactPointFactory, organisation, totp_device


def records(people):
    nca = organisation(NCA)
    ersou = organisation("Eastern Region Special Operations Unit")
    return {
        "kent": organisation("Kent Police").pk,
        "open_route": ContactPointFactory(organisation=nca).pk,
        "secret_route": ContactPointFactory(
            organisation=nca, marking=Marking.SECRET, audience=ContactAudience.OWN_ORGANISATION
        ).pk,
        "ersou_route": ContactPointFactory(
            organisation=ersou,
            marking=Marking.OFFICIAL_SENSITIVE,
            audience=ContactAudience.OWN_ORGANISATION,
        ).pk,
        "force_officer": people["force_officer"].pk,
        "force_officer_app": totp_device(people["force_officer"]).pk,
        "admin": people["admin"].pk,
    }


MATRIX = {
    "home": [page("/")],
    "login": [Case("/sign-in/", {"anonymous": 200, **dict.fromkeys(SIGNED_IN, 302)})],
    "logout": [Case("/sign-out/", dict.fromkeys(EVERYONE, 302), method="post")],
    "accessibility": [Case("/accessibility/", dict.fromkeys(EVERYONE, 200))],
    "healthz": [Case("/healthz", dict.fromkeys(EVERYONE, 200))],
    "favicon": [Case("/favicon.ico", dict.fromkeys(EVERYONE, 301))],
    "directory:organisations": [page("/directory/"), page("/directory/?kind=rocu")],
    "directory:organisation": [
        page("/directory/{kent}/"),
        page("/directory/999999/", **dict.fromkeys(SIGNED_IN, 404)),
    ],
    "api-token": [Case("/api/auth/token/", dict.fromkeys(EVERYONE, 400), method="post")],
    "api-me": [api("/api/me/")],
    "api-schema": [api("/api/schema/")],
    "api-docs": [page("/api/docs/")],
    "organisation-list": [api("/api/organisations/")],
    "organisation-detail": [api("/api/organisations/{kent}/")],
    "region-list": [api("/api/regions/")],
    "region-detail": [api("/api/regions/eastern/")],
    "contact-point-list": [api("/api/contact-points/")],
    "contact-point-detail": [
        api("/api/contact-points/{open_route}/"),
        # NCA-only and SECRET: the NCA's people vetted SC and above.
        only(NCA_PERSONAS, "/api/contact-points/{secret_route}/"),
        # ERSOU's own route: ERSOU and the NCA, not another ROCU or a force.
        only([*NCA_PERSONAS, "outsider", "low_clearance"], "/api/contact-points/{ersou_route}/"),
    ],
    "admin": [
        admin_page("/admin/"),
        admin_page("/admin/directory/organisation/"),
        admin_page("/admin/audit/accessevent/"),
    ],
}

# Two-factor sign-in (issue 9 §3): each person's own factors; resets by administrators.
MATRIX |= {
    # Everyone walked here has given their second factor: the step sends them on.
    "second-factor-verify": [Case("/sign-in/second-factor/", dict.fromkeys(EVERYONE, 302))],
    "second-factors": [page("/second-factor/")],
    "second-factor-set-up": [page("/second-factor/set-up/")],
    "second-factor-set-up-app": [page("/second-factor/set-up/app/")],
    "second-factor-set-up-passkey": [page("/second-factor/set-up/passkey/")],
    "second-factor-set-up-done": [
        Case("/second-factor/set-up/done/", dict.fromkeys(EVERYONE, 302))
    ],
    "second-factor-recovery-codes": [page("/second-factor/recovery-codes/")],
    # The force officer's own authenticator app: nobody else's to remove.
    "second-factor-remove": [
        only(["force_officer"], "/second-factor/app/{force_officer_app}/remove/", signed_out=302),
        page("/second-factor/app/999999/remove/", **dict.fromkeys(SIGNED_IN, 404)),
    ],
    # Only an administrator resets a person's factors; those who may see the person but
    # not change their account are refused, the others find no such person.
    "directory:second-factor-reset": [
        Case(
            "/directory/people/{force_officer}/second-factor/reset/",
            {
                "anonymous": 302,
                **dict.fromkeys(SIGNED_IN, 404),
                **dict.fromkeys([*NCA_PERSONAS, "low_clearance", "chief_officer"], 403),
                "force_officer": 403,
                "admin": 200,
            },
        ),
        # Not their own.
        Case(
            "/directory/people/{admin}/second-factor/reset/",
            {
                "anonymous": 302,
                **dict.fromkeys(SIGNED_IN, 404),
                **dict.fromkeys([*NCA_PERSONAS, "low_clearance"], 403),
            },
        ),
    ],
    # django-otp-webauthn's ceremonies answer POST only.
    "otp_webauthn:credential-registration-begin": [
        Case("/passkeys/registration/begin/", {"anonymous": 302, **dict.fromkeys(SIGNED_IN, 405)})
    ],
    "otp_webauthn:credential-registration-complete": [
        Case(
            "/passkeys/registration/complete/",
            {"anonymous": 302, **dict.fromkeys(SIGNED_IN, 405)},
        )
    ],
    "otp_webauthn:credential-authentication-begin": [
        Case(
            "/passkeys/authentication/begin/",
            {"anonymous": 302, **dict.fromkeys(SIGNED_IN, 405)},
        )
    ],
    "otp_webauthn:credential-authentication-complete": [
        Case(
            "/passkeys/authentication/complete/",
            {"anonymous": 302, **dict.fromkeys(SIGNED_IN, 405)},
        )
    ],
    "otp_webauthn:js-i18n-catalog": [Case("/passkeys/jsi18n/", dict.fromkeys(EVERYONE, 200))],
}
