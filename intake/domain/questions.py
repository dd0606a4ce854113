"""The intake's questions and answer choices, in one place for forms, models and pages.

Plain data, no Django import: the wording patients read and the values stored for each answer.
The PHQ-9 and GAD-7 (Pfizer, free to reproduce) keep their published wording.

Patient-facing strings are marked with `_`, a no-op here (this module imports nothing from
Django): makemessages extracts them into locale/*/LC_MESSAGES/django.po, and forms, templates
and views translate the value at display time (intake/web/translation.py). Stored answers are codes,
so a Spanish answer reads the same to staff as an English one.

Where each instrument's wording comes from (every text is reproduced character for character and
held by tests/domain/test_instrument_texts.py; none is translated by us):
- PHQ-9, English: Pfizer Inc., "Patient Health Questionnaire-9 (PHQ-9)", English for the USA
  (phqscreeners.com). Read 7 December 2026 from the transcription of that PDF in the public
  repository vasudigumarthi/truvex-content, phq9/source.json (it records the PDF's digest). Items
  6 and 8 carry the form's em dash, item 8 its question mark, item 9 no comma.
- PHQ-9, Spanish: Pfizer's official US Spanish version, "CUESTIONARIO SOBRE LA SALUD DEL
  PACIENTE-9 (PHQ-9)" ("Elaborado por los doctores Robert L. Spitzer, Janet B.W. Williams, Kurt
  Kroenke y colegas, mediante una subvención educativa otorgada por Pfizer Inc. No se requiere
  permiso para reproducir, traducir, presentar o distribuir."), read from a copy of Pfizer's PDF
  at https://es.studenta.com/content/129686767/patient-health-questionnaire-9-spanish and, on 7
  December 2026, checked against the same repository's "Spanish for the USA" transcription (its
  stem, nine items, the answer scale and the difficulty question). It lives in
  locale/es/LC_MESSAGES/django.po, like every translated string.
- GAD-7, Spanish: Pfizer Inc., "GAD-7", Spanish for the USA (phqscreeners.com), the same
  developers and permission line as the PHQ-9. Pfizer's PDF could not be opened here; the text
  was read on 7 December 2026 from public repositories that reproduce it: a voice-screening
  prototype's VoiceTestContent.kt (package com.runanywhere.runanywhereai.ui.screens.voicetest)
  names the document ("versión 'Spanish for the USA' de phqscreeners.com") and shows its stem,
  seven items and answer scale unchanged, and at least five unrelated projects carry the same
  seven items word for word (some adding question marks or full stops). Like the PHQ-9's, it
  lives in the .po.
- GAD-7, English: Pfizer's GAD-7, English for the USA (phqscreeners.com), as earlier rounds
  reproduced it; it was not read again against the PDF in this round.
- C-SSRS screener, English: The Columbia Lighthouse Project, "Columbia-Suicide Severity Rating
  Scale (C-SSRS) Screen Version - Recent" (cssrs.columbia.edu), read 7 December 2026 from
  reproductions in public repositories (question 5 as two questions, as Columbia prints it).
- C-SSRS screener, Spanish: Columbia publishes the screener in Spanish, but no copy that could
  be cited was readable here: the reproductions read in public repositories disagree with one
  another (question 5 ends "¿Tiene intención de llevar a cabo ese plan?", "... este plan?" or
  "¿Tenía intenciones de llevar a cabo este plan?"; question 6 comes in three wordings) and none
  says which Spanish version (for which country) it copies. So the screener stays in English,
  marked lang="en", under a note that says its Spanish version is not available here (never
  that none exists); staff are told when a patient who prefers Spanish answered it in English
  (domain/guidance/safety.py).
"""


def _(message: str) -> str:
    """Marks a string for translation; the translation happens where it is shown."""
    return message


def pgettext(context: str, message: str) -> str:
    """Marks a string for translation in a context (the same English words elsewhere mean
    something else); also a no-op here."""
    return message


# The PHQ-9 and GAD-7 answer scale: "Not at all" is also an answer about a medication.
FREQUENCY_CONTEXT = "PHQ-9 answer"


FREQUENCY = [
    (0, pgettext("PHQ-9 answer", "Not at all")),
    (1, pgettext("PHQ-9 answer", "Several days")),
    (2, pgettext("PHQ-9 answer", "More than half the days")),
    (3, pgettext("PHQ-9 answer", "Nearly every day")),
]

# The stems and the difficulty question as the feelings step shows them (forms/intake.py).
PHQ9_STEM = _(
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
)
GAD7_STEM = _("Over the last 2 weeks, how often have you been bothered by the following problems?")
DIFFICULTY_QUESTION = _(
    "If you checked off any problems, how difficult have these problems made it for you to do "
    "your work, take care of things at home, or get along with other people?"
)

PHQ9 = [
    _("Little interest or pleasure in doing things"),
    _("Feeling down, depressed, or hopeless"),
    _("Trouble falling or staying asleep, or sleeping too much"),
    _("Feeling tired or having little energy"),
    _("Poor appetite or overeating"),
    _(
        "Feeling bad about yourself — or that you are a failure or have let yourself or your "
        "family down"
    ),
    _("Trouble concentrating on things, such as reading the newspaper or watching television"),
    _(
        "Moving or speaking so slowly that other people could have noticed? Or the opposite "
        "— being so fidgety or restless that you have been moving around a lot more than "
        "usual"
    ),
    _("Thoughts that you would be better off dead or of hurting yourself in some way"),
]

DIFFICULTY = [
    ("not_difficult", _("Not difficult at all")),
    ("somewhat", _("Somewhat difficult")),
    ("very", _("Very difficult")),
    ("extremely", _("Extremely difficult")),
]

# The GAD-7 in Pfizer's US English; its official US Spanish wording is in the .po (module
# docstring).
GAD7 = [
    _("Feeling nervous, anxious, or on edge"),
    _("Not being able to stop or control worrying"),
    _("Worrying too much about different things"),
    _("Trouble relaxing"),
    _("Being so restless that it is hard to sit still"),
    _("Becoming easily annoyed or irritable"),
    _("Feeling afraid, as if something awful might happen"),
]

# C-SSRS screener (Columbia's Screen Version - Recent), in English in every language (module
# docstring): questions 1-5 ask about the past month (3-5 only when question 2 is yes),
# question 6 about the whole life and, when yes, the past 3 months.
CSSRS = {
    "wished_dead": "Have you wished you were dead or wished you could go to sleep and not wake up?",
    "suicidal_thoughts": "Have you actually had any thoughts of killing yourself?",
    "method": "Have you been thinking about how you might do this?",
    "intent": "Have you had these thoughts and had some intention of acting on them?",
    "plan": "Have you started to work out or worked out the details of how to kill yourself? "
    "Do you intend to carry out this plan?",
    "behaviour_ever": "Have you ever done anything, started to do anything, or prepared to do "
    "anything to end your life?",
    "behaviour_past_3_months": "Was this within the past 3 months?",
}
# The screener's answers, in the order asked: the one list of its keys.
CSSRS_KEYS = tuple(CSSRS)

# The questionnaires, and those with an official Spanish version here (module docstring): the
# C-SSRS screener is shown in English on every page.
QUESTIONNAIRES = ("PHQ-9", "GAD-7", "C-SSRS")
TRANSLATED_QUESTIONNAIRES = frozenset({"PHQ-9", "GAD-7"})


def questionnaire_languages(language: str) -> dict[str, str]:
    """The language each questionnaire's questions are shown in on a page in `language`."""
    return {
        name: language if name in TRANSLATED_QUESTIONNAIRES else "en" for name in QUESTIONNAIRES
    }


CONTACT_METHODS = [("email", _("E-mail")), ("phone", _("Phone call")), ("text", _("Text message"))]
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]

# Sex as the patient's records give it, and the answer of a patient who would rather not say.
# Gender identity is asked apart, in the patient's own words, as US Core keeps the two apart.
SEX_DECLINED = "declined"
SEXES = [
    ("female", _("Female")),
    ("male", _("Male")),
    ("other", _("Another sex (for example intersex or X)")),
    (SEX_DECLINED, _("I would rather not say")),
]

EPISODE_LENGTHS = [
    ("under_6_months", _("Less than 6 months")),
    ("6_to_12_months", _("6 to 12 months")),
    ("1_to_2_years", _("1 to 2 years")),
    ("over_2_years", _("More than 2 years")),
]
EPISODE_MONTHS = {"under_6_months": 3, "6_to_12_months": 9, "1_to_2_years": 18, "over_2_years": 30}
# The longest each answer allows, in whole weeks (6 months are 26 weeks, a year 52, two 104);
# "more than 2 years" sets no limit.
EPISODE_MAX_WEEKS = {"under_6_months": 26, "6_to_12_months": 52, "1_to_2_years": 104}

RESPONSES = [
    ("not_at_all", _("Not at all")),
    ("a_little", _("A little (less than half better)")),
    ("a_lot", _("A lot (half or more better)")),
    ("gone", _("My symptoms went away")),
    ("worse", _("It made me worse")),
    ("too_early", _("Too early to tell")),
]

SIDE_EFFECTS = [
    ("sexual", _("Sexual problems")),
    ("numbness", _("Emotional numbness")),
    ("weight_gain", _("Weight gain")),
    ("nausea", _("Nausea")),
    ("sleep", _("Sleep problems")),
    ("tiredness", _("Tiredness")),
    ("anxiety", _("Anxiety or agitation")),
    ("other", _("Other")),
]

CURRENT_EPISODE = _("Was this during your current episode of depression?")
EPISODE_QUESTION = _("How long has this episode of depression lasted?")

# Each antidepressant trial's questions as the treatment step shows them (forms/intake.py); the
# summary's evidence quotes the same words (domain/guidance/evidence.py).
TRIAL_QUESTIONS = {
    "medication": _("Medication"),
    "dose_mg": _("Highest daily dose (mg)"),
    "weeks": _("Weeks at that dose"),
    "still_taking": _("Are you still taking it?"),
    "response": _("How much did it help?"),
    "side_effects": _("Side effects you had"),
    "stop_reason": _("Why did you stop?"),
}

STOP_REASONS = [
    ("side_effects", _("Side effects")),
    ("no_help", _("It did not help")),
    ("cost", _("Cost")),
    ("other", _("Another reason")),
]

OTHER_TREATMENTS = [
    ("psychotherapy", _("Psychotherapy (talk therapy)")),
    ("tms", _("TMS (transcranial magnetic stimulation)")),
    ("ect", _("ECT (electroconvulsive therapy)")),
    ("esketamine", _("Esketamine nasal spray (Spravato)")),
    ("ketamine", _("Ketamine")),
    ("augmentation", _("Augmentation (lithium, an antipsychotic or thyroid hormone)")),
    ("other", _("Other treatment")),
]

HELPED = [("yes", _("Yes")), ("partly", _("Partly")), ("no", _("No"))]

YES_NO_NOT_SURE = [("yes", _("Yes")), ("no", _("No")), ("not_sure", _("Not sure"))]
SUBSTANCE_USE = [
    ("no", _("No")),
    ("current", _("Yes, now")),
    ("past", _("Yes, in the past")),
    ("not_sure", _("Not sure")),
]

# Health screening: key -> question, in the order asked. Each has a yes / no / not sure answer
# (substance use: no / now / in the past / not sure) and a detail box. Version 3 of these
# questions (SCREENING_VERSION) split the old vascular question so that the esketamine label's
# contraindications are asked one by one, and added sedating medicines and non-medical ketamine;
# version 4 asks heart disease and stroke apart, and whether a stroke was a bleed.
SCREENING = {
    "psychosis": _("Have you ever had psychosis or been diagnosed with schizophrenia?"),
    "bipolar": _("Have you been diagnosed with bipolar disorder, or had an episode of mania?"),
    "substance_use": _("Have you had a problem with alcohol or drug use?"),
    "nonmedical_ketamine": _(
        "Have you ever used ketamine without a prescription or outside medical care?"
    ),
    "high_blood_pressure": _("Do you have high blood pressure?"),
    "blood_pressure_controlled": _("If yes, is it controlled (with or without medicine)?"),
    "heart_disease": _("Have you had heart disease?"),
    "stroke": _("Have you had a stroke?"),
    # A stroke caused by bleeding is an intracerebral haemorrhage, a contraindication in the
    # esketamine label; any other stroke is a caution (domain/guidance/screening.py).
    "stroke_bleed": _("Was it caused by bleeding in the brain?"),
    "aneurysm": _(
        "Have you been told you have an aneurysm (a bulging blood vessel) or an "
        "arteriovenous malformation (AVM, a tangle of blood vessels), anywhere in the body?"
    ),
    "brain_bleed": _("Have you ever had bleeding in the brain?"),
    "pregnancy": _("Are you pregnant, trying to become pregnant, or breastfeeding?"),
    "liver_disease": _("Do you have liver disease?"),
    "bladder_problems": _("Do you have bladder or urinary problems?"),
    "ketamine_allergy": _(
        "Have you ever had an allergic reaction to ketamine or esketamine (Spravato)?"
    ),
    "ketamine_reaction": _("Have you ever had a bad reaction to ketamine or to anaesthesia?"),
    "benzodiazepines": _(
        "Do you take a benzodiazepine (for example lorazepam, clonazepam, alprazolam, diazepam)?"
    ),
    "sedating_medicines": _(
        "Do you take an opioid pain medicine or another medicine that makes "
        "you drowsy (for example oxycodone, hydrocodone, tramadol, or a sleeping pill)?"
    ),
    "lamotrigine": _("Do you take lamotrigine (Lamictal)?"),
    "maoi": _(
        "Do you take an MAO inhibitor (for example phenelzine, tranylcypromine, selegiline)?"
    ),
    "stimulants": _("Do you take a stimulant (for example amphetamine or methylphenidate)?"),
}
# Asked only after a "yes" to the question named: not every patient answers it.
SCREENING_FOLLOW_UPS = {
    "blood_pressure_controlled": "high_blood_pressure",
    "stroke_bleed": "stroke",
}
SCREENING_ASKED_OF_ALL = tuple(key for key in SCREENING if key not in SCREENING_FOLLOW_UPS)
# 4: heart disease and stroke asked apart, and whether a stroke was a bleed.
SCREENING_VERSION = 4
# Questions an intake made before each version did not ask, and the wording it used for the
# questions it asked differently.
SCREENING_ADDED_IN_3 = (
    "nonmedical_ketamine",
    "aneurysm",
    "brain_bleed",
    "ketamine_allergy",
    "sedating_medicines",
)
SCREENING_ADDED_IN_4 = ("stroke", "stroke_bleed")
SCREENING_BEFORE_3 = {
    "heart_disease": "Have you had heart disease, a stroke, an aneurysm or a bleed in the brain?",
}
SCREENING_BEFORE_4 = {"heart_disease": "Have you had heart disease or a stroke?"}


def screening_not_asked(version: int) -> tuple[str, ...]:
    """The health questions an intake made with questions `version` did not ask."""
    missing: tuple[str, ...] = ()
    if version < 3:
        missing += SCREENING_ADDED_IN_3
    if version < 4:
        missing += SCREENING_ADDED_IN_4
    return missing


def screening_question(key: str, version: int) -> str:
    """A health question in the words an intake made with questions `version` asked it."""
    if version < 3 and key in SCREENING_BEFORE_3:
        return SCREENING_BEFORE_3[key]
    if version < 4 and key in SCREENING_BEFORE_4:
        return SCREENING_BEFORE_4[key]
    return SCREENING[key]


VISIT_TYPES = [
    ("in_person", _("In person")),
    ("telehealth", _("Telehealth (video)")),
    ("either", _("Either")),
]
PREFERRED_TIMES = [
    ("weekday_mornings", _("Weekday mornings")),
    ("weekday_afternoons", _("Weekday afternoons")),
    ("weekday_evenings", _("Weekday evenings")),
    ("weekends", _("Weekends")),
]
HEARD_ABOUT = [
    ("clinician", _("My doctor or therapist")),
    ("search", _("Web search")),
    ("friend", _("Friend or family")),
    ("social", _("Social media")),
    ("insurance", _("Insurance directory")),
    ("other", _("Other")),
]

# The not-emergency sentence names the RESPONSE_BUSINESS_DAYS setting: a clinic that changes
# the setting changes the consent's wording, and bumps this version with it.
CONSENT_TEXT_VERSION = "2026-12-1"
CONSENT_CONTACT = _(
    "I agree that the clinic may contact me by the method I chose about this request."
)


def response_time(business_days: int) -> str:
    """ "one business day", "2 business days": how soon the team reads a request."""
    return "one business day" if business_days == 1 else f"{business_days} business days"


def consent_not_emergency(business_days: int) -> str:
    return (
        "I understand that this form is not emergency care, that nobody may read it for up to "
        f"{response_time(business_days)}, and that any summary made from my answers is "
        "education for the clinic's staff, not a diagnosis."
    )


CONSENT_PRIVACY = _("I have read the privacy notice.")

# Consent to text messages, asked on the review page when the patient chose texts: what is
# sent, how often, the cost, STOP and HELP (the call to action and opt-in of CTIA's Messaging
# Principles and Best Practices, May 2023, section 5.1 "Consumer Consent"), and that agreeing is
# the patient's choice. A change of wording bumps the version, which each request stores beside
# the time of consent.
TEXTS_CONSENT_VERSION = "2026-12-1"
TEXTS_CONSENT = _(
    "I agree to get text messages from %(clinic)s at my mobile number about this request: a "
    "confirmation and one reminder for each evaluation, offers of an earlier time, links to "
    "follow-up questionnaires, a new private link when I ask for one, and answers to my "
    "replies. Message frequency varies (usually 2 to 4 texts per evaluation). Msg & data rates "
    "may apply. Reply STOP to stop at any time, HELP for help. I do not have to agree to get care."
)


def label(choices, value) -> str:
    """The patient-facing label of a stored value ('' when there is none)."""
    return dict(choices).get(value, "")


# The treatment step's choice for a medicine not in the catalog (its name is then typed).
OTHER_MEDICATION = "other"


# --- Payment and insurance (the step before consent) ----------------------------------------

PAYMENT_METHODS = [("self_pay", _("I will pay myself (self-pay)")), ("insurance", _("Insurance"))]
SUBSCRIBERS = [("self", _("Me")), ("other", _("Someone else (for example a parent or spouse)"))]
# The insurer list's last choice: a plan the clinic's list does not name, its name then typed.
OTHER_INSURER = "other"
