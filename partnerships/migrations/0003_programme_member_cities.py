import modelcluster.fields
from django.db import migrations

# Before this migration the relation was a field of the city profile, in the hub app,
# whose table databases created by earlier versions still hold. Its rows move here.
LEGACY_TABLE = "hub_cityprofilepage_programmes"


def move_memberships(apps, schema_editor):
    connection = schema_editor.connection
    if LEGACY_TABLE not in connection.introspection.table_names():
        return
    ProgrammePage = apps.get_model("partnerships", "ProgrammePage")
    through = ProgrammePage.member_cities.through
    quoted = schema_editor.quote_name(LEGACY_TABLE)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT programmepage_id, cityprofilepage_id FROM {quoted}")  # noqa: S608
        rows = cursor.fetchall()
    through.objects.bulk_create(
        [through(programmepage_id=p, cityprofilepage_id=c) for p, c in rows],
        ignore_conflicts=True,
    )
    schema_editor.execute(f"DROP TABLE {quoted}")


class Migration(migrations.Migration):
    dependencies = [
        ("hub", "0004_clear_validation_messages"),
        ("partnerships", "0002_programme_rules_partnerships_rounds"),
    ]

    operations = [
        migrations.AddField(
            model_name="programmepage",
            name="member_cities",
            field=modelcluster.fields.ParentalManyToManyField(
                blank=True,
                help_text="The cities taking part in this programme.",
                related_name="programmes",
                to="hub.cityprofilepage",
            ),
        ),
        migrations.RunPython(move_memberships, migrations.RunPython.noop),
    ]
