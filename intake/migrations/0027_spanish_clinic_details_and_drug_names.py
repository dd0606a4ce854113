"""Spanish versions for what a patient reading Spanish sees: the clinic's hours and telehealth
instructions (written by an editor in the admin) and each catalog medication's generic name.

The seed fills them where the rows still hold the seed's own English: the hours of `_content_v2`,
and the catalog's names. The Spanish generic names are those MedlinePlus en español uses for the
same drugs (https://medlineplus.gov/spanish/druginformation.html, read December 2026; checked
page by page for sertraline, a697048-es, and levomilnacipran, a613048-es), which follow the
WHO's Spanish International Nonproprietary Names; an administrator can change any of them.
"""

from django.db import migrations, models

from intake.migrations import _content_v2 as v2

SPANISH_GENERIC_NAMES = {
    "Amitriptyline": "Amitriptilina",
    "Aripiprazole": "Aripiprazol",
    "Brexpiprazole": "Brexpiprazol",
    "Bupropion": "Bupropión",
    "Citalopram": "Citalopram",
    "Clomipramine": "Clomipramina",
    "Desipramine": "Desipramina",
    "Desvenlafaxine": "Desvenlafaxina",
    "Doxepin": "Doxepina",
    "Duloxetine": "Duloxetina",
    "Escitalopram": "Escitalopram",
    "Fluoxetine": "Fluoxetina",
    "Fluvoxamine": "Fluvoxamina",
    "Imipramine": "Imipramina",
    "Isocarboxazid": "Isocarboxazida",
    "Levomilnacipran": "Levomilnacipran",
    "Liothyronine": "Liotironina",
    "Lithium": "Litio",
    "Mirtazapine": "Mirtazapina",
    "Nortriptyline": "Nortriptilina",
    "Paroxetine": "Paroxetina",
    "Phenelzine": "Fenelzina",
    "Quetiapine": "Quetiapina",
    "Selegiline": "Selegilina",
    # The row's name since migration 0025 (the transdermal system, not oral selegiline).
    "Selegiline transdermal (Emsam)": "Selegilina transdérmica (Emsam)",
    "Sertraline": "Sertralina",
    "Tranylcypromine": "Tranilcipromina",
    "Trazodone": "Trazodona",
    "Venlafaxine": "Venlafaxina",
    "Vilazodone": "Vilazodona",
    "Vortioxetine": "Vortioxetina",
}

SPANISH_HOURS = (
    "De lunes a viernes, de 8:00\u00a0a.\u00a0m. a 6:00\u00a0p.\u00a0m.; los sábados, de 9:00\u00a0a.\u00a0m. "
    "a 1:00\u00a0p.\u00a0m.; "
    "cerrado los domingos y los días festivos"
)


def seed_spanish_names(apps, schema_editor):
    medication = apps.get_model("intake", "Medication")
    for english, spanish in SPANISH_GENERIC_NAMES.items():
        medication.objects.filter(name=english, spanish_name="").update(spanish_name=spanish)
    details = apps.get_model("intake", "ClinicDetails")
    details.objects.filter(hours=v2.CLINIC_DETAILS["hours"], hours_es="").update(
        hours_es=SPANISH_HOURS
    )


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0026_staff_sign_in_safeguards"),
    ]

    operations = [
        migrations.AddField(
            model_name="clinicdetails",
            name="hours_es",
            field=models.CharField(
                blank=True,
                help_text="What patients reading Spanish see. Left empty, they see the English hours, marked as English.",
                max_length=250,
                verbose_name="opening hours, in Spanish",
            ),
        ),
        migrations.AddField(
            model_name="clinicdetails",
            name="telehealth_instructions_es",
            field=models.TextField(
                blank=True,
                help_text="Sent instead to patients who chose Spanish. Left empty, they get the English instructions.",
                max_length=1000,
                verbose_name="how to join a telehealth visit, in Spanish",
            ),
        ),
        migrations.AddField(
            model_name="historicalclinicdetails",
            name="hours_es",
            field=models.CharField(
                blank=True,
                help_text="What patients reading Spanish see. Left empty, they see the English hours, marked as English.",
                max_length=250,
                verbose_name="opening hours, in Spanish",
            ),
        ),
        migrations.AddField(
            model_name="historicalclinicdetails",
            name="telehealth_instructions_es",
            field=models.TextField(
                blank=True,
                help_text="Sent instead to patients who chose Spanish. Left empty, they get the English instructions.",
                max_length=1000,
                verbose_name="how to join a telehealth visit, in Spanish",
            ),
        ),
        migrations.AddField(
            model_name="medication",
            name="spanish_name",
            field=models.CharField(
                blank=True,
                help_text="As Spanish writes it (Sertralina), shown to patients who read Spanish, beside the brand names. Left empty, they read the English name.",
                max_length=80,
                verbose_name="generic name in Spanish",
            ),
        ),
        migrations.RunPython(seed_spanish_names, migrations.RunPython.noop),
    ]
