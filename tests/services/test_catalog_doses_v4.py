"""The catalog of rules v4 (migration 0025): three minimums moved from starting doses to the usual
effective dose, each with the label and a dosing table cited and the one it follows named;
selegiline's row named for the transdermal system; an administrator's own change left alone."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps

from intake.forms import intake as intake_forms
from intake.models import Medication

pytestmark = pytest.mark.django_db

catalog_v4 = importlib.import_module("intake.migrations.0025_catalog_doses_v4")
catalog_v3 = importlib.import_module("intake.migrations.0013_catalog_sources")

NEW_MINIMUMS = {"Vortioxetine": 20, "Trazodone": 200, "Amitriptyline": 100}


def row(name: str) -> Medication:
    return Medication.objects.get(name=name)


@pytest.mark.parametrize(("name", "minimum"), NEW_MINIMUMS.items())
def test_a_fresh_database_has_the_effective_minimum_with_both_sources(name, minimum):
    medication = row(name)

    assert medication.minimum_daily_dose_mg == Decimal(minimum)
    assert "US prescribing information" in medication.source
    assert "CAMH" in medication.source
    assert "This row follows" in medication.source
    assert medication.source_url.startswith("https://")
    assert medication.source_checked_on == datetime.date(2026, 12, 7)


def test_where_label_and_table_differ_the_row_says_which_it_follows():
    assert "This row follows the label (20 mg)" in row("Vortioxetine").source
    assert "This row follows CAMH (200 mg)" in row("Trazodone").source
    assert "This row follows CAMH (100 mg)" in row("Amitriptyline").source


def test_selegiline_is_named_for_the_transdermal_system():
    patch = row("Selegiline transdermal (Emsam)")

    assert patch.drug_class == "MAOI"
    assert patch.minimum_daily_dose_mg == Decimal("6")
    assert not Medication.objects.filter(name="Selegiline").exists()
    assert patch.display_name == "Selegiline transdermal (Emsam)"
    assert "Selegiline transdermal (Emsam)" in dict(intake_forms.medication_choices()).values()


def test_the_migration_moves_a_seeded_value_and_leaves_an_administrators_own_alone():
    seeded = catalog_v3.CATALOG["Trazodone"][5]
    Medication.objects.filter(name="Trazodone").update(minimum_daily_dose_mg=150, source=seeded)
    Medication.objects.filter(name="Amitriptyline").update(
        minimum_daily_dose_mg=Decimal("90"), source="Our clinicians' own table."
    )
    Medication.objects.filter(name="Selegiline transdermal (Emsam)").update(name="Selegiline")
    Medication.objects.filter(name="Vortioxetine").update(minimum_daily_dose_mg=10)

    catalog_v4.update_catalog(django_apps, None)

    assert row("Trazodone").minimum_daily_dose_mg == Decimal("200")
    assert "CAMH" in row("Trazodone").source
    amitriptyline = row("Amitriptyline")
    assert amitriptyline.minimum_daily_dose_mg == Decimal("90")
    assert amitriptyline.source == "Our clinicians' own table."
    assert row("Vortioxetine").minimum_daily_dose_mg == Decimal("20")
    assert Medication.objects.filter(name="Selegiline transdermal (Emsam)").exists()


def test_an_administrators_renamed_selegiline_keeps_its_name():
    Medication.objects.filter(name="Selegiline transdermal (Emsam)").update(name="Emsam patch")

    catalog_v4.update_catalog(django_apps, None)

    assert Medication.objects.filter(name="Emsam patch").exists()
    assert not Medication.objects.filter(name__startswith="Selegiline").exists()


def test_the_migration_reverses_to_the_seeded_values():
    catalog_v4.restore_catalog(django_apps, None)

    assert row("Vortioxetine").minimum_daily_dose_mg == Decimal("10")
    assert row("Trazodone").source == catalog_v3.CATALOG["Trazodone"][5]
    assert row("Amitriptyline").minimum_daily_dose_mg == Decimal("75")
    assert Medication.objects.filter(name="Selegiline").exists()
