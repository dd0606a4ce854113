"""The intake's questions and answer choices, in one place for forms, models and pages.

Plain data, no Django import: the wording patients read and the values stored for each answer.
The PHQ-9 and GAD-7 (Pfizer, free to reproduce) keep their published wording.
"""

FREQUENCY = [
    (0, "Not at all"),
    (1, "Several days"),
    (2, "More than half the days"),
    (3, "Nearly every day"),
]

# The stems and the difficulty question as the feelings step shows them (intake/forms.py).
PHQ9_STEM = (
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
)
GAD7_STEM = "Over the last 2 weeks, how often have you been bothered by the following problems?"
DIFFICULTY_QUESTION = (
    "If you checked off any problems, how difficult have these problems made it for you to do "
    "your work, take care of things at home, or get along with other people?"
)

PHQ9 = [
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself, or that you are a failure or have let yourself or your "
    "family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed, or the opposite: "
    "being so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead, or of hurting yourself in some way",
]

DIFFICULTY = [
    ("not_difficult", "Not difficult at all"),
    ("somewhat", "Somewhat difficult"),
    ("very", "Very difficult"),
    ("extremely", "Extremely difficult"),
]

GAD7 = [
    "Feeling nervous, anxious, or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid, as if something awful might happen",
]

# C-SSRS screener, past month (questions 3-5 only when question 2 is yes).
CSSRS = {
    "wished_dead": "Have you wished you were dead or wished you could go to sleep and not wake up?",
    "suicidal_thoughts": "Have you actually had any thoughts of killing yourself?",
    "method": "Have you been thinking about how you might do this?",
    "intent": "Have you had these thoughts and had some intention of acting on them?",
    "plan": "Have you started to work out or worked out the details of how to kill yourself, "
    "and do you intend to carry out this plan?",
    "behaviour_ever": "Have you ever done anything, started to do anything, or prepared to do "
    "anything to end your life?",
    "behaviour_past_3_months": "Was this within the past 3 months?",
}

CONTACT_METHODS = [("email", "E-mail"), ("phone", "Phone call"), ("text", "Text message")]
LANGUAGES = [("en", "English"), ("es", "Spanish")]

EPISODE_LENGTHS = [
    ("under_6_months", "Less than 6 months"),
    ("6_to_12_months", "6 to 12 months"),
    ("1_to_2_years", "1 to 2 years"),
    ("over_2_years", "More than 2 years"),
]
EPISODE_MONTHS = {"under_6_months": 3, "6_to_12_months": 9, "1_to_2_years": 18, "over_2_years": 30}

RESPONSES = [
    ("not_at_all", "Not at all"),
    ("a_little", "A little (less than half better)"),
    ("a_lot", "A lot (half or more better)"),
    ("gone", "My symptoms went away"),
    ("worse", "It made me worse"),
    ("too_early", "Too early to tell"),
]

SIDE_EFFECTS = [
    ("sexual", "Sexual problems"),
    ("numbness", "Emotional numbness"),
    ("weight_gain", "Weight gain"),
    ("nausea", "Nausea"),
    ("sleep", "Sleep problems"),
    ("tiredness", "Tiredness"),
    ("anxiety", "Anxiety or agitation"),
    ("other", "Other"),
]

CURRENT_EPISODE = "Was this during your current episode of depression?"

STOP_REASONS = [
    ("side_effects", "Side effects"),
    ("no_help", "It did not help"),
    ("cost", "Cost"),
    ("other", "Another reason"),
]

OTHER_TREATMENTS = [
    ("psychotherapy", "Psychotherapy (talk therapy)"),
    ("tms", "TMS (transcranial magnetic stimulation)"),
    ("ect", "ECT (electroconvulsive therapy)"),
    ("esketamine", "Esketamine nasal spray (Spravato)"),
    ("ketamine", "Ketamine"),
    ("augmentation", "Augmentation (lithium, an antipsychotic or thyroid hormone)"),
    ("other", "Other treatment"),
]

HELPED = [("yes", "Yes"), ("partly", "Partly"), ("no", "No")]

YES_NO_NOT_SURE = [("yes", "Yes"), ("no", "No"), ("not_sure", "Not sure")]
SUBSTANCE_USE = [
    ("no", "No"),
    ("current", "Yes, now"),
    ("past", "Yes, in the past"),
    ("not_sure", "Not sure"),
]

# Health screening: key -> question, in the order asked. Each has a yes / no / not sure answer
# (substance use: no / now / in the past / not sure) and a detail box. Version 3 of these
# questions (SCREENING_VERSION) split the old vascular question so that the esketamine label's
# contraindications are asked one by one, and added sedating medicines and non-medical ketamine.
SCREENING = {
    "psychosis": "Have you ever had psychosis or been diagnosed with schizophrenia?",
    "bipolar": "Have you been diagnosed with bipolar disorder, or had an episode of mania?",
    "substance_use": "Have you had a problem with alcohol or drug use?",
    "nonmedical_ketamine": "Have you ever used ketamine without a prescription or outside "
    "medical care?",
    "high_blood_pressure": "Do you have high blood pressure?",
    "blood_pressure_controlled": "If yes, is it controlled (with or without medicine)?",
    "heart_disease": "Have you had heart disease or a stroke?",
    "aneurysm": "Have you been told you have an aneurysm (a bulging blood vessel) or an "
    "arteriovenous malformation (AVM, a tangle of blood vessels), anywhere in the body?",
    "brain_bleed": "Have you ever had bleeding in the brain?",
    "pregnancy": "Are you pregnant, trying to become pregnant, or breastfeeding?",
    "liver_disease": "Do you have liver disease?",
    "bladder_problems": "Do you have bladder or urinary problems?",
    "ketamine_allergy": "Have you ever had an allergic reaction to ketamine or esketamine "
    "(Spravato)?",
    "ketamine_reaction": "Have you ever had a bad reaction to ketamine or to anaesthesia?",
    "benzodiazepines": "Do you take a benzodiazepine (for example lorazepam, clonazepam, "
    "alprazolam, diazepam)?",
    "sedating_medicines": "Do you take an opioid pain medicine or another medicine that makes "
    "you drowsy (for example oxycodone, hydrocodone, tramadol, or a sleeping pill)?",
    "lamotrigine": "Do you take lamotrigine (Lamictal)?",
    "maoi": "Do you take an MAO inhibitor (for example phenelzine, tranylcypromine, selegiline)?",
    "stimulants": "Do you take a stimulant (for example amphetamine or methylphenidate)?",
}
SCREENING_VERSION = 3
# Questions an intake made before SCREENING_VERSION 3 did not ask, and the wording it used for
# the questions it asked differently.
SCREENING_ADDED_IN_3 = (
    "nonmedical_ketamine",
    "aneurysm",
    "brain_bleed",
    "ketamine_allergy",
    "sedating_medicines",
)
SCREENING_BEFORE_3 = {
    "heart_disease": "Have you had heart disease, a stroke, an aneurysm or a bleed in the brain?",
}

VISIT_TYPES = [
    ("in_person", "In person"),
    ("telehealth", "Telehealth (video)"),
    ("either", "Either"),
]
PREFERRED_TIMES = [
    ("weekday_mornings", "Weekday mornings"),
    ("weekday_afternoons", "Weekday afternoons"),
    ("weekday_evenings", "Weekday evenings"),
    ("weekends", "Weekends"),
]
HEARD_ABOUT = [
    ("clinician", "My doctor or therapist"),
    ("search", "Web search"),
    ("friend", "Friend or family"),
    ("social", "Social media"),
    ("insurance", "Insurance directory"),
    ("other", "Other"),
]

# The not-emergency sentence names the RESPONSE_BUSINESS_DAYS setting: a clinic that changes
# the setting changes the consent's wording, and bumps this version with it.
CONSENT_TEXT_VERSION = "2026-12-1"
CONSENT_CONTACT = "I agree that the clinic may contact me by the method I chose about this request."


def response_time(business_days: int) -> str:
    """ "one business day", "2 business days": how soon the team reads a request."""
    return "one business day" if business_days == 1 else f"{business_days} business days"


def consent_not_emergency(business_days: int) -> str:
    return (
        "I understand that this form is not emergency care, that nobody may read it for up to "
        f"{response_time(business_days)}, and that any summary made from my answers is "
        "education for the clinic's staff, not a diagnosis."
    )


CONSENT_PRIVACY = "I have read the privacy notice."


def label(choices, value) -> str:
    """The patient-facing label of a stored value ('' when there is none)."""
    return dict(choices).get(value, "")
