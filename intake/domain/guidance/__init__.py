"""Answer "is ketamine worth asking the clinic's provider about?" from one intake: pure, no Django.

This is education for staff, never a diagnosis. It never says eligible or ineligible: it returns
a verdict (one of five plain-language answers from the product brief, section 4) and findings,
each traceable to the patient's answers shown beside it. Bad, incomplete or legacy answers never
raise; they become "consider" findings that ask staff to clarify.

The rules (version 4, the brief's "Rules v4" over "Rules v3"), read top to bottom:
- A label contraindication (aneurysm or AVM, bleeding in the brain, a stroke caused by bleeding,
  allergy to ketamine or esketamine, uncontrolled high blood pressure) makes the verdict "Other
  options usually come first", whatever else: the finding names the label and says the provider
  decides.
- Ketamine or esketamine that helped ("yes", not "partly") before is a prior response: "Worth
  asking about (prior response)", with "; discuss cautions first" when any caution applies.
- Otherwise "Worth asking about" needs a PHQ-9 of at least 10 (the usual cut-off for moderate
  depression, which the clinic uses as its threshold) and two distinct antidepressants that
  failed an adequate trial in the current episode; a trial stopped early for side effects was
  not tolerated, not failed; trials from earlier episodes are shown, not counted; "not sure" ones
  count only once confirmed.
- Imminent risk (C-SSRS) qualifies every "worth asking" verdict: "; act on the imminent risk
  first", wherever the verdict is shown (`verdict_label`).
- A "worth asking" verdict over any contraindication or caution question answered "not sure",
  or not answered, adds "; clarify N answers first" after it (`Summary.label`).
- Urgent findings (PHQ-9 item 9, the C-SSRS screener) lead; imminent risk leads them.
- Findings that change no verdict: current-episode trials longer than the episode can hold, a
  catalog drug without a minimum dose ("adequacy unknown"), and screener answers a Spanish
  speaker gave in English.

The package, by what each part decides:
- `verdict`: the five verdicts, their words (`verdict_label`) and how one is decided;
- `safety`: PHQ-9 item 9, the C-SSRS screener, and screeners read in another language;
- `severity`: the PHQ-9 band and threshold, the GAD-7, daily life;
- `trials`: antidepressant trials and episodes, and the side effects worth contrasting;
- `screening`: the health questions' rules (contraindications, cautions), unclear answers,
  medicines named in two answers, age;
- `treatments`: other treatments, ketamine or esketamine among them;
- `evidence`: the answers quoted behind each finding, worded as the patient read them;
- `snapshot`, `findings`, `summary`: what goes in, what a finding is, and `summarise`.
"""

# Sources of the facts the findings state (read 2 December 2026; labels change, so each names
# the version read):
# - SPRAVATO (esketamine) nasal spray, US prescribing information, DailyMed set id
#   d81a6a79-a74a-44b7-822c-0dfa3036eaed (version 18, effective 13 March 2026): contraindications
#   (aneurysmal vascular disease or arteriovenous malformation; history of intracerebral
#   haemorrhage, which a stroke caused by bleeding in the brain is; hypersensitivity to
#   esketamine or ketamine), the boxed warning (sedation,
#   dissociation, respiratory depression, abuse and misuse, suicidal thoughts and behaviours in
#   pediatric and young adult patients), 5.2 (assess patients with psychosis carefully), 7 (CNS
#   depressants may increase sedation; psychostimulants and MAOIs may raise blood pressure),
#   8.1 and 8.2 (may cause fetal harm; breastfeeding not recommended), the indication (major
#   depressive disorder), common adverse reactions (https://www.spravato.com/safety-and-tolerability).
# - KETALAR (ketamine hydrochloride) injection, US prescribing information, DailyMed set id
#   46dab560-8ecd-4d92-8c92-6baa2310b09b (revised 10/2024): contraindicated where a significant
#   rise in blood pressure would be a serious hazard, and with hypersensitivity to ketamine.
# - Ochs-Ross R and others, TRANSFORM-3, Am J Geriatr Psychiatry 2020;28(2):121-141: adults 65
#   and over, primary end point p = 0.059.
# - Kroenke K, Spitzer RL, Williams JBW, The PHQ-9, J Gen Intern Med 2001;16:606-613: 10 is the
#   lower bound of moderate depression and the cut-off studied.
# - Antidepressant class labeling, 5.1: suicidal thoughts and behaviours in patients aged 24 and
#   younger in short-term studies (e.g. ZOLOFT, DailyMed set id
#   fe9e8b7d-61ea-409d-84aa-3ebd79a046b5).
# - Treatment resistance in the current episode: the SPRAVATO indication and the Canadian (CANMAT)
#   2021 consensus on difficult-to-treat depression; in bipolar depression, Hidalgo-Mazzei D and
#   others, Br J Psychiatry 2019;214(1):27-35 (two adequate treatment trials).
# - Benzodiazepines: Front Psychiatry 2020;11:844 (doi:10.3389/fpsyt.2020.00844); Feeney A and
#   others, J Clin Psychiatry 2023;84(1):22m14491. Lamotrigine: Wilkowska A and others, Cells
#   2022;11(4):645.

from intake.domain.guidance.cross_checks import MAOI_CLASS, MEDICINE_NAMES
from intake.domain.guidance.evidence import Evidence
from intake.domain.guidance.findings import TOPICS, Finding, Level
from intake.domain.guidance.screening import (
    SAFETY_QUESTIONS,
    SCREENING_RULES,
    ScreeningRule,
    unclear_safety_answers,
)
from intake.domain.guidance.severity import GAD7_REPORTED_FROM
from intake.domain.guidance.snapshot import Answers, CssrsAnswers, IntakeSnapshot, TrialAnswer
from intake.domain.guidance.summary import RULES_VERSION, Summary, summarise
from intake.domain.guidance.trials import NO_US_DEPRESSION_DOSE
from intake.domain.guidance.verdict import (
    FAILED_TRIALS_NEEDED,
    IMMINENT_FIRST,
    PHQ9_THRESHOLD,
    VERDICT_LABELS,
    WORTH_ASKING_VERDICTS,
    Verdict,
    verdict_label,
)

__all__ = [
    "Answers",
    "CssrsAnswers",
    "Evidence",
    "FAILED_TRIALS_NEEDED",
    "Finding",
    "GAD7_REPORTED_FROM",
    "IMMINENT_FIRST",
    "IntakeSnapshot",
    "Level",
    "MAOI_CLASS",
    "MEDICINE_NAMES",
    "NO_US_DEPRESSION_DOSE",
    "PHQ9_THRESHOLD",
    "RULES_VERSION",
    "SAFETY_QUESTIONS",
    "SCREENING_RULES",
    "ScreeningRule",
    "Summary",
    "TOPICS",
    "TrialAnswer",
    "VERDICT_LABELS",
    "Verdict",
    "WORTH_ASKING_VERDICTS",
    "summarise",
    "unclear_safety_answers",
    "verdict_label",
]
