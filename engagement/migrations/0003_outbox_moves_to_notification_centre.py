"""Engagement's own outbox is retired for the notification centre's: every e-mail it
still owed moves there, unsent, and a notice it had not yet delivered is delivered now
(as a direction's own transaction now does), before its tables are dropped."""

from django.core.mail import make_msgid
from django.db import migrations
from django.utils import timezone

from engagement.rules import acknowledgement_due_on

DELIVERY, ESCALATION = "notice_delivery", "notice_escalation"
KIND = {DELIVERY: "pcc_notice", ESCALATION: "pcc_notice_overdue"}


def _tell(apps, recipient, *, kind, text, link, address, subject, body):
    Notification = apps.get_model("notifications", "Notification")
    CentreEmail = apps.get_model("notifications", "OutboxEmail")
    email = None
    if address:
        email = CentreEmail.objects.create(
            recipient=recipient, address=address, subject=subject[:200], body=body,
            message_id=make_msgid(domain="nca-portal"),
        )  # fmt: skip
    Notification.objects.create(
        recipient=recipient, kind=kind, text=text[:300], link=link, marking="official",
        delivery="at_once", email=email,
    )  # fmt: skip


def move_unsent_into_the_centre(apps, schema_editor):
    OutboxMessage = apps.get_model("engagement", "OutboxMessage")
    EngagementSettings = apps.get_model("engagement", "EngagementSettings")
    User = apps.get_model("directory", "User")
    now = timezone.now()
    for message in OutboxMessage.objects.filter(completed_at__isnull=True).select_related(
        "notice__governing_body", "notice__force"
    ):
        notice = message.notice
        link = f"/engagement/notices/{notice.pk}/"
        if message.applied_at is not None:
            for email in message.emails.filter(sent_at__isnull=True).select_related("recipient"):
                _tell(
                    apps, email.recipient, kind=KIND[message.kind], text=email.subject,
                    link=link, address=email.address, subject=email.subject, body=email.body,
                )  # fmt: skip
            continue
        if message.kind == DELIVERY:
            working_days = EngagementSettings.objects.get_or_create(pk=1)[0]
            notice.delivered_at = now
            notice.acknowledgement_due_on = acknowledgement_due_on(
                timezone.localdate(now), working_days.acknowledgement_working_days
            )
            notice.save(update_fields=["delivered_at", "acknowledgement_due_on"])
            recipients = User.objects.filter(
                organisation=notice.governing_body, roles__contains=["pcc_office"]
            )
            text = (
                f"The Director General of the National Crime Agency has given "
                f"{notice.governing_body.name} notice of a direction concerning "
                f"{notice.force.name} (PCC §20). Read it and acknowledge it by "
                f"{notice.acknowledgement_due_on:%d %B %Y}."
            )
        else:
            recipients = User.objects.filter(
                organisation__kind="nca", roles__contains=["director_general"]
            )
            text = (
                f"{notice.governing_body.name} has not acknowledged a notice concerning "
                f"{notice.force.name}. It has been escalated to the Director General's office."
            )
        for person in recipients.filter(is_active=True):
            _tell(
                apps, person, kind=KIND[message.kind], text=text, link=link,
                address=person.email, subject=f"NCA portal: {text}"[:200],
                body=f"{text}\n\nSign in to the portal to see it: {link}\n",
            )  # fmt: skip


def stop_the_old_sweeper(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task="engagement.tasks.deliver_pending_notices").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("engagement", "0002_eligibility_history"),
        ("notifications", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(move_unsent_into_the_centre, migrations.RunPython.noop),
        migrations.RunPython(stop_the_old_sweeper, migrations.RunPython.noop),
        migrations.DeleteModel(name="OutboxEmail"),
        migrations.DeleteModel(name="OutboxMessage"),
    ]
