"""Fills in who endorses and who develops the products already in a database, in a
transaction of its own: the new columns' indexes are made when 0007 commits, and the
updates here leave deferred constraint checks that PostgreSQL would not index past."""

from django.db import migrations

# What structure.yaml said when who endorses what moved into it, for products loaded
# before: the next `load_reference_data` keeps them in step with the file from then on.
ENDORSED_IN = {
    "nsa": "OP Annex C ¶1; PCC Annex B ¶1",
    "ncs": "OP Annex C ¶1; PCC Annex B ¶1",
    "nir": "OP Annex C ¶1; PCC Annex B ¶1",
    "rsa": "OP Annex C ¶1; PCC Annex B ¶1",
    "rcs": "OP Annex C ¶1; PCC Annex B ¶1",
    "rca": "OP Annex C ¶1; PCC Annex B ¶1",
    "nta": "OP Annex C ¶2; PCC Annex B ¶2",
    "rta": "OP Annex C ¶2; PCC Annex B ¶2",
    "hrs": "OP Annex C ¶2; PCC Annex B ¶2",
    "sap": "PCC Annex B ¶2; OP footnote 12",
}


def fill_in(apps, schema_editor):
    product = apps.get_model("governance", "StrategicProduct")
    group = apps.get_model("governance", "GovernanceGroup")
    for kind, paragraph in ENDORSED_IN.items():
        product.objects.filter(kind=kind).update(endorsed_in=paragraph)
    nsig = group.objects.filter(slug="nsig").first()
    if nsig is not None:
        product.objects.filter(kind__in=["nsa", "ncs", "nir"]).update(
            prepared_through=nsig, prepared_in="OP Annex C ¶1"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0007_products_endorsing_and_preparing_groups_as_data"),
    ]

    operations = [
        migrations.RunPython(fill_in, migrations.RunPython.noop),
    ]
