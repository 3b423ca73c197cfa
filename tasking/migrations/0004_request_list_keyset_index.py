from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tasking", "0003_request_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="taskingrequest",
            name="request_newest_first",
        ),
        migrations.AddIndex(
            model_name="taskingrequest",
            index=models.Index(fields=["-created_at", "-id"], name="request_newest_first"),
        ),
    ]
