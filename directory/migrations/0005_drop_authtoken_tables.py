from django.db import migrations


class Migration(migrations.Migration):
    """DRF's authtoken app kept every API token's key in clear (issue 9 §1, §3); the portal's
    own ApiToken keeps only digests. The app is no longer installed, so its tables and the
    keys in them go: every client signs in again, now with a one-time code."""

    dependencies = [("directory", "0004_api_tokens_clearance_reviews")]

    operations = [
        migrations.RunSQL(
            "DROP TABLE IF EXISTS authtoken_token CASCADE;",
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
