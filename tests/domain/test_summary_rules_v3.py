"""Summary rules v3 in the app: the sourced catalog, the new questions, legacy intakes, the
stored verdict's clarify suffix in the queue, the CSV and the admin, and healing v2 verdicts."""

import csv
import importlib
import io
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

from intake.domain import questions
from intake.domain.guidance import Verdict
from intake.forms import intake as intake_forms
from intake.models import AntidepressantTrial, EvaluationRequest, HealthScreening, Medication
from tests.support import intake_steps as steps
from tests.support.factories import make_request

pytestmark = pytest.mark.django_db

catalog_sources = importlib.import_module("intake.migrations.0013_catalog_sources")


def page_of(client, request: EvaluationRequest) -> str:
    return client.get(f"/staff/requests/{request.reference}/").content.decode()


# --- The catalog -------------------------------------------------------------------------


def test_every_catalog_row_has_a_source_a_link_and_the_day_it_was_checked():
    medications = list(Medication.objects.all())

    assert len(medications) >= 30
    for medication in medications:
        assert medication.source.strip(), medication.name
        assert medication.source_url.startswith("https://"), medication.name
        assert medication.source_checked_on is not None, medication.name


def test_the_seeded_starting_doses_became_the_labels_effective_doses():
    doses = dict(Medication.objects.values_list("name", "minimum_daily_dose_mg"))

    assert doses["Imipramine"] == Decimal("150")
    assert doses["Phenelzine"] == Decimal("60")
    assert doses["Isocarboxazid"] == Decimal("40")
    assert doses["Sertraline"] == Decimal("50")


def test_drugs_without_a_us_depression_dose_have_no_minimum_and_say_why():
    for name in ("Fluvoxamine", "Clomipramine"):
        medication = Medication.objects.get(name=name)
        assert medication.minimum_daily_dose_mg is None
        assert "obsessive-compulsive disorder only" in medication.source


def test_selegiline_clomipramine_and_doxepin_are_in_the_catalog():
    names = set(Medication.objects.values_list("name", flat=True))
    assert {"Selegiline transdermal (Emsam)", "Clomipramine", "Doxepin"} <= names
    assert Medication.objects.get(name__startswith="Selegiline").drug_class == "MAOI"


def test_the_catalog_migration_leaves_an_administrators_own_dose_alone():
    Medication.objects.filter(name="Imipramine").update(minimum_daily_dose_mg=Decimal("100"))
    Medication.objects.filter(name="Phenelzine").update(minimum_daily_dose_mg=Decimal("45"))

    catalog_sources.update_catalog(django_apps, None)

    assert Medication.objects.get(name="Imipramine").minimum_daily_dose_mg == Decimal("100")
    assert Medication.objects.get(name="Phenelzine").minimum_daily_dose_mg == Decimal("60")


def test_patients_find_a_drug_by_its_brand_name():
    labels = dict(intake_forms.medication_choices()).values()

    assert "Sertraline (Zoloft)" in labels
    assert "Escitalopram (Lexapro)" in labels


def test_the_admin_shows_each_rows_source_and_checked_date(client, administrator):
    client.force_login(administrator)
    sertraline = Medication.objects.get(name="Sertraline")

    listing = client.get("/admin/intake/medication/").content.decode()
    detail = client.get(f"/admin/intake/medication/{sertraline.pk}/change/").content.decode()

    assert "Source checked on" in listing and "Zoloft" in listing
    assert "fe9e8b7d-61ea-409d-84aa-3ebd79a046b5" in detail


# --- The new questions -------------------------------------------------------------------


def test_each_trial_must_say_whether_it_was_in_the_current_episode(client):
    client.post("/intake/about/", steps.ABOUT)
    client.post("/intake/feelings/", steps.feelings())
    history = steps.history(steps.trial(0, "Sertraline", dose="100", weeks="8"))
    del history["trials-0-current_episode"]

    response = client.post("/intake/history/", history)

    assert response.status_code == 400
    body = response.content.decode()
    assert questions.CURRENT_EPISODE in body
    assert 'value="100"' in body  # what was typed stays


def test_the_health_step_asks_aneurysm_and_brain_bleed_on_their_own(client):
    client.post("/intake/about/", steps.ABOUT)
    client.post("/intake/feelings/", steps.feelings())
    client.post("/intake/history/", steps.two_failed_trials())
    answers = steps.screening()
    del answers["aneurysm"]

    response = client.post("/intake/screening/", answers)

    body = response.content.decode()
    assert response.status_code == 400
    assert "arteriovenous malformation" in body
    assert "bleeding in the brain" in body
    assert "heart disease, a stroke, an aneurysm" not in body


def test_a_submitted_intake_stores_the_new_answers():
    request = make_request("aneurysm")

    assert request.screening.aneurysm == "yes"
    assert request.screening.questions_version == questions.SCREENING_VERSION
    assert set(request.trials.values_list("current_episode", flat=True)) == {"yes"}
    assert request.verdict == Verdict.OTHER_OPTIONS_FIRST


# --- Legacy intakes ----------------------------------------------------------------------


def make_legacy(request: EvaluationRequest) -> EvaluationRequest:
    """Turn a request back into one stored before rules v3 (blank new answers, version 2)."""
    HealthScreening.objects.filter(request=request).update(
        questions_version=2, **dict.fromkeys(questions.SCREENING_ADDED_IN_3, "")
    )
    AntidepressantTrial.objects.filter(request=request).update(current_episode="")
    return request


def test_a_legacy_intake_says_which_questions_it_predates(client, coordinator):
    request = make_legacy(make_request())
    client.force_login(coordinator)

    body = page_of(client, request)

    not_asked = [
        key for key in questions.screening_not_asked(2) if key not in questions.SCREENING_FOLLOW_UPS
    ]
    assert body.count("Not asked: this intake predates the question.") == len(not_asked)
    assert "Not asked (the intake predates the question)" in body
    assert questions.SCREENING_BEFORE_3["heart_disease"] in body
    assert "Health questions this intake predates" in body
    assert "verdict-other_options_first" in body


def test_a_legacy_yes_to_the_combined_vascular_question_asks_which_it_was(client, coordinator):
    request = make_request("two_failed")
    HealthScreening.objects.filter(request=request).update(heart_disease="yes")
    make_legacy(request)
    client.force_login(coordinator)

    body = page_of(client, request)

    assert "Ask which of heart disease, stroke, aneurysm or brain bleed it was" in body


# --- The stored verdict in the queue, the CSV and the admin ------------------------------


def test_the_queue_shows_the_clarify_suffix_of_a_worth_asking_verdict(client, coordinator):
    request = make_request("not_sure_answers")
    assert (request.verdict, request.verdict_clarify) == (Verdict.WORTH_ASKING, 2)
    client.force_login(coordinator)

    body = client.get("/staff/").content.decode()

    assert "Worth asking about; clarify 2 answers first" in body


def test_the_queue_filters_the_prior_response_with_cautions_verdict(client, coordinator):
    wanted = make_request("prior_esketamine")
    make_request("prior_ketamine")
    client.force_login(coordinator)

    body = client.get("/staff/?verdict=worth_asking_prior_cautions").content.decode()

    assert wanted.reference in body
    assert body.count("Worth asking about (prior response); discuss cautions first") >= 2


def test_the_csv_carries_the_verdict_in_words_with_its_suffix(client, coordinator):
    make_request("not_sure_answers")
    client.force_login(coordinator)

    response = client.get("/staff/export.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))

    verdict = rows[0].index("Verdict")
    assert rows[1][verdict] == "Worth asking about; clarify 2 answers first"


def test_the_admin_lists_the_verdict_in_words_and_filters_by_the_new_one(client, administrator):
    request = make_request("prior_esketamine")
    client.force_login(administrator)

    body = client.get(
        "/admin/intake/evaluationrequest/", {"verdict__exact": "worth_asking_prior_cautions"}
    ).content.decode()

    assert request.reference in body
    assert "Worth asking about (prior response); discuss cautions first" in body


def test_a_stored_v2_verdict_is_healed_on_view(client, coordinator):
    request = make_request("prior_esketamine")
    EvaluationRequest.objects.filter(pk=request.pk).update(
        verdict=Verdict.WORTH_ASKING_PRIOR_RESPONSE, verdict_clarify=0, summary_fingerprint="v2"
    )
    client.force_login(coordinator)

    page_of(client, request)

    request.refresh_from_db()
    assert request.verdict == Verdict.WORTH_ASKING_PRIOR_RESPONSE_CAUTIONS


def test_refresh_summaries_heals_every_stored_v2_verdict_and_its_suffix(capsys):
    partly = make_request("two_failed", other_treatments={"esketamine": "partly"}, trials=[])
    unsure = make_request("not_sure_answers")
    EvaluationRequest.objects.update(
        verdict=Verdict.WORTH_ASKING_PRIOR_RESPONSE, verdict_clarify=0, summary_fingerprint="v2"
    )

    call_command("refresh_summaries")

    partly.refresh_from_db()
    unsure.refresh_from_db()
    assert partly.verdict == Verdict.OTHER_OPTIONS_FIRST
    assert (unsure.verdict, unsure.verdict_clarify) == (Verdict.WORTH_ASKING, 2)
    assert "2 verdicts changed" in capsys.readouterr().out
