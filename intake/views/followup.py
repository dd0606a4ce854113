"""The patient's follow-up questions (/status/follow-up/), opened from the e-mailed private link
(`?to=followup`): the PHQ-9 and GAD-7 and, when due, the C-SSRS screener. Seen with the status
page's access only (intake/views/status.py), like the copy of the answers; it works without
JavaScript, saves once, and shows the crisis box at once on a risk answer.
"""

from contextlib import suppress

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from intake.domain import followup as rules
from intake.domain import scoring
from intake.forms.intake import FeelingsForm, SafetyForm
from intake.forms.wizard import form_errors
from intake.models import EvaluationRequest, FollowUpMeasure, FollowUpSchedule
from intake.security.audit_actions import Action
from intake.services import audit, followup
from intake.views.status import link_not_working, requests_for_session
from intake.web.translation import supported

ANSWERED_SESSION_KEY = "followup_answered"  # the measure this browser just answered


def _requests(request) -> list[EvaluationRequest]:
    return list(
        requests_for_session(
            request,
            EvaluationRequest.objects.select_related("patient", "safety", "followup_schedule"),
        )
    )


def _just_answered(request, evaluation_requests) -> FollowUpMeasure | None:
    pk = request.session.get(ANSWERED_SESSION_KEY)
    if pk is None:
        return None
    return FollowUpMeasure.objects.filter(
        pk=pk, request__in=evaluation_requests, status=FollowUpMeasure.Status.ANSWERED
    ).first()


def _screener_up_front(evaluation_request) -> bool:
    """The screener is on the first page when the last one had a yes; item 9 above 0 today
    asks it on the next page, after the answers are saved."""
    return rules.screener_due(
        item9=0, last_screener_any_yes=followup.last_screener_any_yes(evaluation_request)
    )


def _render(request, context: dict, status: int = 200):
    return render(request, "intake/followup.html", context, status=status)


@sensitive_post_parameters()
@require_http_methods(["GET", "HEAD", "POST"])
def followup_page(request):
    evaluation_requests = _requests(request)
    if not evaluation_requests:
        return link_not_working(request, closed=True)
    answered = _just_answered(request, evaluation_requests)
    open_pairs = [(r, followup.open_measure(r)) for r in evaluation_requests]
    evaluation_request, measure = next(
        ((r, m) for r, m in open_pairs if m is not None), (evaluation_requests[0], None)
    )
    schedule = getattr(evaluation_request, "followup_schedule", None)
    base = {
        "schedule_running": schedule is not None
        and schedule.status != FollowUpSchedule.Status.STOPPED,
    }
    if answered is not None and measure is None:
        # After saving: the screener when item 9 was above 0 today, else a thank-you page.
        needs_screener = answered.screener is None and (answered.item9 or 0) > 0
        if request.method == "POST":  # the screener, or the same answers sent twice
            return (
                _save_screener(request, answered, base)
                if needs_screener
                else redirect("intake:followup")
            )
        return _render(
            request,
            {
                **base,
                "answered": answered,
                "safety_form": SafetyForm() if needs_screener else None,
                "show_crisis": answered.risk,
                "imminent": answered.screener is not None and _imminent(answered),
            },
        )
    if measure is None:
        return _render(request, {**base, "nothing_open": True})
    audit.record(
        action=Action.FOLLOWUP_VIEWED,
        http_request=request,
        obj=evaluation_request,
        actor_label="patient",
        detail={"measure": measure.pk},
    )
    ask_screener = _screener_up_front(evaluation_request)
    if request.method != "POST":
        return _render(
            request,
            {
                **base,
                "measure": measure,
                "form": FeelingsForm(),
                "safety_form": SafetyForm() if ask_screener else None,
            },
        )
    form = FeelingsForm(request.POST)
    safety_form = SafetyForm(request.POST) if ask_screener else None
    valid = form.is_valid() & (safety_form.is_valid() if safety_form else True)
    if not valid:
        typed_item9 = request.POST.get("phq9_9", "")
        return _render(
            request,
            {
                **base,
                "measure": measure,
                "form": form,
                "safety_form": safety_form,
                "errors": form_errors(form) + (form_errors(safety_form) if safety_form else []),
                # The crisis box at once, even when another answer must be fixed first.
                "show_crisis": typed_item9 in {"1", "2", "3"},
            },
            status=400,
        )
    try:
        stored = followup.record_answers(
            measure=measure,
            phq9=form.phq9(),
            difficulty=form.cleaned_data["difficulty"],
            gad7=form.gad7(),
            language=supported(get_language()),
            screener=_screener_answers(safety_form) if safety_form else None,
            http_request=request,
        )
    except followup.AlreadyAnswered:  # a double submission stores once
        return redirect("intake:followup")
    request.session[ANSWERED_SESSION_KEY] = stored.pk
    return redirect("intake:followup")


def _screener_answers(form: SafetyForm) -> dict:
    return {name: form.cleaned_data.get(name) for name in SafetyForm.base_fields}


def _imminent(measure: FollowUpMeasure) -> bool:
    return (
        scoring.cssrs_risk(**{k: (measure.screener or {}).get(k) for k in SafetyForm.base_fields})
        is scoring.CssrsRisk.IMMINENT
    )


def _save_screener(request, measure: FollowUpMeasure, base: dict):
    form = SafetyForm(request.POST)
    if not form.is_valid():
        return _render(
            request,
            {
                **base,
                "answered": measure,
                "safety_form": form,
                "errors": form_errors(form),
                "show_crisis": True,
                "imminent": request.POST.get("intent") == "yes"
                or request.POST.get("plan") == "yes",
            },
            status=400,
        )
    with suppress(followup.AlreadyAnswered):
        followup.add_screener(
            measure=measure, screener=_screener_answers(form), http_request=request
        )
    return redirect("intake:followup")


@require_POST
def stop_messages(request):
    """The patient stops the follow-up messages (recorded and audited; staff see it)."""
    evaluation_requests = _requests(request)
    if not evaluation_requests:
        raise Http404
    stopped = False
    for item in evaluation_requests:
        stopped |= followup.stop_messages_by_patient(evaluation_request=item, http_request=request)
    return _render(request, {"stopped": True, "schedule_running": False, "was_running": stopped})
