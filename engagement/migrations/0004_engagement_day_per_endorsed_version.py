import django.db.models.functions.datetime
from django.db import migrations, models


class Migration(migrations.Migration):
    """An engagement day is keyed on the endorsed NSA version, and a year has at most one
    (PCC §17)."""

    dependencies = [
        ("engagement", "0003_outbox_moves_to_notification_centre"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="engagementevent",
            name="one_engagement_day_per_endorsed_nsa",
        ),
        migrations.RenameField(
            model_name="engagementevent",
            old_name="nsa_product_id",
            new_name="nsa_version_id",
        ),
        migrations.AlterField(
            model_name="engagementevent",
            name="nsa_version_id",
            field=models.CharField(
                blank=True,
                help_text="The endorsed NSA version that set off the day.",
                max_length=64,
            ),
        ),
        migrations.AddConstraint(
            model_name="engagementevent",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("kind", "engagement_day"), models.Q(("nsa_version_id", ""), _negated=True)
                ),
                fields=("nsa_version_id",),
                name="one_engagement_day_per_endorsed_nsa",
            ),
        ),
        migrations.AddConstraint(
            model_name="engagementevent",
            constraint=models.UniqueConstraint(
                django.db.models.functions.datetime.ExtractYear("endorsed_on"),
                condition=models.Q(("endorsed_on__isnull", False), ("kind", "engagement_day")),
                name="at_most_one_engagement_day_a_year",
            ),
        ),
    ]
