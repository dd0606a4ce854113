"""The catalog's RxNorm ingredient code (RxCUI) and where it was read, for the FHIR export.

Every catalog row is visited; a row gets a code only when the code was read for that ingredient
in RxNorm's own pages (RxNav). None could be read while this was written (RxNav was not
reachable from here and no copy of its pages could be found), so every row below says "not
checked" and keeps a blank code: a guessed RxCUI would file a trial under another drug in the
EHR. An administrator fills the codes in the admin (Medication: "RxNorm ingredient code"), and a
later migration may add them here once read. A row an administrator already filled is never
overwritten.
"""

from django.core.validators import RegexValidator
from django.db import migrations, models

# Catalog name -> (RxCUI, where it was read), for codes read in RxNav. None: not checked.
RXNORM: dict[str, tuple[str, str] | None] = {
    name: None
    for name in (
        "Citalopram",
        "Escitalopram",
        "Fluoxetine",
        "Paroxetine",
        "Sertraline",
        "Fluvoxamine",
        "Venlafaxine",
        "Desvenlafaxine",
        "Duloxetine",
        "Levomilnacipran",
        "Bupropion",
        "Mirtazapine",
        "Trazodone",
        "Vilazodone",
        "Vortioxetine",
        "Amitriptyline",
        "Nortriptyline",
        "Imipramine",
        "Desipramine",
        "Clomipramine",
        "Doxepin",
        "Phenelzine",
        "Tranylcypromine",
        "Isocarboxazid",
        "Selegiline transdermal (Emsam)",
        "Lithium",
        "Aripiprazole",
        "Quetiapine",
        "Brexpiprazole",
        "Liothyronine",
    )
}


def fill_codes(apps, schema_editor):
    Medication = apps.get_model("intake", "Medication")
    for medication in Medication.objects.filter(rxnorm_code=""):
        found = RXNORM.get(medication.name)
        if found is None:
            continue
        medication.rxnorm_code, medication.rxnorm_source = found
        medication.save(update_fields=["rxnorm_code", "rxnorm_source"])


class Migration(migrations.Migration):
    dependencies = [("intake", "0028_patient_identity_sex")]

    operations = [
        migrations.AddField(
            model_name="medication",
            name="rxnorm_code",
            field=models.CharField(
                blank=True,
                help_text="The ingredient's RxCUI (term type IN), as RxNav shows it; blank if "
                "not checked.",
                max_length=12,
                validators=[
                    RegexValidator("^[1-9][0-9]*$", "An RxCUI is a whole number, e.g. 36437.")
                ],
                verbose_name="RxNorm ingredient code (RxCUI)",
            ),
        ),
        migrations.AddField(
            model_name="medication",
            name="rxnorm_source",
            field=models.CharField(
                blank=True,
                help_text="Where the code was read and when, e.g. the RxNav page and the date.",
                max_length=300,
                verbose_name="RxNorm code source",
            ),
        ),
        migrations.RunPython(fill_codes, migrations.RunPython.noop),
    ]
