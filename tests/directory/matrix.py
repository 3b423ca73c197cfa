from directory.choices import ContactAudience, Marking, Role
from directory.services import api_token_issue
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
from tests.conftest import person
from tests.factories import ContactPointFactory, organisation, totp_device


def records(people):
    nca = organisation(NCA)
    ersou = organisation("Eastern Region Special Operations Unit")
    # A token of someone who is none of the personas: nobody walked may revoke it.
    owner = person("token-owner", "Kent Police", Role.FORCE_OFFICER)
    kent_token, _ = api_token_issue(actor=owner, name="Kent scripts")
    return {
        "kent_token": kent_token.pk,
        "kent": organisation("Kent Police").pk,
        "open_route": ContactPointFactory(organisation=nca).pk,
        "secret_route": ContactPointFactory(
            organisation=nca, marking=Marking.SECRET, audience=ContactAudience.OWN_ORGANISATION
        ).pk,
        "top_secret_route": ContactPointFactory(organisation=nca, marking=Marking.TOP_SECRET).pk,
        "ersou_route": ContactPointFactory(
            organisation=ersou,
            marking=Marking.OFFICIAL_SENSITIVE,
            audience=ContactAudience.OWN_ORGANISATION,
        ).pk,
        "force_officer": people["force_officer"].pk,
        "force_officer_app": totp_device(people["force_officer"]).pk,
        "admin": people["admin"].pk,
    }


ADMIN_CHANGELISTS = [
    "directory/organisation", "directory/region", "directory/contactpoint", "directory/user",
    "directory/rolegrant", "audit/accessevent", "activity/activityentry",
    "engagement/engagementsettings", "engagement/directioneligibility", "engagement/direction",
    "engagement/pccnotice", "notifications/outboxemail", "engagement/intelligencereport",
    "engagement/informationrequest", "engagement/engagementevent", "engagement/standinginvitee",
    "governance/governancegroup", "governance/cadence", "governance/feed", "governance/meeting",
    "governance/agendaitem", "governance/paper", "governance/minutes", "governance/decision",
    "governance/action", "governance/strategicproduct", "governance/productversion",
    "governance/dbmpack", "pghistory/events", "axes/accessattempt", "axes/accesslog",
    "axes/accessfailurelog", "django_celery_beat/periodictask",
    "django_celery_beat/clockedschedule", "django_celery_beat/crontabschedule",
    "django_celery_beat/solarschedule", "django_celery_beat/intervalschedule",
    "commitments/commitmentsettings",
]  # fmt: skip

# Directions and the notices they owe are for the DG, DDG, Directors and tasking officers
# (engagement.rules.DIRECTION_READERS): not for the portal administrator either.
NOT_FOR_ADMIN = {"engagement/direction", "engagement/pccnotice"}

MATRIX = {
    "home": [page("/")],
    "login": [Case("/sign-in/", {"anonymous": 200, **dict.fromkeys(SIGNED_IN, 302)})],
    "logout": [Case("/sign-out/", dict.fromkeys(EVERYONE, 302), method="post")],
    "accessibility": [Case("/accessibility/", dict.fromkeys(EVERYONE, 200))],
    "help-documents": [page("/help/documents/")],
    "healthz": [Case("/healthz", dict.fromkeys(EVERYONE, 200))],
    "favicon": [Case("/favicon.ico", dict.fromkeys(EVERYONE, 301))],
    "directory:organisations": [page("/directory/"), page("/directory/?kind=rocu")],
    "directory:regions": [page("/directory/regions/")],
    "directory:organisation": [
        page("/directory/{kent}/"),
        page("/directory/999999/", **dict.fromkeys(SIGNED_IN, 404)),
    ],
    # Without credentials, a token is refused (400 naming the fields); only a token, never
    # a session, revokes itself.
    "api-token": [
        Case("/api/auth/token/", dict.fromkeys(EVERYONE, 400), method="post"),
        Case("/api/auth/token/", dict.fromkeys(EVERYONE, 401), method="delete"),
    ],
    "api-tokens": [page("/account/tokens/")],
    # Each person's own tokens only: another's answers like a token that does not exist.
    "api-token-revoke": [
        page("/account/tokens/{kent_token}/revoke/", **dict.fromkeys(SIGNED_IN, 404)),
        page("/account/tokens/999999/revoke/", **dict.fromkeys(SIGNED_IN, 404)),
    ],
    "sign-out-everywhere": [page("/account/sign-out-everywhere/")],
    "password-change": [page("/account/password/")],
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
    # The admin site: every registered model's list (tests/test_authorization.py checks
    # that none is missing), pages that change records, and pages of secrets, which do
    # not exist. A record the administrator may not see redirects to the index (302).
    "admin": [
        admin_page("/admin/"),
        *(
            admin_page(f"/admin/{changelist}/", admin=403 if changelist in NOT_FOR_ADMIN else 200)
            for changelist in ADMIN_CHANGELISTS
        ),
        admin_page("/admin/directory/organisation/{kent}/change/"),
        admin_page("/admin/directory/organisation/add/"),
        admin_page("/admin/directory/contactpoint/{secret_route}/change/"),
        admin_page("/admin/directory/contactpoint/{top_secret_route}/change/", admin=302),
        admin_page("/admin/directory/user/add/", admin=403),
        admin_page("/admin/directory/rolegrant/add/"),
        admin_page("/admin/engagement/direction/add/", admin=403),
        admin_page("/admin/engagement/directioneligibility/add/"),
        admin_page("/admin/engagement/engagementevent/add/", admin=403),
        admin_page("/admin/governance/meeting/add/", admin=403),
        admin_page("/admin/governance/decision/add/", admin=403),
        admin_page("/admin/django_celery_beat/periodictask/add/", admin=403),
        admin_page("/admin/directory/apitoken/", admin=404),
        admin_page("/admin/otp_totp/totpdevice/", admin=404),
        admin_page("/admin/otp_static/staticdevice/", admin=404),
        admin_page("/admin/auth/group/", admin=404),
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
