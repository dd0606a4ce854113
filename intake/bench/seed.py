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
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import connection, transaction
from django.utils import timezone

from intake.domain import followup as followup_rules
from intake.domain import questions
from intake.management.demo_requests import FIRST_NAMES
from intake.models import (
    AntidepressantTrial,
    Appointment,
    AvailabilityWindow,
    Clinician,
    EvaluationRequest,
    FollowUpMeasure,
    FollowUpSchedule,
    Medication,
    Patient,
    SafetyAnswers,
    SymptomAnswers,
    hash_token,
)
from intake.models.requests import REFERENCE_ALPHABET
from intake.security import roles

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

# Follow-up (issue 28): the share of requests of each status whose coordinator started the
# clinic's default schedule (before the evaluation, then every FOLLOWUP_INTERVAL_DAYS for
# FOLLOWUP_WEEKS), a few days after the request came in. New and in-review requests have none
# (FOLLOWUP_START_ON_SUBMIT is off by default); about 13% of all requests have one, with about
# seven measures each. Of the measures already due, most were answered, the rest expired.
FOLLOWUP_SHARE = {"contacted": 0.40, "scheduled": 0.40, "evaluated": 0.20, "closed": 0.05}
FOLLOWUP_ANSWERED_SHARE = 0.75
# A request with a year of fortnightly follow-up (26 measures, all answered), made through the
# services themselves (intake/services/followup.py): its request page is measured (issue 28).
FOLLOWUP_SAMPLE_MEASURES = 26
FOLLOWUP_SAMPLE_INTERVAL_DAYS = 14
FOLLOWUP_SAMPLE_WEEKS = 50  # due on days 0, 14, ... 350: 26 measures

# Scheduling (issue 29): clinicians who work Monday to Friday, 9:00 to 17:00 in the clinic's
# time zone, in person and by video; every evaluated request had its evaluation with one of
# them (a completed appointment), and half the coming weeks' slots are booked.
CLINICIANS = 6
CLINICIAN_PREFIX = "bench-clinician-"
WORKING_HOURS = (9, 17)
BOOKED_SHARE_OF_SLOTS = 0.5


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
    ensure_clinicians()
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
    # Follow-up first: its latest answer is copied onto the request (as record_answers does).
    followups = [(request, _followup(request, rng, now)) for request, _, _ in drafts]
    EvaluationRequest.objects.bulk_create([request for request, _, _ in drafts])  # sets pks
    schedules, measures = [], []
    for request, found in followups:
        if found is None:
            continue
        schedule, planned = found
        schedule.request = request
        schedules.append(schedule)
        for measure in planned:
            measure.request = request
        measures.extend(planned)
    FollowUpSchedule.objects.bulk_create(schedules)
    FollowUpMeasure.objects.bulk_create(measures)
    Appointment.objects.bulk_create(_evaluations([r for r, _, _ in drafts], rng, now))
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


def _followup(request, rng, now):
    """The request's follow-up schedule and its measures (unsaved), or None: due times from the
    domain's own rules (domain/followup.py), the latest answer and its meaning copied onto the
    request as services/followup.record_answers does."""
    if rng.random() >= FOLLOWUP_SHARE.get(request.status, 0.0):
        return None
    zone = ZoneInfo(settings.CLINIC_TIME_ZONE)
    started = min(request.submitted_at + timedelta(hours=rng.randrange(24, 144)), now)
    plan = followup_rules.Plan(
        mode=followup_rules.Mode.INTERVAL,
        interval_days=settings.FOLLOWUP_INTERVAL_DAYS,
        weeks=settings.FOLLOWUP_WEEKS,
        send_hour=settings.FOLLOWUP_SEND_HOUR,
    )
    days = followup_rules.due_days(plan, start=started.astimezone(zone).date())
    dues = sorted({max(followup_rules.due_at(day, plan, settings.CLINIC_TIME_ZONE), started)
                   for day in days})  # fmt: skip
    closed = request.status == "closed"
    schedule = FollowUpSchedule(
        status=FollowUpSchedule.Status.STOPPED if closed else FollowUpSchedule.Status.ACTIVE,
        interval_days=plan.interval_days,
        weeks=plan.weeks,
        started_at=started,
    )
    # Where this patient's PHQ-9 is heading: from much better (remission) to a little worse.
    ratio = rng.uniform(0.15, 1.25)
    Status = FollowUpMeasure.Status
    measures, latest, overdue = [], None, False
    for index, due in enumerate(dues):
        if due > now:
            status = Status.SKIPPED if closed else Status.SCHEDULED
            measures.append(FollowUpMeasure(due_at=due, status=status))
            continue
        if now - due < timedelta(days=5):
            measures.append(
                FollowUpMeasure(
                    due_at=due, status=Status.SENT, sent_at=due, expires_at=due + timedelta(days=5)
                )
            )
            continue
        if rng.random() >= FOLLOWUP_ANSWERED_SHARE:
            measures.append(
                FollowUpMeasure(
                    due_at=due,
                    status=Status.EXPIRED,
                    sent_at=due,
                    reminded_at=due + timedelta(days=2),
                    expires_at=due + timedelta(days=5),
                )
            )
            overdue = True
            continue
        share = 1 + (ratio - 1) * (index + 1) / len(dues)
        phq9 = _spread(round(request.phq9_total * share + rng.uniform(-1.5, 1.5)), 8, 9)
        gad7 = _spread(round(request.gad7_total * share + rng.uniform(-1.5, 1.5)), 7, 7)
        latest = sum(phq9)
        overdue = False
        measures.append(
            FollowUpMeasure(
                due_at=due,
                status=Status.ANSWERED,
                sent_at=due,
                expires_at=due + timedelta(days=5),
                answered_at=due + timedelta(minutes=rng.randrange(10, 2880)),
                phq9=phq9,
                gad7=gad7,
                phq9_total=latest,
                gad7_total=sum(gad7),
                difficulty=rng.choice(questions.DIFFICULTY)[0],
                language="en",
            )
        )
    if latest is not None:
        request.followup_phq9 = latest
        request.followup_outcome = followup_rules.outcome(
            request.phq9_total, latest, worsening_points=settings.FOLLOWUP_WORSENING_POINTS
        ).value
    request.followup_overdue = overdue
    return schedule, measures


def _spread(total: int, answered: int, count: int) -> list[int]:
    """`count` answers of 0 to 3 adding up to `total` (capped) over the first `answered` items;
    the rest 0 (the PHQ-9's item 9: no risk answer in the seeded follow-up)."""
    total = max(0, min(total, 3 * answered))
    items = [total // answered + (1 if n < total % answered else 0) for n in range(answered)]
    return items + [0] * (count - answered)


def _evaluations(requests, rng, now) -> list[Appointment]:
    """A completed evaluation for each evaluated request, with one of the benchmark's
    clinicians (completed appointments may overlap: only booked ones are kept apart)."""
    clinicians = _clinician_ids()
    if not clinicians:
        return []
    found = []
    for request in requests:
        if request.status != "evaluated":
            continue
        starts = request.submitted_at + timedelta(days=rng.randrange(5, 30))
        starts = min(starts, now - timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
        mode = (
            request.visit_type
            if request.visit_type in ("in_person", "telehealth")
            else (rng.choice(["in_person", "telehealth"]))
        )
        found.append(
            Appointment(
                request=request,
                clinician_id=rng.choice(clinicians),
                starts_at=starts,
                ends_at=starts + timedelta(minutes=settings.EVALUATION_MINUTES),
                mode=mode,
                status=Appointment.Status.COMPLETED,
                uid=f"bench-{request.reference}@{BENCH_DOMAIN}",
                request_status_at_booking="contacted",
                booked_by=Appointment.By.PATIENT if rng.random() < 0.2 else Appointment.By.STAFF,
                created_at=request.submitted_at + timedelta(days=2),
                outcome=rng.choice(Appointment.Outcome.values),
            )
        )
    return found


_CLINICIAN_IDS: list[int] = []


def _clinician_ids() -> list[int]:
    if not _CLINICIAN_IDS:
        _CLINICIAN_IDS.extend(
            Clinician.objects.filter(user__username__startswith=CLINICIAN_PREFIX)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    return _CLINICIAN_IDS


def ensure_clinicians() -> list[Clinician]:
    """The benchmark's clinicians, each with working hours Monday to Friday (no password)."""
    group = Group.objects.get(name=roles.CLINICIANS)
    clinicians = []
    for number in range(1, CLINICIANS + 1):
        user, created = User.objects.get_or_create(
            username=f"{CLINICIAN_PREFIX}{number}",
            defaults={"first_name": "Bench", "last_name": SURNAMES[number * 17]},
        )
        if created:
            user.set_unusable_password()
            user.save()
        user.groups.add(group)
        clinician, _ = Clinician.objects.get_or_create(
            user=user, defaults={"display_name": f"Dr. {user.first_name} {user.last_name}"}
        )
        if not clinician.windows.exists():
            AvailabilityWindow.objects.bulk_create(
                AvailabilityWindow(
                    clinician=clinician,
                    weekday=weekday,
                    start=time(WORKING_HOURS[0]),
                    end=time(WORKING_HOURS[1]),
                )
                for weekday in range(5)
            )
        clinicians.append(clinician)
    _CLINICIAN_IDS.clear()
    return clinicians


def ensure_booked_slots(clinicians, *, now=None) -> int:
    """Book about half of the coming BOOKING_DAYS_AHEAD days' slots for scheduled requests, as
    staff would have (so the open times are the ones left); returns how many were added."""
    now = now or timezone.now()
    zone = ZoneInfo(settings.CLINIC_TIME_ZONE)
    today = now.astimezone(zone).date()
    length = timedelta(minutes=settings.EVALUATION_MINUTES)
    wanted = []
    for offset in range(1, settings.BOOKING_DAYS_AHEAD + 1):
        day = today + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for index, clinician in enumerate(clinicians):
            for hour in range(*WORKING_HOURS):
                if (day.toordinal() + hour + index) % round(1 / BOOKED_SHARE_OF_SLOTS) == 0:
                    wanted.append((clinician, datetime.combine(day, time(hour), tzinfo=zone)))
    taken = set(
        Appointment.objects.active()
        .filter(clinician__in=clinicians, starts_at__gte=now)
        .values_list("clinician_id", "starts_at")
    )
    wanted = [(c, starts) for c, starts in wanted if (c.pk, starts) not in taken]
    free = list(
        bench_requests()
        .filter(status="scheduled")
        .exclude(appointments__status__in=Appointment.ACTIVE)
        .order_by("pk")
        .values_list("pk", "reference", "visit_type")[: len(wanted)]
    )
    booked = [
        Appointment(
            request_id=pk,
            clinician=clinician,
            starts_at=starts,
            ends_at=starts + length,
            mode=visit_type if visit_type in ("in_person", "telehealth") else "telehealth",
            uid=f"bench-booked-{reference}@{BENCH_DOMAIN}",
            request_status_at_booking="contacted",
            created_at=now,
        )
        for (clinician, starts), (pk, reference, visit_type) in zip(wanted, free, strict=False)
    ]
    Appointment.objects.bulk_create(booked)
    return len(booked)


def followup_sample():
    """The request with a year of fortnightly follow-up, or None."""
    schedule = (
        FollowUpSchedule.objects.filter(
            weeks=FOLLOWUP_SAMPLE_WEEKS, request__patient__email__endswith=BENCH_EMAIL_SUFFIX
        )
        .select_related("request")
        .first()
    )
    return schedule.request if schedule else None


def ensure_followup_sample(*, now=None):
    """An evaluated request whose follow-up ran a year, fortnightly, every measure answered:
    started, planned and answered through the services (start_followup, record_answers), so
    its timeline, audit trail and copied scores are the ones a real year leaves."""
    from django.db.models import Count

    from intake.services import followup

    found = followup_sample()
    if found is not None:
        return found
    now = now or timezone.now()
    request = (
        bench_requests()
        .filter(status="evaluated", urgent=False, followup_schedule__isnull=True)
        .annotate(trial_count=Count("trials"))
        .filter(trial_count__gte=2)
        .order_by("pk")
        .first()
    )
    if request is None:
        return None
    started = now - timedelta(weeks=52)
    followup.start_followup(
        evaluation_request=request,
        interval_days=FOLLOWUP_SAMPLE_INTERVAL_DAYS,
        weeks=FOLLOWUP_SAMPLE_WEEKS,
        reason="Benchmark: a year of fortnightly follow-up",
        now=started,
    )
    measures = list(FollowUpMeasure.objects.filter(request=request).order_by("due_at"))
    for index, measure in enumerate(measures):
        FollowUpMeasure.objects.filter(pk=measure.pk).update(
            status=FollowUpMeasure.Status.SENT,
            sent_at=measure.due_at,
            expires_at=measure.due_at + timedelta(days=5),
        )
        total = max(2, request.phq9_total - index)  # a slow, steady improvement
        followup.record_answers(
            measure=measure,
            phq9=_spread(total, 8, 9),
            difficulty="somewhat",
            gad7=_spread(max(1, request.gad7_total - index), 7, 7),
            language="en",
            now=measure.due_at + timedelta(hours=3),
        )
    return request


def invite_to_choose(count: int, *, now=None) -> list[str]:
    """`count` open, non-urgent requests without an appointment, invited to choose their own
    time, each with a fresh private link to the open times (services/status_links); returns
    each link's path and query, to be opened once by the patient's browser."""
    from intake.services.status_links import issue_status_link

    now = now or timezone.now()
    chosen = list(
        bench_requests()
        .filter(status="contacted", urgent=False)
        .exclude(appointments__status__in=Appointment.ACTIVE)
        .select_related("patient")
        .order_by("pk")[:count]
    )
    links = []
    for request in chosen:
        with transaction.atomic():
            request.self_booking_invited_at = now
            request.save(update_fields=["self_booking_invited_at"])
            link = urlsplit(issue_status_link(evaluation_request=request, now=now, to="book"))
        links.append(f"{link.path}?{link.query}")
    return links


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
