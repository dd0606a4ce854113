"""About thirty realistic, fictional evaluation requests for `manage.py seed_demo`.

They cover every verdict of the summary, urgent and imminent-risk requests, and every status.
Names, e-mail addresses (@demo.example) and phone numbers (555-01xx) are invented.
"""

import random
from datetime import date, timedelta

from django.utils import timezone

from intake.domain import questions
from intake.domain.answers import IntakeAnswers
from intake.models import Medication

FIRST_NAMES = [
    "Maya",
    "Luis",
    "Priya",
    "Daniel",
    "Grace",
    "Omar",
    "Hannah",
    "Mateo",
    "Aisha",
    "Ethan",
    "Sofia",
    "Noah",
    "Chloe",
    "Kwame",
    "Elena",
    "Ryan",
    "Fatima",
    "Lucas",
    "Mei",
    "Jamal",
    "Rosa",
    "Owen",
    "Leila",
    "Samuel",
    "Ines",
    "Tariq",
    "Julia",
    "Diego",
    "Nora",
    "Ben",
]
LAST_NAMES = [
    "Alvarez",
    "Brooks",
    "Chen",
    "Dawson",
    "Evans",
    "Farah",
    "Garcia",
    "Hughes",
    "Ibrahim",
    "Jensen",
    "Kim",
    "Lopez",
    "Morgan",
    "Nkemelu",
    "Ortiz",
    "Patel",
    "Quinn",
    "Reyes",
    "Singh",
    "Turner",
    "Umar",
    "Vasquez",
    "Walsh",
    "Xu",
    "Young",
    "Zamora",
    "Baker",
    "Cole",
    "Diaz",
    "Ellis",
]

# (profile, status) for each demo request. Profiles are defined in `answers_for`.
PLAN = [
    ("two_failed", "new"),
    ("long_trials_short_episode", "in_review"),
    ("imminent_prior_ketamine", "contacted"),
    ("two_failed", "scheduled"),
    ("two_failed", "evaluated"),
    ("three_failed", "new"),
    ("contraindication_bp", "new"),
    ("cautions_bipolar", "in_review"),
    ("cautions_benzo", "contacted"),
    ("cautions_substance", "closed"),
    ("prior_ketamine", "new"),
    ("prior_esketamine", "scheduled"),
    ("one_failed", "new"),
    ("earlier_episode", "closed"),
    ("mild", "in_review"),
    ("aneurysm", "new"),
    ("too_short", "new"),
    ("low_dose", "contacted"),
    ("unsure_dose", "new"),
    ("no_trials", "new"),
    ("urgent_two_failed", "new"),
    ("urgent_one_failed", "in_review"),
    ("urgent_elevated", "new"),
    ("imminent", "new"),
    ("imminent_past_behaviour", "new"),
    ("stroke_bleed", "closed"),
    ("adequacy_unknown", "evaluated"),
    ("cautions_pregnancy", "new"),
    ("not_sure_answers", "new"),
    ("helped_then_relapsed", "contacted"),
]

NO = dict.fromkeys(questions.SCREENING_ASKED_OF_ALL, "no")


def trial(
    name,
    dose,
    weeks,
    response="not_at_all",
    *,
    still_taking=False,
    side_effects=(),
    current_episode="yes",
):
    medication = Medication.objects.get(name=name) if name else None
    return {
        "medication": str(medication.pk) if medication else "other",
        "other_name": "" if medication else "Agomelatine",
        "dose_mg": dose,
        "weeks": weeks,
        "still_taking": still_taking,
        "response": response,
        "side_effects": list(side_effects),
        "side_effects_other": "",
        "stop_reason": "" if still_taking else ("side_effects" if side_effects else "no_help"),
        "current_episode": current_episode,
    }


def answers_for(profile: str, index: int, rng: random.Random) -> IntakeAnswers:
    phq_level = 2
    item9 = 0
    safety = None
    screening = dict(NO)
    treatments = {"psychotherapy": rng.choice(["partly", "no", "yes"])}
    trials = [
        trial("Sertraline", 150, 10, side_effects=["sexual", "numbness"]),
        trial("Escitalopram", 20, 8, "a_little", side_effects=["weight_gain"]),
    ]
    if profile == "three_failed":
        trials.append(trial("Venlafaxine", 225, 12, "worse", side_effects=["nausea", "sleep"]))
    elif profile == "contraindication_bp":
        screening |= {"high_blood_pressure": "yes", "blood_pressure_controlled": "no"}
    elif profile == "aneurysm":
        screening |= {"aneurysm": "yes"}
    elif profile == "earlier_episode":
        trials[1]["current_episode"] = "no"
    elif profile == "cautions_bipolar":
        screening |= {"bipolar": "yes"}
    elif profile == "cautions_benzo":
        screening |= {"benzodiazepines": "yes"}
    elif profile == "cautions_substance":
        screening |= {"substance_use": "past"}
    elif profile == "cautions_pregnancy":
        screening |= {"pregnancy": "yes"}
    elif profile == "prior_ketamine":
        treatments["ketamine"] = "yes"
        trials = trials[:1]
    elif profile == "prior_esketamine":
        treatments["esketamine"] = "yes"
        screening |= {"bipolar": "yes"}
    elif profile == "one_failed":
        trials = trials[:1]
    elif profile == "mild":
        phq_level = 1
    elif profile == "too_short":
        trials = [trial("Sertraline", 100, 3), trial("Fluoxetine", 20, 4, "a_little")]
    elif profile == "low_dose":
        trials = [trial("Sertraline", 25, 10), trial("Duloxetine", 20, 8)]
    elif profile == "unsure_dose":
        trials = [trial("Citalopram", None, 9), trial(None, None, 12, "a_little")]
    elif profile == "no_trials":
        trials = []
    elif profile == "helped_then_relapsed":
        trials = [trial("Bupropion", 300, 20, "a_lot"), trial("Mirtazapine", 30, 10)]
    elif profile == "not_sure_answers":
        screening |= {"heart_disease": "not_sure", "lamotrigine": "not_sure"}
    elif profile == "stroke_bleed":
        screening |= {"stroke": "yes", "stroke_bleed": "yes"}
    elif profile == "long_trials_short_episode":
        trials = [trial("Sertraline", 150, 30), trial("Escitalopram", 20, 30, "a_little")]
    elif profile == "adequacy_unknown":
        trials = [trial("Sertraline", 150, 10), trial("Fluvoxamine", 200, 12)]
    elif profile.startswith(("urgent", "imminent")):
        item9 = 1 if profile == "urgent_two_failed" else 2
        safety = {
            "wished_dead": True,
            "suicidal_thoughts": profile != "urgent_two_failed",
            "method": None,
            "intent": None,
            "plan": None,
            "behaviour_ever": profile == "imminent_past_behaviour",
            "behaviour_past_3_months": True if profile == "imminent_past_behaviour" else None,
        }
        if safety["suicidal_thoughts"]:
            intent = profile in ("imminent", "imminent_prior_ketamine")
            safety |= {"method": True, "intent": intent, "plan": False}
        if profile == "urgent_one_failed":
            trials = trials[:1]
        if profile == "imminent_prior_ketamine":
            treatments["ketamine"] = "yes"

    phq9 = [min(3, max(0, phq_level + rng.choice([-1, 0, 0, 1]))) for _ in range(8)] + [item9]
    if profile == "mild":
        phq9 = [1, 1, 1, 0, 1, 1, 0, 1, 0]
    gad7 = [rng.choice([0, 1, 1, 2, 2, 3]) for _ in range(7)]
    born = date(1960 + (index * 7) % 40, 1 + index % 12, 1 + (index * 3) % 28)
    first, last = FIRST_NAMES[index], LAST_NAMES[index]
    language = "es" if index % 7 == 3 else "en"
    return IntakeAnswers(
        about={
            "first_name": first,
            "last_name": last,
            "preferred_name": "",
            "date_of_birth": born,
            "email": f"{first}.{last}@demo.example".lower(),
            "phone": f"+1202555{100 + index:04d}",
            "preferred_contact": rng.choice(["email", "phone", "text"]),
            "preferred_language": language,
            "sex": ("female", "male", "female", "male", "other", "declined")[index % 6],
            "gender_identity": "Non-binary" if index % 6 == 4 else "",
        },
        phq9=phq9,
        difficulty=rng.choice(["somewhat", "very", "extremely"]),
        gad7=gad7,
        safety=safety,
        episode_length=_episode_length(profile, rng),
        trials=trials,
        other_treatments=treatments,
        screening=screening,
        screening_details={"benzodiazepines": "Lorazepam as needed"}
        if profile == "cautions_benzo"
        else {},
        current_medicines="See trials above." if trials else "",
        preferences={
            "visit_type": rng.choice(["in_person", "telehealth", "either"]),
            "preferred_times": rng.sample(
                ["weekday_mornings", "weekday_afternoons", "weekday_evenings", "weekends"], 2
            ),
            "referring_provider": rng.choice(["", "Dr. Amara Osei", "Dr. Paul Lindqvist"]),
            "heard_about": rng.choice(["clinician", "search", "friend"]),
            "anything_else": "",
        },
        languages=questions.questionnaire_languages(language),
    )


def _episode_length(profile: str, rng: random.Random) -> str:
    # Drawn for every profile, so each demo request's other random answers stay the same.
    drawn = rng.choice(["6_to_12_months", "1_to_2_years", "over_2_years"])
    return "under_6_months" if profile == "long_trials_short_episode" else drawn


def submitted_at(index: int):
    return timezone.now() - timedelta(days=(len(PLAN) - index) * 0.7, hours=index % 5)
