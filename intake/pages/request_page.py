"""The staff request page, built in one place: for the page itself, and again for an action
that was refused, with the refused form bound to what the staff member typed, its errors beside
the fields and a summary the page's script focuses (nothing typed is lost)."""

from dataclasses import replace

from django.contrib.auth.models import User
from django.shortcuts import render
from django.utils import timezone

from intake.domain import scoring
from intake.forms.followup import AcknowledgeForm, ScheduleForm
from intake.forms.staff import (
    AssignForm,
    CancelAppointmentForm,
    ContactForm,
    NoteForm,
    OutcomeForm,
    StaffTextForm,
    StatusForm,
)
from intake.models import EvaluationRequest, PayerRuleSet, TimelineEntry, Topic
from intake.pages.followup_trend import followup_context, trend_finding
from intake.security import roles
from intake.services import summaries, texts
from intake.templatetags.intake_answers import safety_rows, screening_rows


def staff_users():
    return (
        User.objects.filter(is_active=True, groups__name__in=roles.STAFF_GROUPS)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def action_forms(evaluation_request: EvaluationRequest, bound: dict | None = None) -> dict:
    """The page's forms, blank, except those in `bound` (name -> a form bound to a refused
    post), and each with the hints that depend on the request."""
    forms = {
        "assign_form": AssignForm(
            initial={"assignee": evaluation_request.assigned_to_id}, staff_users=staff_users()
        ),
        "status_form": StatusForm(current=evaluation_request.status),
        "note_form": NoteForm(),
        "contact_form": ContactForm(
            initial={"method": evaluation_request.patient.preferred_contact}
        ),
        "cancel_form": CancelAppointmentForm(),
        "outcome_form": OutcomeForm(),
        "text_form": StaffTextForm(),
        "schedule_form": ScheduleForm(),
        "ack_form": AcknowledgeForm(),
    }
    forms.update(bound or {})
    patient = evaluation_request.patient
    forms["contact_form"].fields[
        "method"
    ].help_text = f"Patient prefers {patient.get_preferred_contact_display().lower()}."
    if evaluation_request.status == EvaluationRequest.Status.SCHEDULED:
        forms["status_form"].fields[
            "close_reason"
        ].help_text = "Closing cancels the booked evaluation and e-mails the patient."
    return forms


def patient_message(evaluation_request: EvaluationRequest, timeline) -> TimelineEntry | None:
    """What the patient wrote with the action that still waits for staff (a request for another
    time, a cancellation's reason), from the page's timeline, or None."""
    since = evaluation_request.patient_action_at
    if not evaluation_request.patient_action or since is None:
        return None
    written = [
        entry
        for entry in timeline
        if entry.kind == TimelineEntry.Kind.PATIENT and entry.text and entry.at >= since
    ]
    return written[-1] if written else None


TEXTS_SHOWN = 50


def text_messages(evaluation_request: EvaluationRequest) -> dict:
    """The texts sent and received (the newest first) and whether texts may go."""
    shown = list(
        evaluation_request.texts.select_related("sent_by").order_by("-created_at", "-pk")[
            : TEXTS_SHOWN + 1
        ]
    )
    patient = evaluation_request.patient
    return {
        "texts": [(text, texts.label(text.kind)) for text in shown[:TEXTS_SHOWN]],
        "texts_more": len(shown) > TEXTS_SHOWN,
        "texts_chosen": texts.chose_texts(evaluation_request),
        "texts_stopped": patient.texts_stopped_at
        or (texts.chose_texts(evaluation_request) and texts.stopped(patient.phone)),
    }


def render_request_page(http_request, evaluation_request, *, bound=None, status: int = 200):
    """The request page (audited as a view, like every showing of it)."""
    doses = summaries.minimum_doses()
    summary = summaries.summarise(evaluation_request, doses)
    summaries.record_request_view(
        evaluation_request=evaluation_request,
        summary=summary,
        fingerprint=summaries.fingerprint(doses),
        http_request=http_request,
    )
    followup = followup_context(evaluation_request)
    finding = trend_finding(evaluation_request, followup["rows"])
    if finding is not None:
        summary = replace(summary, findings=(*summary.findings, finding))
    topic_keys = {finding.topic for finding in summary.findings if finding.topic}
    topics = list(Topic.objects.published().originals().with_review().filter(key__in=topic_keys))
    safety = getattr(evaluation_request, "safety", None)
    screening = getattr(evaluation_request, "screening", None)
    timeline = list(evaluation_request.timeline.select_related("actor"))
    appointments = list(evaluation_request.appointments.select_related("clinician"))
    active = next((a for a in appointments if a.is_active), None)
    context = {
        "evaluation_request": evaluation_request,
        "summary": summary,
        "verdict_label": summary.label,
        "topics": topics,
        "topic_titles": {topic.key: topic.title for topic in topics},
        "trial_rows": list(
            zip(
                evaluation_request.trials.all(),
                [scoring.JUDGEMENT_LABELS[j] for j in summary.trial_judgements],
                strict=False,
            )
        ),
        "age": evaluation_request.patient.age_on(timezone.localdate()),
        "phq9_band": scoring.BAND_LABELS[scoring.phq9_band(evaluation_request.phq9_total)],
        "gad7_band": scoring.BAND_LABELS[scoring.gad7_band(evaluation_request.gad7_total)],
        "safety_answers": safety_rows(safety),
        "screening_rows": screening_rows(screening),
        "timeline": timeline,
        "patient_message": patient_message(evaluation_request, timeline),
        "active_appointment": active,
        # The outcome form waits for the evaluation's start, as the service does.
        "appointment_started": active is not None and active.has_started(),
        "past_appointments": [a for a in appointments if not a.is_active],
        **text_messages(evaluation_request),
        # The patient's waitlist requests and each offer made them, newest first.
        "waitlist_entries": list(
            evaluation_request.waitlist_entries.order_by("-created_at").prefetch_related(
                "offers__clinician"
            )
        ),
        **action_forms(evaluation_request, bound),
        "followup": followup,
        # Prior authorization (intake/views/prior_auth.py): the rule sets, and every version.
        "rule_sets": list(PayerRuleSet.objects.only("pk", "name", "is_example")),
        "packets": list(
            evaluation_request.prior_auth_packets.select_related("rule_set").defer("pdf")
        ),
        "today": timezone.localdate(),
    }
    return render(http_request, "intake/staff/request_detail.html", context, status=status)
