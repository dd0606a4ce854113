"""The prior-authorization packet: the request's judged trial history set against a payer's rule
set, as a PDF (WeasyPrint) stored as a version; a clinician attests it before it is downloaded.

The packet says what it is: the clinic's summary of what the patient reported, for the clinician
to verify against records, not a diagnosis.
"""

import hashlib
import json
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from intake.domain import prior_auth, questions, scoring
from intake.domain.scoring import JUDGEMENT_LABELS
from intake.models import EvaluationRequest, Medication, PayerRuleSet, PriorAuthPacket
from intake.security.audit_actions import Action
from intake.services import audit
from intake.services.summaries import snapshot_of, summarise

WHAT_IT_IS = (
    "This is the clinic's summary of what the patient reported in the intake, with the clinic's "
    "judgement of each antidepressant trial against its medication catalog. The clinician "
    "verifies it against the patient's records before attesting it. It is not a diagnosis."
)


class NotAttested(Exception):
    """A packet is downloaded only once a clinician has attested it."""


def rules_of(rule_set: PayerRuleSet) -> prior_auth.RuleSet:
    return prior_auth.RuleSet(
        name=rule_set.name,
        min_failed_trials=rule_set.min_failed_trials,
        min_classes=rule_set.min_classes,
        psychotherapy_required=rule_set.psychotherapy_required,
        min_phq9=rule_set.min_phq9,
        min_age=rule_set.min_age,
        max_age=rule_set.max_age,
    )


def packet_content(request: EvaluationRequest, rule_set: PayerRuleSet) -> dict:
    """Everything the packet shows, as plain values (also what its fingerprint is made of)."""
    snapshot = snapshot_of(request)
    summary = summarise(request)
    catalog = {m.key: m for m in Medication.objects.all()}
    trial_rows, packet_trials = [], []
    for trial, judgement in zip(snapshot.trials, summary.trial_judgements, strict=False):
        medication = catalog.get(trial.drug_key or "")
        trial_rows.append(
            {
                "drug": trial.drug,
                "drug_class": trial.drug_class or "not in the catalog",
                "dose": f"{trial.dose_mg.normalize():f} mg"
                if trial.dose_mg is not None
                else "not given",
                "weeks": trial.weeks if trial.weeks is not None else "not given",
                "response": questions.label(questions.RESPONSES, trial.response) or "not given",
                "stop_reason": "still taking"
                if trial.still_taking
                else questions.label(questions.STOP_REASONS, trial.stop_reason) or "not given",
                "current_episode": questions.label(questions.YES_NO_NOT_SURE, trial.current_episode)
                or "not asked",
                "judgement": JUDGEMENT_LABELS[judgement],
                "minimum": (
                    f"{medication.minimum_daily_dose_mg.normalize():f} mg"
                    if medication is not None and medication.minimum_daily_dose_mg is not None
                    else "no minimum dose in the catalog"
                ),
                "minimum_source": medication.source if medication is not None else "",
            }
        )
        packet_trials.append(
            prior_auth.PacketTrial(
                drug=trial.drug,
                drug_class=trial.drug_class,
                judgement=judgement,
                current_episode=trial.current_episode,
                dose_mg=trial.dose_mg,
                weeks=trial.weeks,
            )
        )
    treatments = dict(snapshot.other_treatments)
    facts = prior_auth.PacketFacts(
        trials=tuple(packet_trials),
        psychotherapy=treatments.get("psychotherapy", ""),
        phq9_total=summary.phq9_total,
        age=snapshot.age,
    )
    coverage = getattr(request, "coverage", None)
    safety = getattr(request, "safety", None)
    symptoms = getattr(request, "symptoms", None)
    criteria = prior_auth.evaluate(rules_of(rule_set), facts)
    return {
        "what_it_is": WHAT_IT_IS,
        "reference": request.reference,
        "patient": {
            "name": f"{request.patient.first_name} {request.patient.last_name}",
            "date_of_birth": request.patient.date_of_birth.isoformat(),
            "age": snapshot.age,
        },
        "coverage": {
            "payment": coverage.get_payment_display() if coverage else "not asked",
            "insurer": coverage.insurer_name if coverage else "",
            "member_id": coverage.member_id if coverage else "",
            "group_number": coverage.group_number if coverage else "",
            "subscriber": (
                f"{coverage.subscriber_name} ({coverage.subscriber_date_of_birth})"
                if coverage and coverage.subscriber == "other"
                else "the patient"
            ),
        },
        "rule_set": {
            "name": rule_set.name,
            "source": rule_set.source,
            "source_url": rule_set.source_url,
            "read_on": rule_set.source_read_on.isoformat(),
            "is_example": rule_set.is_example,
        },
        "episode_length": questions.label(questions.EPISODE_LENGTHS, request.episode_length),
        "trials": trial_rows,
        "adequate_weeks": settings.ADEQUATE_TRIAL_WEEKS,
        "psychotherapy": questions.label(questions.HELPED, treatments.get("psychotherapy"))
        or "not tried",
        "augmentation": questions.label(questions.HELPED, treatments.get("augmentation"))
        or "not tried",
        "measures": [
            _measure(
                "Baseline (intake)", request.submitted_at, summary.phq9_total, summary.gad7_total
            ),
            *[
                _measure(f"Follow-up {n}", m.answered_at, m.phq9_total, m.gad7_total)
                for n, m in enumerate(
                    request.followups.answered().order_by("answered_at", "pk"), start=1
                )
            ],
        ],
        "item9": symptoms.item9 if symptoms else None,
        "screener": [
            (questions.CSSRS[key], _yes_no(getattr(safety, key))) for key in questions.CSSRS_KEYS
        ]
        if safety
        else [],
        "criteria": [
            {"criterion": c.criterion, "status": c.status_label, "evidence": list(c.evidence)}
            for c in criteria
        ],
    }


def _measure(label: str, when, phq9: int | None, gad7: int | None) -> dict:
    """One row of the severity table: the day (clinic time), the PHQ-9 with its band, the GAD-7."""
    return {
        "when": timezone.localdate(when).isoformat(),
        "label": label,
        "phq9": phq9,
        "phq9_band": scoring.phq9_band(phq9) if phq9 is not None else "",
        "gad7": gad7,
    }


def _yes_no(value) -> str:
    return "yes" if value is True else "no" if value is False else "not asked"


def fingerprint(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def render_pdf(content: dict, packet: PriorAuthPacket | None = None) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which only this needs

    html = render_to_string("intake/staff/prior_auth_packet.html", {"c": content, "packet": packet})
    return HTML(string=html).write_pdf()


@transaction.atomic
def generate_packet(
    *, request: EvaluationRequest, rule_set: PayerRuleSet, actor, http_request=None
) -> PriorAuthPacket:
    """The packet for this rule set: the latest version when nothing changed since, else a new
    version. Audited as generated either way."""
    request = (
        EvaluationRequest.objects.with_answers().select_for_update(of=("self",)).get(pk=request.pk)
    )
    content = packet_content(request, rule_set)
    print_ = fingerprint(content)
    versions = PriorAuthPacket.objects.filter(request=request, rule_set=rule_set)
    latest = versions.order_by("-version").first()
    if latest is None or latest.fingerprint != print_:
        number = (versions.aggregate(top=Max("version"))["top"] or 0) + 1
        latest = PriorAuthPacket(
            request=request,
            rule_set=rule_set,
            version=number,
            fingerprint=print_,
            created_by=actor,
        )
        latest.pdf = render_pdf(content, latest)
        latest.save()
    audit.record(
        action=Action.PACKET_GENERATED,
        actor=actor,
        http_request=http_request,
        obj=request,
        detail={"packet": latest.pk, "version": latest.version, "rule_set": rule_set.pk},
    )
    return latest


@transaction.atomic
def attest_packet(
    *,
    packet: PriorAuthPacket,
    name: str,
    credentials: str,
    on: date,
    actor,
    http_request=None,
) -> PriorAuthPacket:
    """The clinician's attestation, printed on the packet; the PDF is made again with it."""
    packet = PriorAuthPacket.objects.select_for_update().get(pk=packet.pk)
    request = EvaluationRequest.objects.with_answers().get(pk=packet.request_id)
    packet.attested_name = name
    packet.attested_credentials = credentials
    packet.attested_on = on
    packet.attested_by = actor
    packet.pdf = render_pdf(packet_content(request, packet.rule_set), packet)
    packet.save()
    audit.record(
        action=Action.PACKET_ATTESTED,
        actor=actor,
        http_request=http_request,
        obj=request,
        detail={"packet": packet.pk, "version": packet.version},
    )
    return packet


@transaction.atomic
def packet_for_download(*, packet: PriorAuthPacket, actor, http_request=None) -> bytes:
    if not packet.is_attested:
        raise NotAttested
    audit.record(
        action=Action.PACKET_DOWNLOADED,
        actor=actor,
        http_request=http_request,
        obj=packet.request,
        detail={"packet": packet.pk, "version": packet.version},
    )
    return bytes(packet.pdf)
