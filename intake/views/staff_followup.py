"""Staff actions on a request's follow-up: its schedule, and acknowledging a risk answer.
Coordinators and clinicians, as the request page; a refused action shows the page again with
the form as typed."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from intake.forms.followup import AcknowledgeForm, ScheduleForm
from intake.models import RiskAlert
from intake.pages.request_page import render_request_page
from intake.security import access
from intake.security.access import staff_member_required
from intake.services import followup

DONE = {
    "start": "Follow-up started.",
    "change": "Follow-up schedule changed.",
    "pause": "Follow-up paused.",
    "resume": "Follow-up resumed.",
    "stop": "Follow-up stopped.",
}


@sensitive_post_parameters()  # a reason may say something about the patient
@staff_member_required
@require_POST
def schedule(request, reference):
    evaluation_request = access.get_request_for_staff(request, reference)
    form = ScheduleForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        common = {
            "evaluation_request": evaluation_request,
            "actor": request.user,
            "http_request": request,
        }
        plan = {k: data[k] for k in ("mode", "interval_days", "weeks")}
        operation = data["operation"]
        try:
            if operation == "start":
                followup.start_followup(**common, **plan, reason=data["reason"])
            elif operation == "change":
                followup.change_followup(**common, **plan, reason=data["reason"])
            elif operation == "pause":
                followup.pause_followup(**common, reason=data["reason"])
            elif operation == "resume":
                followup.resume_followup(**common, reason=data["reason"])
            else:
                followup.stop_followup(**common, reason=data["reason"])
        except followup.FollowUpError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, DONE[operation])
            return redirect("intake:staff_request", reference=evaluation_request.reference)
    return render_request_page(
        request, evaluation_request, bound={"schedule_form": form}, status=400
    )


@sensitive_post_parameters()  # the note may hold clinical details
@staff_member_required
@require_POST
def acknowledge(request, reference):
    evaluation_request = access.get_request_for_staff(request, reference)
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        alert = RiskAlert.objects.filter(
            pk=form.cleaned_data["alert"], request=evaluation_request
        ).first()
        if alert is None:
            raise Http404
        try:
            followup.acknowledge_risk(
                alert=alert,
                actor=request.user,
                action=form.cleaned_data["action"],
                note=form.cleaned_data["note"],
                http_request=request,
            )
        except followup.FollowUpError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Acknowledgement recorded.")
            return redirect("intake:staff_request", reference=evaluation_request.reference)
    return render_request_page(request, evaluation_request, bound={"ack_form": form}, status=400)
