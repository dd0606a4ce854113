"""Keeping the stored summary verdict in step with the rules (see intake/summaries.py)."""

from django.db import transaction

from intake import audit, summaries
from intake.models import AntidepressantTrial, EvaluationRequest, Medication
from intake.services.workflow import record_timeline_view


def store_summary(evaluation_request: EvaluationRequest, doses=None) -> None:
    """Set (not save) the request's verdict and fingerprint from its loaded answers."""
    doses = summaries.minimum_doses() if doses is None else doses
    summary = summaries.summarise(evaluation_request, doses)
    evaluation_request.verdict = summary.verdict
    evaluation_request.verdict_clarify = len(summary.unclear_safety_answers)
    evaluation_request.summary_fingerprint = summaries.fingerprint(doses)


@transaction.atomic
def record_request_view(
    *, evaluation_request: EvaluationRequest, summary, fingerprint: str, http_request
) -> None:
    """Audit a staff member's view of a request; heal a stored verdict made by older rules."""
    audit.record(action="request.viewed", http_request=http_request, obj=evaluation_request)
    record_timeline_view(evaluation_request=evaluation_request, actor=http_request.user)
    stored = _stored(summary, fingerprint)
    if _current(evaluation_request) != stored:
        EvaluationRequest.objects.filter(pk=evaluation_request.pk).update(
            verdict=stored[0], verdict_clarify=stored[1], summary_fingerprint=stored[2]
        )


def _stored(summary, fingerprint: str) -> tuple[str, int, str]:
    return (summary.verdict, len(summary.unclear_safety_answers), fingerprint)


def _current(evaluation_request: EvaluationRequest) -> tuple[str, int, str]:
    return (
        evaluation_request.verdict,
        evaluation_request.verdict_clarify,
        evaluation_request.summary_fingerprint,
    )


def refresh_summaries(*, medication: Medication | None = None, batch_size: int = 500) -> int:
    """Recompute stored verdicts: of the requests with a trial of `medication`, or of all.
    Returns how many changed.

    Streamed: the requests are read `batch_size` at a time and each batch's changes written in
    a transaction of its own, so memory and row locks stay bounded at any number of requests
    (a run stopped half-way leaves verdicts that are each either old or recomputed; run again).
    """
    doses = summaries.minimum_doses()
    stamp = summaries.fingerprint(doses)
    requests = EvaluationRequest.objects.with_answers().order_by("pk")
    if medication is not None:
        requests = requests.filter(
            pk__in=AntidepressantTrial.objects.filter(medication=medication).values("request")
        )
    changed, total = [], 0

    def write() -> None:
        with transaction.atomic():
            EvaluationRequest.objects.bulk_update(
                changed, ["verdict", "verdict_clarify", "summary_fingerprint"]
            )
        changed.clear()

    for evaluation_request in requests.iterator(chunk_size=batch_size):
        stored = _stored(summaries.summarise(evaluation_request, doses), stamp)
        if _current(evaluation_request) != stored:
            (
                evaluation_request.verdict,
                evaluation_request.verdict_clarify,
                evaluation_request.summary_fingerprint,
            ) = stored
            changed.append(evaluation_request)
            total += 1
            if len(changed) >= batch_size:
                write()
    if changed:
        write()
    return total
