"""The patient's private status page, reached through the link in their e-mail.

The link's token is moved into the session at once and the browser is redirected to /status/,
so the token never stays in the address bar or Referer headers. Browsers still keep the link's
address in their history, so opening it also spends it (intake/services/status_links.py): a
spent or expired link shows a page that offers a fresh one by e-mail.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation as django_translation
from django.utils.translation import gettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from intake import selectors, translation
from intake.audit_actions import Action
from intake.domain import statuses
from intake.forms.intake import NewStatusLinkForm, PatientAppointmentForm
from intake.models import EvaluationRequest
from intake.services import audit, followup, scheduling, status_links
from intake.steady_time import answers_in_steady_time
from intake.views import patient_session

TOKEN_LENGTH = 43  # secrets.token_urlsafe(32)


@require_http_methods(["GET", "HEAD"])
def status_link(request, token):
    """Unknown, mutated, truncated, spent and expired tokens all get the same page: a 404 that
    offers a fresh link."""
    if len(token) != TOKEN_LENGTH:
        return link_not_working(request)
    if request.method == "HEAD":  # a monitor or a link preview: answer, but spend nothing
        if EvaluationRequest.objects.with_status_token(token).exists():
            return redirect("intake:status")
        return link_not_working(request)
    opened = status_links.open_status_link(token=token, http_request=request)
    if opened is None:
        if still_sees_a_request(request):
            # The patient's own browser, reopening a link it used: back to the page it may
            # still see, rather than a dead end.
            messages.info(
                request,
                gettext(
                    "This link has been used already. This browser still shows your request "
                    "for a while."
                ),
            )
            return redirect("intake:status")
        return link_not_working(request)
    patient_session.grant_status_access(request, opened.session_hash, new_session_key=True)
    # The patient's pages in the language stored with the request, whatever the browser's
    # (the e-mail may be read on a phone that never saw the site); the switch still works.
    # A follow-up e-mail's link opens the follow-up questions (views/followup.py).
    then = "intake:followup" if request.GET.get("then") == "followup" else "intake:status"
    return translation.remember_language(redirect(then), opened.language)


def still_sees_a_request(request) -> bool:
    hashes = patient_session.status_hashes(request)
    return bool(hashes) and (
        selectors.requests_for_status_hashes(hashes, EvaluationRequest.objects.all()).exists()
    )


def link_not_working(request, form=None, status=404, *, closed=False):
    """The page of a link that no longer works (or, `closed`, of a status page this browser
    no longer sees), in the language the link names (the e-mail's, as the patient chose it),
    and later pages in it too. Either way it offers a fresh link."""
    language = request.GET.get("lang")
    if language not in dict(settings.LANGUAGES):
        language = None  # a language we do not offer: the browser's, as on any page
    if language is not None:
        django_translation.activate(language)
        request.LANGUAGE_CODE = language
    response = render(
        request,
        "intake/link_not_working.html",
        {
            "form": form or NewStatusLinkForm(),
            "hours": settings.STATUS_LINK_HOURS,
            "minutes": settings.STATUS_SESSION_MINUTES,
            "closed": closed,
        },
        status=status,
    )
    return translation.remember_language(response, language) if language else response


@sensitive_post_parameters()
@require_http_methods(["GET", "HEAD", "POST"])
@answers_in_steady_time
def new_link(request):
    """Ask for a fresh private link: e-mail address and date of birth. The answer is the same
    whether or not they match a request (the address gets the e-mail only if they do)."""
    if request.method != "POST":
        return link_not_working(request, status=200)
    form = NewStatusLinkForm(request.POST)
    if not form.is_valid():
        return link_not_working(request, form=form, status=400)
    status_links.send_fresh_status_link(
        email=form.cleaned_data["email"],
        date_of_birth=form.cleaned_data["date_of_birth"],
        http_request=request,
    )
    return render(request, "intake/new_link_sent.html", {"hours": settings.STATUS_LINK_HOURS})


def requests_for_session(request, queryset=None):
    """The requests this browser's status access shows (the links it opened, or the request it
    just submitted), newest first; `queryset` says what to fetch with them, by default what
    the status page shows."""
    return selectors.requests_for_status_hashes(
        patient_session.status_hashes(request), queryset=queryset
    )


def crisis_help(evaluation_requests) -> dict:
    """Whether a page of these requests shows the crisis box, and the stronger one first."""
    imminent = any(item.imminent_risk for item in evaluation_requests)
    return {
        "show_crisis": imminent or any(item.symptoms.item9 > 0 for item in evaluation_requests),
        "imminent": imminent,
    }


@require_http_methods(["GET", "HEAD"])
def status_page(request):
    evaluation_requests = list(requests_for_session(request))
    if not evaluation_requests:
        return link_not_working(request, closed=True)
    for item in evaluation_requests:  # the patient, from this browser's status access
        audit.record(action=Action.REQUEST_STATUS_VIEWED, http_request=request, obj=item)
        last = item.every_appointment[-1] if item.every_appointment else None
        item.patient_status = statuses.patient_status_label(
            item.status,
            has_active_appointment=bool(item.active_appointments),
            last_appointment=last.status if last else "",
        )
        # Follow-up questions waiting: the page says so, with the way to them.
        item.open_followup = followup.open_measure(item) is not None
        # After a cancelled or missed evaluation the page offers to ask for a new time.
        item.can_ask_new_time = bool(item.patient_status) and item.patient_action != (
            EvaluationRequest.PatientAction.RESCHEDULE
        )
    return render(
        request,
        "intake/status.html",
        {
            "evaluation_requests": evaluation_requests,
            **crisis_help(evaluation_requests),
            "form": PatientAppointmentForm(),
            "zone_name": translation.clinic_zone_name(),
        },
    )


@require_http_methods(["GET", "HEAD"])
def answers_copy(request):
    """A copy of the answers the patient sent, in the words they read, to print or save. Seen
    with the status page's access only (and like it, never cached: it is under /status/)."""
    evaluation_requests = list(
        requests_for_session(request, EvaluationRequest.objects.with_answers())
    )
    if not evaluation_requests:
        return link_not_working(request, closed=True)
    for item in evaluation_requests:
        audit.record(
            action=Action.REQUEST_ANSWERS_VIEWED,
            http_request=request,
            obj=item,
            actor_label="patient",
        )
    return render(
        request,
        "intake/answers_copy.html",
        {"evaluation_requests": evaluation_requests, **crisis_help(evaluation_requests)},
    )


@sensitive_post_parameters()
@require_POST
def appointment_action(request):
    """The patient confirms, cancels (with a reason, once confirmed on a second page) or asks
    to move their evaluation."""
    form = PatientAppointmentForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("intake:status")
    evaluation_request = next(
        (r for r in requests_for_session(request) if r.reference == form.cleaned_data["reference"]),
        None,
    )
    if evaluation_request is None:
        raise Http404
    action = form.cleaned_data["action"]
    if action == "new_time":
        try:
            scheduling.ask_for_new_time(
                evaluation_request=evaluation_request,
                message=form.cleaned_data["message"],
                http_request=request,
            )
            messages.success(request, gettext("Thank you. We will contact you to find a new time."))
        except scheduling.BookingError as refusal:
            messages.error(request, gettext(str(refusal)))
        return redirect("intake:status")
    appointment = next(iter(evaluation_request.active_appointments), None)
    if appointment is None:
        messages.error(request, gettext("There is no upcoming appointment to change."))
        return redirect("intake:status")
    if action == "cancel" and not form.cleaned_data["confirmed"]:
        # One tap never cancels: a second page, which works without JavaScript, asks first.
        return render(
            request,
            "intake/cancel_confirm.html",
            {
                "evaluation_request": evaluation_request,
                "appointment": appointment,
                "message": form.cleaned_data["message"],
                "zone_name": translation.clinic_zone_name(),
                **crisis_help([evaluation_request]),
            },
        )
    try:
        if action == "reschedule":
            scheduling.ask_to_reschedule(
                appointment=appointment, message=form.cleaned_data["message"], http_request=request
            )
            messages.success(
                request, gettext("Thank you. We will contact you to find another time.")
            )
        elif action == "confirm":
            scheduling.confirm_by_patient(appointment=appointment, http_request=request)
            messages.success(
                request, gettext("Thank you for confirming. We look forward to seeing you.")
            )
        else:
            scheduling.cancel_appointment(
                appointment=appointment,
                reason=form.cleaned_data["message"],
                by_patient=True,
                http_request=request,
            )
            messages.success(
                request, gettext("Your appointment is cancelled. We have told our team.")
            )
    except scheduling.BookingError as refusal:
        messages.error(request, gettext(str(refusal)))
    return redirect("intake:status")
