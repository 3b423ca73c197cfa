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
from tests.factories import ContactPointFactory, organisation


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
