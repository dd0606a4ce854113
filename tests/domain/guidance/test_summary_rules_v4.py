"""Summary rules v4, pure: imminent risk in the verdict's words, a stroke's type, trials longer than
the episode, catalog rows without a minimum dose, the side-effect contrast, an incomplete PHQ-9
beside a prior response, and screener answers a Spanish speaker gave in English."""

from decimal import Decimal

import pytest

from intake.domain import guidance, questions
from intake.domain.guidance import CssrsAnswers, Level, Verdict, summarise, verdict_label
from intake.domain.scoring import TrialJudgement
from tests.domain.guidance.builders import (
    ADEQUATE_WEEKS,
    MINIMUM_DOSES,
    make_snapshot,
    make_trial,
    phq9,
    screening,
)

IMMINENT = CssrsAnswers(
    wished_dead=True,
    suicidal_thoughts=True,
    method=True,
    intent=True,
    plan=False,
    behaviour_ever=False,
)
ELEVATED = CssrsAnswers(wished_dead=True, suicidal_thoughts=False, behaviour_ever=False)
# Fluvoxamine is in the catalog with no minimum dose, as migration 0013 seeds it.
CATALOG = MINIMUM_DOSES | {"fluvoxamine": None, "doxepin": None}


def summary_of(snapshot, doses=CATALOG):
    return summarise(snapshot, adequate_weeks=ADEQUATE_WEEKS, minimum_doses=doses)


def finding(summary, code):
    [found] = [item for item in summary.findings if item.code == code]
    return found


def codes(summary):
    return {item.code for item in summary.findings}


# --- Imminent risk qualifies every "worth asking" verdict ----------------------------------


@pytest.mark.parametrize(
    ("verdict", "clarify", "imminent", "words"),
    [
        (Verdict.WORTH_ASKING, 0, True, "Worth asking about; act on the imminent risk first"),
        (
            Verdict.WORTH_ASKING_PRIOR_RESPONSE,
            2,
            True,
            "Worth asking about (prior response); act on the imminent risk first; "
            "clarify 2 answers first",
        ),
        (
            Verdict.WORTH_ASKING_CAUTIONS,
            1,
            False,
            "Worth asking about; discuss cautions first; clarify 1 answer first",
        ),
        (Verdict.OTHER_OPTIONS_FIRST, 3, True, "Other options usually come first"),
        ("", 0, True, "Not computed"),
    ],
)
def test_the_verdict_in_words_puts_imminent_risk_before_the_answers_to_clarify(
    verdict, clarify, imminent, words
):
    assert verdict_label(verdict, clarify, imminent) == words


def test_a_prior_response_with_a_caution_and_imminent_risk_says_act_on_it_first():
    summary = summary_of(
        make_snapshot(
            phq9=phq9(16, item9=2),
            cssrs=IMMINENT,
            other_treatments={"ketamine": "yes"},
            screening=screening(bipolar="yes"),
        )
    )

    assert summary.verdict is Verdict.WORTH_ASKING_PRIOR_RESPONSE_CAUTIONS
    assert summary.imminent
    assert summary.label == (
        "Worth asking about (prior response); discuss cautions first; "
        "act on the imminent risk first"
    )
    assert summary.findings[0].code == "cssrs_imminent"


def test_imminent_risk_with_a_contraindication_leaves_other_options_first_unqualified():
    summary = summary_of(
        make_snapshot(phq9=phq9(20, item9=3), cssrs=IMMINENT, screening=screening(aneurysm="yes"))
    )

    assert summary.verdict is Verdict.OTHER_OPTIONS_FIRST
    assert summary.label == "Other options usually come first"
    assert summary.findings[0].code == "cssrs_imminent"


def test_imminent_risk_comes_before_the_answers_to_clarify():
    summary = summary_of(
        make_snapshot(
            phq9=phq9(18, item9=1), cssrs=IMMINENT, screening=screening(lamotrigine="not_sure")
        )
    )

    assert summary.label == (
        "Worth asking about; act on the imminent risk first; clarify 1 answer first"
    )


def test_elevated_risk_alone_does_not_qualify_the_verdict():
    summary = summary_of(make_snapshot(phq9=phq9(15, item9=1), cssrs=ELEVATED))

    assert summary.urgent and not summary.imminent
    assert summary.label == "Worth asking about"


# --- A stroke's type ----------------------------------------------------------------------


def test_a_stroke_caused_by_bleeding_is_the_brain_bleed_contraindication():
    summary = summary_of(make_snapshot(screening=screening(stroke="yes", stroke_bleed="yes")))

    found = finding(summary, "contraindication_stroke_bleed")
    assert found.level is Level.CONTRAINDICATION
    assert "intracerebral haemorrhage" in found.explanation
    assert [e.question for e in found.evidence] == [
        questions.SCREENING["stroke"],
        "Was it caused by bleeding in the brain?",
    ]
    assert summary.verdict is Verdict.OTHER_OPTIONS_FIRST


def test_a_stroke_not_caused_by_bleeding_stays_a_caution():
    summary = summary_of(make_snapshot(screening=screening(stroke="yes", stroke_bleed="no")))

    assert finding(summary, "caution_stroke").level is Level.CAUTION
    assert summary.label == "Worth asking about; discuss cautions first"


@pytest.mark.parametrize("bleed", ["not_sure", None, "maybe"])
def test_a_stroke_whose_cause_is_unsure_or_unanswered_counts_toward_clarify(bleed):
    answers = screening(stroke="yes") | ({"stroke_bleed": bleed} if bleed else {})
    summary = summary_of(make_snapshot(screening=answers))

    assert "clarify_stroke_bleed" in codes(summary)
    assert summary.unclear_safety_answers == ("stroke_bleed",)
    assert summary.label == "Worth asking about; clarify 1 answer first"


def test_not_sure_about_a_stroke_with_two_failed_trials_asks_to_clarify_first():
    summary = summary_of(make_snapshot(screening=screening(stroke="not_sure")))

    assert summary.failed_adequate == 2
    assert summary.verdict is Verdict.WORTH_ASKING
    assert "clarify_stroke" in codes(summary)
    assert summary.label == "Worth asking about; clarify 1 answer first"


def test_heart_disease_is_a_caution_on_its_own():
    summary = summary_of(make_snapshot(screening=screening(heart_disease="yes")))

    found = finding(summary, "caution_heart_disease")
    assert found.title == "Heart disease"
    assert found.evidence[0].question == "Have you had heart disease?"
    assert "clarify_combined_stroke_question" not in codes(summary)


def legacy(**answers):
    """An intake made with questions version 3: heart disease and stroke in one question."""
    combined = {key: value for key, value in screening(**answers).items() if key != "stroke"}
    return make_snapshot(screening=combined, screening_version=3)


def test_a_legacy_yes_to_heart_disease_or_a_stroke_asks_which_and_whether_it_bled():
    summary = summary_of(legacy(heart_disease="yes"))

    found = finding(summary, "clarify_combined_stroke_question")
    assert found.level is Level.CONSIDER
    assert found.evidence[0].question == "Have you had heart disease or a stroke?"
    assert finding(summary, "caution_heart_disease").title == "Heart disease or stroke"
    assert summary.unclear_safety_answers == ("stroke",)
    assert summary.label == "Worth asking about; discuss cautions first; clarify 1 answer first"
    assert "screening_predates_questions" not in codes(summary)


def test_a_legacy_not_sure_asks_once():
    summary = summary_of(legacy(heart_disease="not_sure"))

    assert "clarify_combined_stroke_question" in codes(summary)
    assert "clarify_heart_disease" not in codes(summary)
    assert summary.unclear_safety_answers == ("heart_disease",)


def test_a_legacy_no_needs_nothing_clarified():
    summary = summary_of(legacy())

    assert "clarify_combined_stroke_question" not in codes(summary)
    assert summary.unclear_safety_answers == ()
    assert summary.label == "Worth asking about"


# --- Trials that do not fit the episode ---------------------------------------------------


def long_trials(*weeks, episode="yes"):
    return tuple(
        make_trial(key, weeks=number, current_episode=episode)
        for key, number in zip(("sertraline", "escitalopram", "fluoxetine"), weeks, strict=False)
    )


def test_two_30_week_trials_in_an_episode_under_6_months_ask_to_confirm_the_dates():
    summary = summary_of(make_snapshot(episode_months=3, trials=long_trials(30, 30)))

    found = finding(summary, "trials_longer_than_episode")
    assert found.level is Level.CONSIDER
    assert "add up to 60 weeks" in found.explanation
    assert "at most 26 weeks" in found.explanation
    assert "Sertraline alone was taken for 30 weeks" in found.explanation
    assert "How long has this episode of depression lasted?" in {e.question for e in found.evidence}
    assert summary.failed_adequate == 2  # the count is unchanged
    assert summary.verdict is Verdict.WORTH_ASKING


def test_trials_that_fit_only_if_taken_together_say_so():
    summary = summary_of(make_snapshot(episode_months=3, trials=long_trials(16, 14)))

    assert (
        "fit only if some were taken at the same time"
        in finding(summary, "trials_longer_than_episode").explanation
    )


@pytest.mark.parametrize(
    ("months", "weeks"),
    [(3, (13, 13)), (9, (30, 22)), (18, (60, 44)), (30, (200, 200)), (None, (90, 90))],
)
def test_trials_within_the_episode_or_an_open_ended_one_raise_nothing(months, weeks):
    summary = summary_of(make_snapshot(episode_months=months, trials=long_trials(*weeks)))

    assert "trials_longer_than_episode" not in codes(summary)


def test_only_current_episode_trials_are_added_up():
    trials = (*long_trials(20), *long_trials(30, episode="no")[:1])
    summary = summary_of(make_snapshot(episode_months=3, trials=trials))

    assert "trials_longer_than_episode" not in codes(summary)


# --- Catalog rows with no minimum dose ----------------------------------------------------


def test_a_catalog_drug_without_a_minimum_is_adequacy_unknown_and_says_why():
    trials = (make_trial("sertraline"), make_trial("fluvoxamine", dose_mg=Decimal("200")))
    summary = summary_of(make_snapshot(trials=trials))

    assert summary.trial_judgements == (
        TrialJudgement.FAILED_ADEQUATE,
        TrialJudgement.ADEQUACY_UNKNOWN,
    )
    found = finding(summary, "trial_adequacy_unknown")
    assert found.level is Level.CONSIDER
    assert found.title == "Fluvoxamine: adequacy unknown (no minimum dose in the catalog)"
    assert (
        "no minimum dose in the catalog (its US label gives none for depression)"
        in found.explanation
    )
    assert "not in the medication catalog" not in " ".join(
        f"{item.title} {item.explanation}" for item in summary.findings
    )
    assert summary.failed_adequate == 1
    assert summary.verdict is Verdict.OTHER_OPTIONS_FIRST
    assert "1 trial of unknown adequacy" in finding(summary, "trials_count").title


def test_a_minimum_an_administrator_cleared_does_not_blame_the_label():
    trials = (make_trial("sertraline"), make_trial("doxepin"))
    explanation = finding(
        summary_of(make_snapshot(trials=trials)), "trial_adequacy_unknown"
    ).explanation

    assert "no minimum dose in the catalog (none has been set for it)" in explanation


def test_a_key_the_catalog_no_longer_holds_is_still_not_in_the_catalog():
    trials = (make_trial("sertraline"), make_trial("retired", dose_mg=Decimal("50")))
    summary = summary_of(make_snapshot(trials=trials))

    assert finding(summary, "trial_unknown_drug").title == "Retired: not in the medication catalog"
    assert summary.trial_judgements[1] is TrialJudgement.POSSIBLY_ADEQUATE


# --- The side-effect contrast -------------------------------------------------------------


def test_the_side_effect_contrast_names_misuse_and_the_rise_in_heart_rate_and_blood_pressure():
    trials = (make_trial("sertraline", side_effects=("sexual",)), make_trial("escitalopram"))
    explanation = finding(
        summary_of(make_snapshot(trials=trials)), "side_effects_contrast"
    ).explanation

    assert "a rise in heart rate and blood pressure" in explanation
    assert "a potential for misuse" in explanation
    assert "dissociation" in explanation


# --- An incomplete PHQ-9 beside a prior response ------------------------------------------


def test_an_incomplete_phq9_with_a_prior_response_agrees_with_its_verdict():
    summary = summary_of(
        make_snapshot(phq9=(2, 2, 1), other_treatments={"esketamine": "yes"}, trials=())
    )

    assert summary.verdict is Verdict.WORTH_ASKING_PRIOR_RESPONSE
    explanation = finding(summary, "phq9_incomplete").explanation
    assert "severity is unknown" in explanation
    assert "cannot suggest" not in explanation


def test_an_incomplete_phq9_without_a_prior_response_still_holds_the_verdict_back():
    summary = summary_of(make_snapshot(phq9=(2, 2, 1)))

    assert summary.verdict is Verdict.OTHER_OPTIONS_FIRST
    assert "cannot suggest asking about ketamine" in finding(summary, "phq9_incomplete").explanation


# --- Screener answers a Spanish speaker gave in English -----------------------------------


def test_a_spanish_speaker_who_said_yes_on_the_english_cssrs_gets_an_urgent_finding():
    summary = summary_of(
        make_snapshot(
            phq9=phq9(15, item9=1),
            cssrs=ELEVATED,
            preferred_language="es",
            answered_in_english=("C-SSRS",),
        )
    )

    found = finding(summary, "answered_in_english")
    assert found.title == "Answered in English: confirm the answers in the patient's language"
    assert found.level is Level.URGENT
    assert "the C-SSRS screener in English" in found.explanation
    assert [(e.question, e.answer) for e in found.evidence] == [
        ("Preferred language", "Spanish"),
        ("Language of the C-SSRS questions", "English"),
    ]


def test_english_answers_without_a_yes_ask_staff_to_confirm_them():
    summary = summary_of(
        make_snapshot(
            cssrs=CssrsAnswers(wished_dead=False, suicidal_thoughts=False, behaviour_ever=False),
            preferred_language="es",
            answered_in_english=("GAD-7", "C-SSRS"),
        )
    )

    found = finding(summary, "answered_in_english")
    assert found.level is Level.CONSIDER
    assert "the GAD-7 and the C-SSRS screener in English" in found.explanation


def test_an_english_phq9_with_item_9_above_zero_is_urgent_too():
    summary = summary_of(
        make_snapshot(
            phq9=phq9(12, item9=1), preferred_language="es", answered_in_english=("PHQ-9",)
        )
    )

    assert finding(summary, "answered_in_english").level is Level.URGENT


@pytest.mark.parametrize(
    ("language", "english"), [("en", ("C-SSRS",)), ("es", ()), ("", ("PHQ-9", "GAD-7"))]
)
def test_nobody_else_gets_the_english_answers_finding(language, english):
    summary = summary_of(
        make_snapshot(cssrs=ELEVATED, preferred_language=language, answered_in_english=english)
    )

    assert "answered_in_english" not in codes(summary)


def test_the_rules_are_version_4():
    assert guidance.RULES_VERSION == "4"
    assert summary_of(make_snapshot()).rules_version == "4"


@pytest.mark.parametrize(
    ("reason", "words"),
    [
        ("no_help", "(stopped because it did not help)"),
        ("side_effects", "(stopped because of side effects)"),
        ("other", "(stopped for another reason)"),
    ],
)
def test_a_trials_stop_reason_reads_as_a_sentence(reason, words):
    trials = (make_trial("sertraline", stop_reason=reason), make_trial("escitalopram"))
    first = next(
        item
        for item in summary_of(make_snapshot(trials=trials)).findings
        if item.code == "trial_failed_adequate"
    )

    assert words in first.explanation
