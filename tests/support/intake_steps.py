"""Valid answers for every intake step, and helpers that walk the wizard with the test client."""

from intake.models import Medication

ABOUT = {
    "first_name": "Jordan",
    "last_name": "Rivera",
    "preferred_name": "Jo",
    "date_of_birth": "1985-04-12",
    "sex": "female",
    "email": "jordan.rivera@example.com",
    "phone": "(202) 555-0147",
    "preferred_contact": "email",
    "preferred_language": "en",
}


def feelings(item9: int = 0, each: int = 2) -> dict:
    data = {f"phq9_{n}": str(each) for n in range(1, 9)}
    data["phq9_9"] = str(item9)
    data["difficulty"] = "very"
    data.update({f"gad7_{n}": "1" for n in range(1, 8)})
    return data


SAFETY_NO_INTENT = {
    "wished_dead": "yes",
    "suicidal_thoughts": "no",
    "behaviour_ever": "no",
}
SAFETY_INTENT = {
    "wished_dead": "yes",
    "suicidal_thoughts": "yes",
    "method": "yes",
    "intent": "yes",
    "plan": "no",
    "behaviour_ever": "no",
}


def trial(
    index: int, name: str, dose: str = "", weeks: str = "", response: str = "not_at_all", **extra
) -> dict:
    medication = Medication.objects.get(name=name).pk if name != "other" else "other"
    row = {
        "medication": str(medication),
        "other_name": extra.pop("other_name", ""),
        "dose_mg": dose,
        "weeks": weeks,
        "still_taking": extra.pop("still_taking", "no"),
        "current_episode": extra.pop("current_episode", "yes"),
        "response": response,
        "side_effects_other": "",
        "stop_reason": extra.pop("stop_reason", "no_help"),
        **extra,
    }
    return {f"trials-{index}-{key}": value for key, value in row.items()}


def history(*rows: dict, **treatments) -> dict:
    data = {
        "episode_length": "1_to_2_years",
        "trials-TOTAL_FORMS": str(len(rows)),
        "trials-INITIAL_FORMS": "0",
        "trials-MIN_NUM_FORMS": "0",
        "trials-MAX_NUM_FORMS": "20",
    }
    for row in rows:
        data.update(row)
    data.update({f"treatment_{kind}": value for kind, value in treatments.items()})
    return data


def screening(**overrides) -> dict:
    data = {
        "psychosis": "no",
        "bipolar": "no",
        "substance_use": "no",
        "nonmedical_ketamine": "no",
        "high_blood_pressure": "no",
        "heart_disease": "no",
        "stroke": "no",
        "aneurysm": "no",
        "brain_bleed": "no",
        "pregnancy": "no",
        "liver_disease": "no",
        "bladder_problems": "no",
        "ketamine_allergy": "no",
        "ketamine_reaction": "no",
        "benzodiazepines": "no",
        "sedating_medicines": "no",
        "lamotrigine": "no",
        "maoi": "no",
        "stimulants": "no",
        "current_medicines": "Sertraline 100 mg",
    }
    data.update(overrides)
    return data


REQUEST = {
    "visit_type": "telehealth",
    "preferred_times": ["weekday_mornings", "weekends"],
    "referring_provider": "Dr. Patel",
    "heard_about": "clinician",
    "anything_else": "Mornings are best.",
}

SELF_PAY = {"payment": "self_pay"}


def insurance(**overrides) -> dict:
    """Insurance from the clinic's list, in the patient's own name, with a referral."""
    from intake.models import Insurer

    data = {
        "payment": "insurance",
        "insurer": str(Insurer.objects.get_or_create(name="Aetna")[0].pk),
        "member_id": "W123456789",
        "group_number": "GRP-42",
        "subscriber": "self",
        "has_referral": "yes",
        "referral_name": "Dr. Ana Patel",
        "referral_practice": "Riverside Family Medicine",
        "referral_phone": "(202) 555-0188",
    }
    data.update(overrides)
    return data


CONSENT = {
    "consent_contact": "on",
    "consent_not_emergency": "on",
    "consent_privacy": "on",
    "signature": "Jordan Rivera",
}


def two_failed_trials() -> dict:
    return history(
        trial(0, "Sertraline", dose="100", weeks="8"),
        trial(1, "Escitalopram", dose="20", weeks="10", response="a_little"),
    )


def fill_intake(
    client,
    *,
    item9: int = 0,
    safety: dict | None = None,
    history_data=None,
    about=None,
    payment=None,
):
    """Walk every step with valid answers and land on the review page."""
    steps = [
        ("about", about or ABOUT),
        ("feelings", feelings(item9)),
    ]
    if item9 > 0:
        steps.append(("safety", safety or SAFETY_NO_INTENT))
    steps += [
        ("history", history_data or two_failed_trials()),
        ("screening", screening()),
        ("request", REQUEST),
        ("payment", payment or SELF_PAY),
    ]
    for name, data in steps:
        response = client.post(f"/intake/{name}/", data)
        assert response.status_code == 302, (name, response.content.decode()[:3000])
    return client.get("/intake/review/")


def submit_intake(client, **kwargs):
    fill_intake(client, **kwargs)
    return client.post("/intake/review/", CONSENT)
