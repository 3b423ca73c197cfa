import datetime

import factory
from factory.django import DjangoModelFactory

from directory.choices import Clearance, ContactAudience, Marking
from directory.models import ContactPoint, Organisation, User

PASSWORD = "A-long-test-passphrase-1"


def organisation(name: str) -> Organisation:
    """An organisation of the reference data, by its official name."""
    return Organisation.objects.get(name=name)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    clearance = Clearance.SC
    roles = factory.LazyFunction(list)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ContactPointFactory(DjangoModelFactory):
    class Meta:
        model = ContactPoint

    name = factory.Sequence(lambda n: f"Desk {n}")
    purpose = "Operational contact."
    telephone = "01632 960999"
    audience = ContactAudience.ALL_PARTNERS
    marking = Marking.OFFICIAL


def totp_device(user, base32_secret: str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"):
    """A confirmed authenticator-app device for `user`; `current_code` reads its code."""
    from directory.two_factor import totp_device_register

    return totp_device_register(user=user, base32_secret=base32_secret)


def fresh_recovery_code(user) -> str:
    """A recovery code `user` has not used yet (django-otp's static device), for signing in
    over the API more than once within one authenticator time step."""
    import secrets

    from django_otp.plugins.otp_static.models import StaticDevice

    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="Recovery codes", defaults={"confirmed": True}
    )
    return device.token_set.create(token=secrets.token_hex(4)).token


def next_code(device) -> str:
    """The code a person reads off `device` to sign in now: the one it shows, or, when that
    one signed in already, the next (django-otp accepts each code once, and one step
    either side of now)."""
    import time

    from django_otp.oath import TOTP

    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    while max(totp.t(), device.last_t + 1) > totp.t() + device.tolerance:
        time.sleep(1)
        totp.time = time.time()
    totp.time += (max(totp.t(), device.last_t + 1) - totp.t()) * device.step
    return f"{totp.token():0{device.digits}d}"


def date_boxes(name: str, day, time: str | None = None) -> dict:
    """What a person types in a date field's day, month and year boxes (and its time box)."""
    boxes = {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}
    return boxes | ({f"{name}_time": time} if time is not None else {})


def held_meeting(group_slug: str, day, *, status: str = "held"):
    """A meeting of the group of the reference data on `day`, at 10:00 London time,
    recorded as held unless told otherwise."""
    from governance.models import GovernanceGroup, Meeting
    from governance.rules import local_datetime

    starts_at = local_datetime(day, datetime.time(10, 0))
    return Meeting.objects.create(
        group=GovernanceGroup.objects.get(slug=group_slug),
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        status=status,
        planned=False,
    )


def engagement_event(kind: str, day, *, region=None, senior_officer=None, endorsed_on=None):
    """An engagement day (PCC §17) or a regional meeting (PCC §18) on `day`."""
    from engagement.models import EngagementEvent

    return EngagementEvent.objects.create(
        kind=kind,
        title=f"{kind.replace('_', ' ').capitalize()} {day:%Y}",
        starts_on=day,
        region=region,
        senior_officer=senior_officer,
        endorsed_on=endorsed_on,
    )


def circulated_report(publisher, governing_body, at, *, marking="official"):
    """A key intelligence report circulated to one governing body at `at` (PCC §19)."""
    from engagement.models import IntelligenceReport, ReportCirculation

    report = IntelligenceReport.objects.create(
        title="County lines in the region",
        summary="Three groups run lines into the county.",
        marking=marking,
        handling_instruction="PCC office only.",
        source_evaluation="2",
        intelligence_assessment="B",
        handling_code="P",
        audience="chosen",
        published_by=publisher,
        published_at=at,
    )
    ReportCirculation.objects.create(report=report, governing_body=governing_body, circulated_at=at)
    return report


def request_to_nca(requester, due_at, *, status="submitted", decided_at=None, marking="official"):
    """A partner's request to the NCA, submitted a week before it falls due (OP §5)."""
    from tasking.models import TaskingRequest

    return TaskingRequest.objects.create(
        direction="to_nca",
        requester=requester,
        requesting_organisation=requester.organisation,
        addressed_organisation=organisation("National Crime Agency"),
        summary="Specialist surveillance for Operation Larch",
        how_this_assists="Covers the group's movements in the region.",
        status=status,
        marking=marking,
        submitted_at=due_at - datetime.timedelta(days=7),
        due_at=due_at,
        decided_at=decided_at,
    )
