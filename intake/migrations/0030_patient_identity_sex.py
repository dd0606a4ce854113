"""Each patient gets a random UUID, the identity the FHIR export gives them (a primary key comes
back for another person after a restore or a rebuilt database), and the intake's first step asks
sex and, optionally, gender identity.

Patients already stored get a UUID each here (a column default would give them all the same
one); their sex stays blank, which the export says was never asked.
"""

import uuid

from django.db import migrations, models

SEXES = [
    ("female", "Female"),
    ("male", "Male"),
    ("other", "Another sex (for example intersex or X)"),
    ("declined", "I would rather not say"),
]


def give_each_patient_a_uuid(apps, schema_editor):
    Patient = apps.get_model("intake", "Patient")
    for patient in Patient.objects.filter(uuid__isnull=True).only("pk").iterator():
        Patient.objects.filter(pk=patient.pk).update(uuid=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("intake", "0029_accent_blind_name_search")]

    operations = [
        migrations.AddField(
            model_name="patient",
            name="uuid",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(give_each_patient_a_uuid, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="patient",
            name="uuid",
            field=models.UUIDField(
                "patient identity", default=uuid.uuid4, unique=True, editable=False
            ),
        ),
        migrations.AddField(
            model_name="patient",
            name="sex",
            field=models.CharField(blank=True, choices=SEXES, max_length=10),
        ),
        migrations.AddField(
            model_name="patient",
            name="gender_identity",
            field=models.CharField(
                blank=True,
                help_text="In the patient's own words, when they gave it.",
                max_length=100,
            ),
        ),
    ]
