from django.db import migrations


def nobody_is_a_superuser(apps, schema_editor):
    """Issue 9 §1: the administrator role is staff, never a superuser."""
    apps.get_model("directory", "User").objects.filter(is_superuser=True).update(is_superuser=False)


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_role_grants")]

    operations = [migrations.RunPython(nobody_is_a_superuser, migrations.RunPython.noop)]
