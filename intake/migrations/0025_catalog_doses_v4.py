"""Summary rules v4's catalog: three minimums that were starting doses, and selegiline's row named
for the transdermal system it is.

Each minimum is the lower end of the usual effective daily dose for depression, read on 7 December
2026 from two sources: the drug's US label (its Dosage and Administration, as reproduced by a
drug-information site; confirm on DailyMed) and a dosing table for clinicians, CAMH's
(Centre for Addiction and Mental Health, Toronto) "Depression - Psychopharmacology" tables, which
draw their efficacy ratings from the CANMAT 2016 guidelines. CANMAT's own dosing table could not
be read here. Where the two differ, the row says which it follows and why:
- Vortioxetine 10 -> 20 mg: the label starts at 10 mg and raises the dose to 20 mg "because
  higher doses demonstrated better treatment effects in trials conducted in the United States";
  CAMH gives 5-20 mg, whose lower end is the label's dose for people who cannot tolerate more.
  The row follows the label.
- Trazodone 150 -> 200 mg: the label gives only the starting dose (150 mg in divided doses,
  raised by 50 mg every 3 to 4 days, at most 400 mg for outpatients); CAMH's usual dose is
  200-400 mg. The row follows CAMH.
- Amitriptyline 75 -> 100 mg: 75 mg is the label's initial dose for outpatients ("an adequate
  therapeutic effect may take as long as 30 days", up to 150 mg); CAMH's usual dose is
  100-250 mg. The row follows CAMH.
- "Selegiline" becomes "Selegiline transdermal (Emsam)": its minimum (6 mg/24 h) is the patch's,
  so oral selegiline at Parkinson's disease doses must not read as an adequate trial.

An administrator's own change is left alone, as migration 0013 did: a minimum moves only from the
value 0013 seeded, a source is rewritten only while it is still 0013's text, and the row is
renamed only while it still has its seeded name. `manage.py refresh_summaries` then recomputes the
stored verdicts (README, Production).
"""

import datetime
import importlib
from decimal import Decimal

from django.db import migrations

CHECKED_ON = datetime.date(2026, 12, 7)
CAMH = (
    "https://www.camh.ca/en/professionals/treating-conditions-and-disorders/depression/"
    "depression---treatment/depression---psychopharmacology"
)
CAMH_SECOND_LINE = (
    "https://www.porticonetwork.ca/web/psychiatry-primary-care/clinical-situations/depression/"
    "pharmacotherapy/depression-table-second-line"
)
REPRO = "label text as reproduced by a drug-information site; confirm on DailyMed"

# name -> (minimum 0013 seeded, new minimum, source, link)
DOSES = {
    "Vortioxetine": (
        Decimal("10"),
        Decimal("20"),
        f"TRINTELLIX US prescribing information, 2.1: start at 10 mg once daily, then increase to "
        f'20 mg/day as tolerated "because higher doses demonstrated better treatment effects in '
        f'trials conducted in the United States"; 5 mg/day for patients who do not tolerate '
        f"higher doses, a dose two US studies did not show effective (trintellixhcp.com, "
        f"clinical data) ({REPRO}). CAMH, Depression - Psychopharmacology, Table 1 (first-line "
        f"antidepressants, usual daily dose; efficacy after CANMAT 2016): 5-20 mg. This row "
        f"follows the label (20 mg): the guideline's 5 mg is the label's dose for intolerance.",
        CAMH,
    ),
    "Trazodone": (
        Decimal("150"),
        Decimal("200"),
        f"Trazodone hydrochloride tablets, US prescribing information, 2: initial 150 mg/day in "
        f"divided doses, increased by 50 mg/day every 3 to 4 days, at most 400 mg/day for "
        f"outpatients; the label names no effective dose ({REPRO}). CAMH, Depression - "
        f"Psychopharmacology, Table 1 (usual daily dose; efficacy after CANMAT 2016): "
        f"200-400 mg. This row follows CAMH (200 mg): the label's 150 mg is its starting dose.",
        CAMH,
    ),
    "Amitriptyline": (
        Decimal("75"),
        Decimal("100"),
        f"Amitriptyline hydrochloride tablets, US prescribing information, Dosage: for "
        f"outpatients 75 mg a day in divided doses is usually satisfactory as the initial dose, "
        f"increased to 150 mg if necessary, and an adequate effect may take 30 days; maintenance "
        f"50 to 100 mg ({REPRO}). CAMH (Portico), second- and third-line antidepressants, Table "
        f"2.2, usual daily dose: 100-250 mg. This row follows CAMH (100 mg): the label's 75 mg "
        f"is its initial outpatient dose.",
        CAMH_SECOND_LINE,
    ),
}

SELEGILINE = "Selegiline"
SELEGILINE_TRANSDERMAL = "Selegiline transdermal (Emsam)"


_SEEDED = importlib.import_module("intake.migrations.0013_catalog_sources")


def _seeded_sources() -> dict[str, str]:
    return {name: row[5] for name, row in _SEEDED.CATALOG.items()}


def update_catalog(apps, schema_editor):
    Medication = apps.get_model("intake", "Medication")
    seeded = _seeded_sources()
    for name, (old, new, source, url) in DOSES.items():
        medication = Medication.objects.filter(name__iexact=name).first()
        if medication is None:
            continue  # an administrator removed or renamed it: theirs to keep
        changed = []
        if medication.minimum_daily_dose_mg == old:
            medication.minimum_daily_dose_mg = new
            changed.append("minimum_daily_dose_mg")
        if medication.source == seeded[name]:
            medication.source, medication.source_url = source, url
            medication.source_checked_on = CHECKED_ON
            changed += ["source", "source_url", "source_checked_on"]
        if changed:
            medication.save(update_fields=changed)
    Medication.objects.filter(name=SELEGILINE).update(name=SELEGILINE_TRANSDERMAL)


def restore_catalog(apps, schema_editor):
    Medication = apps.get_model("intake", "Medication")
    seeded = _seeded_sources()
    for name, (old, new, source, _url) in DOSES.items():
        Medication.objects.filter(name__iexact=name, minimum_daily_dose_mg=new).update(
            minimum_daily_dose_mg=old
        )
        Medication.objects.filter(name__iexact=name, source=source).update(
            source=seeded[name],
            source_url=_SEEDED.CATALOG[name][6],
            source_checked_on=_SEEDED.CHECKED_ON,
        )
    Medication.objects.filter(name=SELEGILINE_TRANSDERMAL).update(name=SELEGILINE)


class Migration(migrations.Migration):
    dependencies = [("intake", "0024_summary_rules_v4")]

    operations = [migrations.RunPython(update_catalog, restore_catalog)]
