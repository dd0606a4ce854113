"""The catalog's RxNorm ingredient code (RxCUI) and where it was read, for the FHIR export.

Every catalog row is visited; a row gets the code read for its ingredient in RxNorm's release
data (below, with where), never a guessed one: a wrong RxCUI would file a trial under another
drug in the EHR. A row an administrator already filled is never overwritten, and an
administrator can correct any code in the admin (Medication: "RxNorm ingredient code").
"""

from django.core.validators import RegexValidator
from django.db import migrations, models

# Where the codes were read (December 7, 2026). NLM's RxNav itself could not be reached from
# here, so each code was read in copies of RxNorm's own release data and checked against a
# second, independent table:
RELEASE_DATA = (
    "RxNorm release 2025-10-06 (TTY=IN), as extracted in github.com/davidanderson3/"
    "rxnorm-ingredients@a8fcf13; agrees with CPIC's drug table (github.com/cpicpgx/cpic-data) "
    "and github.com/pwatrick/DrugRepurposingToolKit@d4f06c8; read 2026-12-07"
)
# Amitriptyline and aripiprazole were missing from the first extract: two tables that use them
# as the ingredient code agree, but neither prints the term type.
INGREDIENT_TABLES = (
    "CPIC's drug table (github.com/cpicpgx/cpic-data, V2__initial_data.sql, rxnormid) and "
    "github.com/pwatrick/DrugRepurposingToolKit@d4f06c8 (ddi_rxcui2in, the ingredient of every "
    "product), which agree; not yet checked in RxNav; read 2026-12-07"
)
# Lithium is prescribed as lithium carbonate, which RxNorm keeps as an ingredient of its own
# (42351, the ingredient of every lithium carbonate capsule and tablet), not as a salt of
# "lithium" (6448). The selegiline transdermal system's ingredient is selegiline (9639).

# Catalog name -> (RxCUI, where it was read). None: not checked.
RXNORM: dict[str, tuple[str, str] | None] = {
    "Citalopram": ("2556", RELEASE_DATA),
    "Escitalopram": ("321988", RELEASE_DATA),
    "Fluoxetine": ("4493", RELEASE_DATA),
    "Paroxetine": ("32937", RELEASE_DATA),
    "Sertraline": ("36437", RELEASE_DATA),
    "Fluvoxamine": ("42355", RELEASE_DATA),
    "Venlafaxine": ("39786", RELEASE_DATA),
    "Desvenlafaxine": ("734064", RELEASE_DATA),
    "Duloxetine": ("72625", RELEASE_DATA),
    "Levomilnacipran": ("1433212", RELEASE_DATA),
    "Bupropion": ("42347", RELEASE_DATA),
    "Mirtazapine": ("15996", RELEASE_DATA),
    "Trazodone": ("10737", RELEASE_DATA),
    "Vilazodone": ("1086769", RELEASE_DATA),
    "Vortioxetine": ("1455099", RELEASE_DATA),
    "Amitriptyline": ("704", INGREDIENT_TABLES),
    "Nortriptyline": ("7531", RELEASE_DATA),
    "Imipramine": ("5691", RELEASE_DATA),
    "Desipramine": ("3247", RELEASE_DATA),
    "Clomipramine": ("2597", RELEASE_DATA),
    "Doxepin": ("3638", RELEASE_DATA),
    "Phenelzine": ("8123", RELEASE_DATA),
    "Tranylcypromine": ("10734", RELEASE_DATA),
    "Isocarboxazid": ("6011", RELEASE_DATA),
    "Selegiline transdermal (Emsam)": ("9639", RELEASE_DATA),
    "Lithium": ("42351", RELEASE_DATA),
    "Aripiprazole": ("89013", INGREDIENT_TABLES),
    "Quetiapine": ("51272", RELEASE_DATA),
    "Brexpiprazole": ("1658314", RELEASE_DATA),
    "Liothyronine": ("10814", RELEASE_DATA),
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
    dependencies = [("intake", "0030_patient_identity_sex")]

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
