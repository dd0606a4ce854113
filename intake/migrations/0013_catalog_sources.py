"""The medication catalog's sources: each minimum dose from its US label, with brand names.

Each row below was checked on 2 December 2026 against the label's Dosage and Administration for
major depressive disorder (DailyMed; where the DailyMed page itself could not be read, the label
text as reproduced elsewhere, which the source says). The minimum is the lower end of the
label's usual effective daily dose, not its starting dose where the label titrates up. Three
seeded values were starting doses and change (imipramine 75 to 150, phenelzine 45 to 60,
isocarboxazid 20 to 40); fluvoxamine and clomipramine have no US depression indication, so they
have no minimum (their trials read "possibly adequate" until a clinician sets one). A value an
administrator has already changed is left alone; `manage.py refresh_summaries` recomputes the
stored verdicts after this migration (the README says so).
"""

import datetime
from decimal import Decimal

from django.db import migrations

CHECKED_ON = datetime.date(2026, 12, 2)
DAILYMED = "https://dailymed.nlm.nih.gov/dailymed/"


def _setid(setid: str) -> str:
    return f"{DAILYMED}lookup.cfm?setid={setid}"


def _search(name: str) -> str:
    return f"{DAILYMED}search.cfm?labeltype=all&query={name}"


REPRO = "label text as reproduced by a drug-information site; confirm on DailyMed"

# name -> (class, kind, old seeded minimum, new minimum, brand names, source, link)
CATALOG = {
    "Citalopram": (
        "SSRI",
        "antidepressant",
        20,
        20,
        "Celexa",
        "Citalopram tablets, US prescribing information, 2.1: initial dosage 20 mg once daily, "
        "up to 40 mg (DailyMed set id 6a402640-1c9d-4fca-8b5b-e1ac1dd4ca5a, version 30, "
        "effective 23 September 2024).",
        _setid("6a402640-1c9d-4fca-8b5b-e1ac1dd4ca5a"),
    ),
    "Escitalopram": (
        "SSRI",
        "antidepressant",
        10,
        10,
        "Lexapro",
        "LEXAPRO US prescribing information, 2.1 and 14: 10 mg once daily; fixed-dose trials "
        "showed 10 mg and 20 mg effective (DailyMed set id 13bb8267-1cab-43e5-acae-55a4d957630a, "
        "version 45, effective 1 October 2023).",
        _setid("13bb8267-1cab-43e5-acae-55a4d957630a"),
    ),
    "Fluoxetine": (
        "SSRI",
        "antidepressant",
        20,
        20,
        "Prozac",
        "PROZAC US prescribing information, 2.1: MDD 20 mg/day (DailyMed set id "
        "c88f33ed-6dfb-4c5e-bc01-d8e36dd97299).",
        _setid("c88f33ed-6dfb-4c5e-bc01-d8e36dd97299"),
    ),
    "Paroxetine": (
        "SSRI",
        "antidepressant",
        20,
        20,
        "Paxil",
        f"PAXIL US prescribing information, 2.1: recommended initial dose 20 mg/day, effective "
        f"range 20 to 50 mg/day in trials ({REPRO}).",
        _search("paxil"),
    ),
    "Sertraline": (
        "SSRI",
        "antidepressant",
        50,
        50,
        "Zoloft",
        "ZOLOFT US prescribing information, 2.1: MDD 50 mg per day, up to 200 mg (DailyMed set "
        "id fe9e8b7d-61ea-409d-84aa-3ebd79a046b5, effective 15 January 2023).",
        _setid("fe9e8b7d-61ea-409d-84aa-3ebd79a046b5"),
    ),
    "Fluvoxamine": (
        "SSRI",
        "antidepressant",
        100,
        None,
        "Luvox",
        "Fluvoxamine maleate tablets, US prescribing information, 1.1: indicated for "
        "obsessive-compulsive disorder only; the US label gives no depression dose (DailyMed set "
        "id b8320308-084f-43fb-9b1d-5620a0efaf46, updated 23 January 2025). A clinician may set "
        "a minimum from a published adequate-dose table.",
        _setid("b8320308-084f-43fb-9b1d-5620a0efaf46"),
    ),
    "Venlafaxine": (
        "SNRI",
        "antidepressant",
        75,
        75,
        "Effexor XR",
        "EFFEXOR XR US prescribing information, 2.1: 75 mg/day (DailyMed set id "
        "53c3e7ac-1852-4d70-d2b6-4fca819acf26, revised 8/2022).",
        _setid("53c3e7ac-1852-4d70-d2b6-4fca819acf26"),
    ),
    "Desvenlafaxine": (
        "SNRI",
        "antidepressant",
        50,
        50,
        "Pristiq",
        f"PRISTIQ US prescribing information, 2.1: 50 mg once daily; no added benefit above 50 "
        f"mg/day in trials ({REPRO}).",
        _search("pristiq"),
    ),
    "Duloxetine": (
        "SNRI",
        "antidepressant",
        40,
        40,
        "Cymbalta",
        f"CYMBALTA US prescribing information, 2.2: MDD 40 mg/day (20 mg twice daily) to 60 "
        f"mg/day ({REPRO}).",
        _search("cymbalta"),
    ),
    "Levomilnacipran": (
        "SNRI",
        "antidepressant",
        40,
        40,
        "Fetzima",
        f"FETZIMA US prescribing information, 2.1: recommended range 40 to 120 mg once daily "
        f"({REPRO}).",
        _search("fetzima"),
    ),
    "Bupropion": (
        "NDRI",
        "antidepressant",
        300,
        300,
        "Wellbutrin XL, Wellbutrin SR",
        f"WELLBUTRIN XL US prescribing information, 2.2: usual target dose 300 mg once daily "
        f"({REPRO}).",
        _search("wellbutrin"),
    ),
    "Mirtazapine": (
        "NaSSA",
        "antidepressant",
        15,
        15,
        "Remeron, RemeronSolTab",
        f"REMERON US prescribing information, 2.1: 15 mg once daily, up to 45 mg; the label "
        f"names no separate effective dose ({REPRO}).",
        _search("remeron"),
    ),
    "Trazodone": (
        "SARI",
        "antidepressant",
        150,
        150,
        "Desyrel",
        f"Trazodone hydrochloride tablets, US prescribing information, 2: initial 150 mg/day in "
        f"divided doses, up to 400 mg for outpatients; no separate effective dose ({REPRO}).",
        _search("trazodone"),
    ),
    "Vilazodone": (
        "SPARI",
        "antidepressant",
        20,
        20,
        "Viibryd",
        f"VIIBRYD US prescribing information, 2.1: target 20 mg to 40 mg once daily ({REPRO}).",
        _search("viibryd"),
    ),
    "Vortioxetine": (
        "Multimodal",
        "antidepressant",
        10,
        10,
        "Trintellix",
        f"TRINTELLIX US prescribing information, 2.1: 10 mg once daily, then 20 mg as tolerated; "
        f"5 mg for those who do not tolerate more ({REPRO}; clinicians to review whether 10 or 20 "
        f"mg is the minimum).",
        _search("trintellix"),
    ),
    "Amitriptyline": (
        "TCA",
        "antidepressant",
        75,
        75,
        "Elavil",
        f"Amitriptyline hydrochloride tablets, US prescribing information, Dosage: for "
        f"outpatients 75 mg a day is usually satisfactory, up to 150 mg ({REPRO}).",
        _search("amitriptyline"),
    ),
    "Nortriptyline": (
        "TCA",
        "antidepressant",
        75,
        75,
        "Pamelor",
        f"Nortriptyline hydrochloride, US prescribing information, Dosage: usual adult dose 25 mg "
        f"three or four times daily ({REPRO}).",
        _search("nortriptyline"),
    ),
    "Imipramine": (
        "TCA",
        "antidepressant",
        75,
        150,
        "Tofranil, Tofranil-PM",
        f"Imipramine hydrochloride tablets, US prescribing information, Dosage: outpatients "
        f"initially 75 mg/day increased to 150 mg/day ({REPRO}).",
        _search("imipramine"),
    ),
    "Desipramine": (
        "TCA",
        "antidepressant",
        100,
        100,
        "Norpramin",
        f"NORPRAMIN US prescribing information, Dosage: usual adult dose 100 to 200 mg per day "
        f"({REPRO}).",
        _search("norpramin"),
    ),
    "Clomipramine": (
        "TCA",
        "antidepressant",
        None,
        None,
        "Anafranil",
        "ANAFRANIL US prescribing information, Indications: obsessive-compulsive disorder only; "
        "the US label gives no depression dose. A clinician may set a minimum from a published "
        "adequate-dose table.",
        _search("anafranil"),
    ),
    "Doxepin": (
        "TCA",
        "antidepressant",
        None,
        75,
        "Sinequan",
        f"Doxepin hydrochloride capsules, US prescribing information, 2.2: recommended target "
        f"total dosage 75 mg/day to 150 mg/day (revised 7/2025; {REPRO}; earlier DailyMed set id "
        f"d29a8c70-cf1c-4bf8-bb87-1c80babce64e).",
        _setid("d29a8c70-cf1c-4bf8-bb87-1c80babce64e"),
    ),
    "Phenelzine": (
        "MAOI",
        "antidepressant",
        45,
        60,
        "Nardil",
        f"NARDIL US prescribing information, Dosage: increase to at least 60 mg/day; many "
        f"patients respond only after 4 weeks at 60 mg ({REPRO}).",
        _search("nardil"),
    ),
    "Tranylcypromine": (
        "MAOI",
        "antidepressant",
        30,
        30,
        "Parnate",
        "PARNATE US prescribing information, 2.1: recommended dosage 30 mg per day in divided "
        "doses (DailyMed set id b72d8187-dfcc-4ea0-b5e9-c0be95b69a27, revised 9/2019).",
        _setid("b72d8187-dfcc-4ea0-b5e9-c0be95b69a27"),
    ),
    "Isocarboxazid": (
        "MAOI",
        "antidepressant",
        20,
        40,
        "Marplan",
        f"MARPLAN US prescribing information, Dosage: 10 mg twice daily increased to 40 mg daily "
        f"by the end of the first week ({REPRO}).",
        _search("marplan"),
    ),
    "Selegiline": (
        "MAOI",
        "antidepressant",
        None,
        6,
        "Emsam",
        f"EMSAM (selegiline transdermal system) US prescribing information, 2: recommended "
        f"starting and target dose 6 mg/24 hours ({REPRO}).",
        _search("emsam"),
    ),
    "Lithium": (
        "Mood stabiliser",
        "augmentation",
        None,
        None,
        "Lithobid",
        "Augmentation agent: not an antidepressant trial, so no minimum.",
        _search("lithium"),
    ),
    "Aripiprazole": (
        "Atypical antipsychotic",
        "augmentation",
        None,
        None,
        "Abilify",
        "Augmentation agent: not an antidepressant trial, so no minimum.",
        _search("abilify"),
    ),
    "Quetiapine": (
        "Atypical antipsychotic",
        "augmentation",
        None,
        None,
        "Seroquel",
        "Augmentation agent: not an antidepressant trial, so no minimum.",
        _search("seroquel"),
    ),
    "Brexpiprazole": (
        "Atypical antipsychotic",
        "augmentation",
        None,
        None,
        "Rexulti",
        "Augmentation agent: not an antidepressant trial, so no minimum.",
        _search("rexulti"),
    ),
    "Liothyronine": (
        "Thyroid hormone",
        "augmentation",
        None,
        None,
        "",
        "Augmentation agent: not an antidepressant trial, so no minimum.",
        _search("liothyronine"),
    ),
}


def _decimal(value):
    return None if value is None else Decimal(value)


def update_catalog(apps, schema_editor):
    Medication = apps.get_model("intake", "Medication")
    for name, (drug_class, kind, old, new, brands, source, url) in CATALOG.items():
        medication = Medication.objects.filter(name__iexact=name).first()
        if medication is None:
            Medication.objects.create(
                name=name,
                drug_class=drug_class,
                kind=kind,
                minimum_daily_dose_mg=_decimal(new),
                brand_names=brands,
                source=source,
                source_url=url,
                source_checked_on=CHECKED_ON,
            )
            continue
        changed = ["brand_names", "source", "source_url", "source_checked_on"]
        # An administrator's own value is theirs: only the seeded one moves.
        if medication.minimum_daily_dose_mg == _decimal(old) and medication.kind == kind:
            medication.minimum_daily_dose_mg = _decimal(new)
            changed.append("minimum_daily_dose_mg")
        if not medication.brand_names:
            medication.brand_names = brands
        if not medication.source:
            medication.source, medication.source_url = source, url
            medication.source_checked_on = CHECKED_ON
        medication.save(update_fields=changed)


def restore_catalog(apps, schema_editor):
    Medication = apps.get_model("intake", "Medication")
    for name, (_, _, old, new, _, _, _) in CATALOG.items():
        Medication.objects.filter(name__iexact=name, minimum_daily_dose_mg=_decimal(new)).exclude(
            minimum_daily_dose_mg=None
        ).update(minimum_daily_dose_mg=_decimal(old))


class Migration(migrations.Migration):
    dependencies = [("intake", "0012_summary_rules_v3")]

    operations = [migrations.RunPython(update_catalog, restore_catalog)]
