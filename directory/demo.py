"""Demonstration people and contact points for a local portal. Not reference data:
the names are invented, the telephone numbers are from Ofcom's drama ranges and the
e-mail domains are reserved (.example).

The demo is one region's week: the eastern region, where Kent Police and Essex Police
belong to the Eastern Region Special Operations Unit (ERSOU). Its ROCU officer, the
NCA's ROCC posted there, a Kent officer and chief officer, and the Kent and Essex PCC
offices share a story with the NCA (tasking/demo.py, engagement/demo.py,
governance/demo.py), so that each demo person's home page shows a connected picture."""

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from .choices import Clearance, ContactAudience, Marking, Role
from .models import ContactPoint, Organisation
from .reference import Tally, upsert
from .services import user_create_or_update
from .two_factor import totp_device_register, totp_key

PASSWORD = "Demo-portal-2026!"
# Every demo person's authenticator app holds this secret, so that one entry in an app
# signs in as any of them; `manage.py demo_codes` prints the current code instead. It is
# public, here: it exists in the demo data only and nothing else accepts it.
DEMO_TOTP_SECRET = "DEMOONLYNCAPORTALDEMOONLYNCAPORT"
DEMO_DEVICE_NAME = "Demo authenticator app"

# username, first, last, organisation, roles, clearance, posted to
PEOPLE = [
    ("dg", "Dana", "Grant", "National Crime Agency", [Role.DIRECTOR_GENERAL], Clearance.DV, None),
    ("ddg", "Dev", "Dhillon", "National Crime Agency", [Role.DEPUTY_DIRECTOR_GENERAL], Clearance.DV, None),
    ("director", "Ruth", "Okafor", "Intelligence and Operations Directorate", [Role.DIRECTOR], Clearance.DV, None),
    ("tasking", "Tom", "Ashworth", "National Crime Agency", [Role.TASKING_OFFICER], Clearance.SC, None),
    ("analyst", "Amira", "Nasser", "National Intelligence Hub", [Role.ANALYST], Clearance.SC, None),
    ("secretariat", "Sam", "Ellis", "National Crime Agency", [Role.SECRETARIAT], Clearance.SC, None),
    ("rocc", "Rob", "Carver", "National Crime Agency", [Role.ROCC], Clearance.SC,
     "Eastern Region Special Operations Unit"),
    ("rocu", "Olivia", "Reid", "Eastern Region Special Operations Unit", [Role.ROCU_OFFICER], Clearance.SC, None),
    ("force", "Frank", "Osei", "Kent Police", [Role.FORCE_OFFICER], Clearance.CTC, None),
    ("chief", "Catherine", "Hale", "Kent Police", [Role.CHIEF_OFFICER], Clearance.SC, None),
    ("partner", "Priya", "Patel", "HM Revenue and Customs", [Role.PARTNER_OFFICER], Clearance.SC, None),
    ("pcc", "Paul", "Chandler", "Police and Crime Commissioner for Kent", [Role.PCC_OFFICE], Clearance.BPSS, None),
    ("admin", "Alex", "Morgan", "National Crime Agency", [Role.ADMIN], Clearance.SC, None),
    ("essex-pcc", "Emma", "Price", "Police, Fire and Crime Commissioner for Essex", [Role.PCC_OFFICE],
     Clearance.BPSS, None),
]  # fmt: skip

# organisation, name, purpose, telephone, e-mail, hours, audience, marking
CONTACT_POINTS = [
    ("National Crime Agency", "NCA Control Centre",
     "Round-the-clock contact with the NCA for urgent operational matters (OP Annex E).",
     "0113 496 0000", "control-centre@nca.example", "24 hours", ContactAudience.ALL_PARTNERS, Marking.OFFICIAL),
    ("National Crime Agency", "National Tasking and Coordination desk",
     "Requests for NCA support or capabilities, and deconfliction queries.",
     "0113 496 0001", "tasking@nca.example", "Monday to Friday, 8am to 6pm",
     ContactAudience.ALL_PARTNERS, Marking.OFFICIAL_SENSITIVE),
    ("National Crime Agency", "Covert operations liaison",
     "Liaison for covert-asset requests already agreed at a regional tactical group.",
     "0113 496 0002", "", "24 hours", ContactAudience.OWN_ORGANISATION, Marking.SECRET),
    ("Eastern Region Special Operations Unit", "Regional tasking desk",
     "Requests into the eastern region's tasking process.",
     "01632 960000", "tasking@ersou.example", "Monday to Friday, 8am to 6pm",
     ContactAudience.ALL_PARTNERS, Marking.OFFICIAL_SENSITIVE),
    ("Eastern Region Special Operations Unit", "Covert units duty officer",
     "Deconfliction of covert activity in the region.",
     "01632 960001", "", "24 hours", ContactAudience.OWN_ORGANISATION, Marking.SECRET),
    ("Kent Police", "Force control room", "The force's control room for live operational matters.",
     "01632 960100", "control.room@kent.example", "24 hours", ContactAudience.ALL_PARTNERS, Marking.OFFICIAL),
]  # fmt: skip


@transaction.atomic
def load() -> dict[str, Tally]:
    people, contacts, apps = Tally(), Tally(), Tally()
    for username, first, last, organisation, roles, clearance, posted_to in PEOPLE:
        user, created = user_create_or_update(
            username=username,
            password=PASSWORD,
            organisation_name=organisation,
            roles=roles,
            clearance=clearance,
            posted_to_name=posted_to,
            first_name=first,
            last_name=last,
            email=f"{username}@portal.example",
        )
        people.count(created, not created)
        had_app = demo_device(username) is not None
        totp_device_register(user=user, base32_secret=DEMO_TOTP_SECRET, name=DEMO_DEVICE_NAME)
        apps.count(not had_app, False)
    for organisation, name, purpose, telephone, email, hours, audience, marking in CONTACT_POINTS:
        _, created, changed = upsert(
            ContactPoint,
            {"organisation": Organisation.objects.get(name=organisation), "name": name},
            {
                "purpose": purpose,
                "telephone": telephone,
                "email": email,
                "hours": hours,
                "audience": audience,
                "marking": marking,
            },
        )
        contacts.count(created, changed)
    return {"people": people, "authenticator apps": apps, "contact points": contacts}


def demo_device(username: str) -> TOTPDevice | None:
    """The demo authenticator app of a demo person, if the demo data gave them one."""
    if username not in {row[0] for row in PEOPLE}:
        return None
    return TOTPDevice.objects.filter(
        user__username=username,
        name=DEMO_DEVICE_NAME,
        key=totp_key(DEMO_TOTP_SECRET).hex(),
        confirmed=True,
    ).first()


def loaded() -> bool:
    """Whether this database holds the demo data: its people's shared authenticator app
    is what the demo loader writes, and nothing else can."""
    return TOTPDevice.objects.filter(
        name=DEMO_DEVICE_NAME, key=totp_key(DEMO_TOTP_SECRET).hex(), confirmed=True
    ).exists()


def sign_ins() -> list[tuple[str, str, str, str]]:
    return [
        (username, ", ".join(Role(role).label for role in roles), organisation, clearance.label)
        for username, _, _, organisation, roles, clearance, _ in PEOPLE
    ]
