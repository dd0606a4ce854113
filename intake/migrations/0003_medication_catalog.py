"""Seed the medication catalog (brief section 9) and give the staff groups their permissions.

Minimum adequate daily doses are the lower end of each label's usual effective daily dose for
depression; the clinic's clinicians review and edit them in the admin.
"""

from decimal import Decimal

from django.db import migrations

from intake.security.roles import sync_roles

ANTIDEPRESSANTS = [
    ("Citalopram", "SSRI", 20),
    ("Escitalopram", "SSRI", 10),
    ("Fluoxetine", "SSRI", 20),
    ("Paroxetine", "SSRI", 20),
    ("Sertraline", "SSRI", 50),
    ("Fluvoxamine", "SSRI", 100),
    ("Venlafaxine", "SNRI", 75),
    ("Desvenlafaxine", "SNRI", 50),
    ("Duloxetine", "SNRI", 40),
    ("Levomilnacipran", "SNRI", 40),
    ("Bupropion", "NDRI", 300),
    ("Mirtazapine", "NaSSA", 15),
    ("Trazodone", "SARI", 150),
    ("Vilazodone", "SPARI", 20),
    ("Vortioxetine", "Multimodal", 10),
    ("Amitriptyline", "TCA", 75),
    ("Nortriptyline", "TCA", 75),
    ("Imipramine", "TCA", 75),
    ("Desipramine", "TCA", 100),
    ("Phenelzine", "MAOI", 45),
    ("Tranylcypromine", "MAOI", 30),
    ("Isocarboxazid", "MAOI", 20),
]
AUGMENTATION = [
    ("Lithium", "Mood stabiliser"),
    ("Aripiprazole", "Atypical antipsychotic"),
    ("Quetiapine", "Atypical antipsychotic"),
    ("Brexpiprazole", "Atypical antipsychotic"),
    ("Liothyronine", "Thyroid hormone"),
]


def seed_catalog(apps, schema_editor):
    Medication = apps.get_model("intake", "Medication")
    for name, drug_class, dose in ANTIDEPRESSANTS:
        Medication.objects.update_or_create(
            name=name,
            defaults={
                "drug_class": drug_class,
                "kind": "antidepressant",
                "minimum_daily_dose_mg": Decimal(dose),
            },
        )
    for name, drug_class in AUGMENTATION:
        Medication.objects.update_or_create(
            name=name,
            defaults={
                "drug_class": drug_class,
                "kind": "augmentation",
                "minimum_daily_dose_mg": None,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("intake", "0002_intake_requests")]

    operations = [
        migrations.RunPython(seed_catalog, migrations.RunPython.noop),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
