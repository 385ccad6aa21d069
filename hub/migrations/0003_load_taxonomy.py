from django.db import migrations

from hub.taxonomy import load_taxonomy


def load(apps, schema_editor):
    load_taxonomy(apps.get_model("hub", "Domain"), apps.get_model("hub", "Topic"))


class Migration(migrations.Migration):
    dependencies = [("hub", "0002_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
