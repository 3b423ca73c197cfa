"""Governance's own notifications move into the notification centre, read or unread as
they were, before the table is dropped. Their e-mails were sent (or given up) when they
were written, so none is owed again."""

from django.db import migrations


def kind_of(text: str) -> str:
    if "minutes" in text and "amendments" in text:
        return "minutes_circulated"
    if " gave you " in text or text.startswith("You now own "):
        return "action_given"
    return "action_due"


def move_into_the_centre(apps, schema_editor):
    Old = apps.get_model("governance", "Notification")
    New = apps.get_model("notifications", "Notification")
    for old in Old.objects.all().iterator():
        new = New.objects.create(
            recipient_id=old.recipient_id, kind=kind_of(old.text), text=old.text,
            link=old.link or "/", marking="official", delivery="at_once", read_at=old.read_at,
        )  # fmt: skip
        New.objects.filter(pk=new.pk).update(created_at=old.created_at)


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0001_initial"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(move_into_the_centre, migrations.RunPython.noop),
        migrations.DeleteModel(name="Notification"),
    ]
