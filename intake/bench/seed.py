"""Synthetic patients and evaluation requests for the benchmark, bulk-inserted in batches.

Every synthetic patient's e-mail ends in @bench.example: that is how a top-up counts what is
already there and how `--reset` finds what to delete, so real requests are never touched.
Names, e-mails and phone numbers (555 exchange) are invented. The spread follows a clinic a few
years in: about three quarters of requests closed or evaluated over three years, the open ones
recent, ~3% urgent, a few with imminent risk. Stored verdicts are drawn, not computed (the
request page recomputes and heals a verdict the first time it is viewed).
"""

import random
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from intake.domain import questions
from intake.management.demo_requests import FIRST_NAMES
from intake.models import (
    AntidepressantTrial,
    EvaluationRequest,
    Medication,
    Patient,
    SafetyAnswers,
    SymptomAnswers,
    hash_token,
)
from intake.models.requests import REFERENCE_ALPHABET

BENCH_DOMAIN = "bench.example"
BENCH_EMAIL_SUFFIX = f"@{BENCH_DOMAIN}"

# 25 x 16 = 400 invented surnames: a five-letter prefix matches about 1 patient in 400. One
# ending in 16 carries an accent ("Garández"), as Spanish names do, so the benchmark can search
# for a name typed without its accent, as a caller spells it out.
_SURNAME_STARTS = "Al Bar Cal Dan El Fer Gar Hal Ive Jan Kel Lor Mar Nor Ol Par Quin Ros Sal Tor "
_SURNAME_STARTS += "Ul Val Wes Yor Zan"
ACCENTED_ENDING = "ández"
_SURNAME_ENDS = f"ton {ACCENTED_ENDING} son berg ley ford ski ova ini man well ard ing ado sen er"
SURNAMES = [start + end for start in _SURNAME_STARTS.split() for end in _SURNAME_ENDS.split()]

# (status, share, how far back it may have been submitted, in days)
STATUS_SPREAD = [
    ("closed", 0.45, 3 * 365),
    ("evaluated", 0.30, 3 * 365),
    ("new", 0.08, 21),
    ("in_review", 0.06, 45),
    ("contacted", 0.06, 60),
    ("scheduled", 0.05, 90),
]
URGENT_SHARE = 0.03
IMMINENT_SHARE_OF_URGENT = 0.2
# Verdicts when PHQ-9 is 10 or more; below 10 the summary always says other options first.
VERDICT_SPREAD = [
    ("worth_asking", 0.40),
    ("worth_asking_cautions", 0.25),
    ("worth_asking_prior_response", 0.05),
    ("other_options_first", 0.30),
]
CLOSE_REASONS = [choice for choice, _ in EvaluationRequest.CloseReason.choices]
REFERENCE_SPACE = len(REFERENCE_ALPHABET) ** 6
# A multiplier coprime with REFERENCE_SPACE turns serial numbers into distinct, shuffled-looking
# references, so seeding never retries a random reference that happens to be taken.
_REFERENCE_STRIDE = 1_000_003


@dataclass(frozen=True)
class SeedReport:
    existing: int
    added: int
    seconds: float


def bench_requests():
    return EvaluationRequest.objects.filter(patient__email__endswith=BENCH_EMAIL_SUFFIX)


def bench_patients():
    return Patient.objects.filter(email__endswith=BENCH_EMAIL_SUFFIX)


def reference_for(serial: int) -> str:
    number = (serial * _REFERENCE_STRIDE + 7) % REFERENCE_SPACE
    chars = []
    for _ in range(6):
        number, digit = divmod(number, len(REFERENCE_ALPHABET))
        chars.append(REFERENCE_ALPHABET[digit])
    return f"{''.join(chars[:3])}-{''.join(chars[3:])}"


def _next_serial() -> int:
    """One past the highest serial seeded so far (serials are in the e-mail: bench<n>@...)."""
    last = bench_patients().order_by("-pk").values_list("email", flat=True).first()
    if last is None:
        return 0
    return int(last.removeprefix("bench").removesuffix(BENCH_EMAIL_SUFFIX)) + 1


def _weighted(rng: random.Random, spread):
    pick, total = rng.random(), 0.0
    for item in spread:
        total += item[1]
        if pick < total:
            return item
    return spread[-1]


def _items(rng: random.Random, count: int, severity: float) -> list[int]:
    return [min(3, max(0, round(rng.gauss(severity, 0.9)))) for _ in range(count)]


def seed_requests(
    *, target: int, batch_size: int = 5000, assignees=(), rng_seed: int = 6, now=None
) -> SeedReport:
    """Add synthetic requests until there are `target` of them; returns what was done."""
    started = timezone.now()
    existing = bench_requests().count()
    wanted = max(0, target - existing)
    now = now or timezone.now()
    serial = _next_serial()
    rng = random.Random(rng_seed + serial)  # noqa: S311 - repeatable synthetic patients, no secret
    medications = list(
        Medication.objects.filter(kind=Medication.Kind.ANTIDEPRESSANT, is_active=True)
    )
    assignees = list(assignees)
    taken = set()
    if wanted:
        # Real requests keep their references; a synthetic one that would clash is skipped.
        taken = set(
            EvaluationRequest.objects.exclude(patient__email__endswith=BENCH_EMAIL_SUFFIX)
            .values_list("reference", flat=True)
            .iterator()
        )
    added = 0
    while added < wanted:
        size = min(batch_size, wanted - added)
        serials = []
        while len(serials) < size:
            if reference_for(serial) not in taken:
                serials.append(serial)
            serial += 1
        _insert_batch(serials, rng, now, medications, assignees)
        added += size
    if added and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Fresh statistics, so the planner sees 100,000 rows and not an empty table.
            cursor.execute("ANALYZE")
    seconds = (timezone.now() - started).total_seconds()
    return SeedReport(existing=existing, added=added, seconds=seconds)


@transaction.atomic
def _insert_batch(serials, rng, now, medications, assignees) -> None:
    patients = Patient.objects.bulk_create([_patient(serial, rng) for serial in serials])
    drafts = [
        _request(serial, patient, rng, now, assignees)
        for serial, patient in zip(serials, patients, strict=True)
    ]
    EvaluationRequest.objects.bulk_create([request for request, _, _ in drafts])  # sets pks
    symptoms, safety, trials = [], [], []
    for request, phq9, gad7 in drafts:
        symptoms.append(
            SymptomAnswers(
                request=request,
                phq9=phq9,
                gad7=gad7,
                difficulty=rng.choice(questions.DIFFICULTY)[0],
            )
        )
        if request.urgent:
            safety.append(_safety(request))
        trials.extend(_trials(request, rng, medications))
    SymptomAnswers.objects.bulk_create(symptoms)
    SafetyAnswers.objects.bulk_create(safety)
    AntidepressantTrial.objects.bulk_create(trials)


def _patient(serial: int, rng: random.Random) -> Patient:
    email = f"bench{serial}{BENCH_EMAIL_SUFFIX}"
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(50 * 365))
    return Patient(
        first_name=FIRST_NAMES[serial % len(FIRST_NAMES)],
        last_name=SURNAMES[rng.randrange(len(SURNAMES))],
        date_of_birth=born,
        email=email,
        phone=f"+1202555{serial % 10_000:04d}",
        preferred_contact=rng.choice(questions.CONTACT_METHODS)[0],
        match_key=Patient.match_key_for(email, born),
    )


def _request(serial, patient, rng, now, assignees) -> tuple[EvaluationRequest, list, list]:
    """An unsaved request, with the PHQ-9 and GAD-7 items its totals were made from."""
    status, _, max_days = _weighted(rng, STATUS_SPREAD)
    submitted_at = now - timedelta(seconds=rng.randrange(max_days * 86_400))
    urgent = rng.random() < URGENT_SHARE
    imminent = urgent and rng.random() < IMMINENT_SHARE_OF_URGENT
    severity = rng.uniform(0.6, 2.6)
    phq9 = _items(rng, 8, severity) + [rng.randint(1, 3) if urgent else 0]
    gad7 = _items(rng, 7, severity - 0.3)
    phq9_total = sum(phq9)
    verdict = _weighted(rng, VERDICT_SPREAD)[0] if phq9_total >= 10 else "other_options_first"
    request = EvaluationRequest(
        reference=reference_for(serial),
        patient=patient,
        patient_first_name=patient.first_name,
        patient_last_name=patient.last_name,
        patient_preferred_name=patient.preferred_name,
        status=status,
        close_reason=rng.choice(CLOSE_REASONS) if status == "closed" else "",
        urgent=urgent,
        imminent_risk=imminent,
        submitted_at=submitted_at,
        assigned_to=rng.choice(assignees) if assignees and status != "new" else None,
        verdict=verdict,
        phq9_total=phq9_total,
        gad7_total=sum(gad7),
        episode_length=rng.choice(questions.EPISODE_LENGTHS)[0],
        visit_type=rng.choice(questions.VISIT_TYPES)[0],
        preferred_times=["weekday_mornings"],
        heard_about="",
        consent_text_version="bench",
        consent_signature="Synthetic Patient",
        consented_at=submitted_at,
        status_token_hash=hash_token(secrets.token_urlsafe(32)),
        status_token_expires_at=submitted_at + timedelta(days=180),
    )
    return request, phq9, gad7


def _safety(request) -> SafetyAnswers:
    return SafetyAnswers(
        request=request,
        wished_dead=True,
        suicidal_thoughts=True,
        method=request.imminent_risk,
        intent=request.imminent_risk,
        plan=False,
        behaviour_ever=False,
        behaviour_past_3_months=None,
    )


def _trials(request, rng, medications) -> list[AntidepressantTrial]:
    trials = []
    for position, medication in enumerate(rng.sample(medications, k=rng.randint(1, 3))):
        minimum = medication.minimum_daily_dose_mg or Decimal(50)
        trials.append(
            AntidepressantTrial(
                request=request,
                position=position,
                medication=medication,
                dose_mg=minimum * rng.choice([Decimal("0.5"), 1, 1, Decimal("1.5"), 2]),
                weeks=rng.randint(2, 30),
                response=rng.choice(questions.RESPONSES)[0],
                side_effects=[rng.choice(questions.SIDE_EFFECTS[:7])[0]],
                stop_reason=rng.choice(questions.STOP_REASONS)[0],
            )
        )
    return trials


@transaction.atomic
def delete_bench_data() -> int:
    """Delete every synthetic request and patient; returns how many requests went."""
    requests = bench_requests()
    count = requests.count()
    requests.delete()
    bench_patients().delete()
    # The patient path's own patients (intake/bench/patient.py), submitted through the site.
    walked = f"@patient.{BENCH_DOMAIN}"
    EvaluationRequest.objects.filter(patient__email__endswith=walked).delete()
    Patient.objects.filter(email__endswith=walked).delete()
    return count
