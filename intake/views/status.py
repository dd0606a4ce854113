"""The patient's private status page, reached through the link in their e-mail, and what the
patient does from it: confirm, cancel or move their evaluation, choose their own time (when
invited), join the waitlist, answer a waitlist offer, download the calendar file.

The link's token is moved into the session at once and the browser is redirected to /status/,
so the token never stays in the address bar or Referer headers. Browsers still keep the link's
address in their history, so opening it also spends it (intake/services/status_links.py): a
spent or expired link shows a page that offers a fresh one by e-mail.
"""

from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils import translation as django_translation
from django.utils.translation import gettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from intake import selectors
from intake.domain import slots, statuses
from intake.forms.intake import NewStatusLinkForm, PatientAppointmentForm
from intake.forms.self_scheduling import ANY, ChooseTimeForm, OfferAnswerForm, WaitlistForm
from intake.interop import invitations
from intake.models import Appointment, ClinicDetails, Clinician, EvaluationRequest
from intake.models.scheduling import MODES
from intake.security.audit_actions import Action
from intake.security.steady_time import answers_in_steady_time
from intake.services import audit, followup, scheduling, self_scheduling, status_links, waitlist
from intake.views import patient_session
from intake.web import translation
from intake.web.translation import patient_language

TOKEN_LENGTH = 43  # secrets.token_urlsafe(32)
# Where an e-mailed link leads once opened: the open times to choose from, a waitlist offer.
# The page a private link opens (`?to=`): the open slots, a waitlist offer, the follow-up questions.
LINK_DESTINATIONS = {
    "book": "intake:status_choose_time",
    "offer": "intake:status_offer",
    "followup": "intake:followup",
    "documents": "intake:status_documents",
}
DAYS_PER_PAGE = 7  # the open times, a week at a time


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
    destination = LINK_DESTINATIONS.get(request.GET.get("to", ""), "intake:status")
    return translation.remember_language(redirect(destination), opened.language)


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
        _self_scheduling_of(item)
    return render(
        request,
        "intake/status.html",
        {
            "evaluation_requests": evaluation_requests,
            **crisis_help(evaluation_requests),
            "form": PatientAppointmentForm(),
            "waitlist_form": WaitlistForm(),
            "zone_name": translation.clinic_zone_name(),
            "clinic": ClinicDetails.objects.current(),
            "change_hours": settings.PATIENT_CHANGE_HOURS,
            "video_join_minutes": settings.VIDEO_JOIN_MINUTES,
        },
    )


def _self_scheduling_of(item: EvaluationRequest) -> None:
    """What the status page offers for one request: choosing or moving the time themselves
    (when invited), the waitlist, an open offer, and joining a video visit."""
    now = timezone.now()
    active = next(iter(item.active_appointments), None)
    allowed = self_scheduling.may_choose_own_time(item, has_appointment=active is not None)
    item.may_choose_time = allowed and active is None
    item.may_move_time = allowed and active is not None and active.patient_may_change(now)
    # Within PATIENT_CHANGE_HOURS the patient asks the clinic instead of moving or cancelling.
    item.ask_the_clinic = active is not None and not active.patient_may_change(now)
    item.waiting = waitlist.waiting_entry(item) if active is not None else None
    item.offer = self_scheduling.open_offer(item, now) if active is not None else None
    item.can_join = active is not None and active.can_be_joined(now)


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
    if action == "cancel" and not appointment.patient_may_change():
        # Too close to cancel here (domain/patient_changes.py): the page offers to ask instead.
        messages.error(request, gettext(scheduling.TOO_LATE_MESSAGE))
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


# --- The patient's own scheduling ---------------------------------------------------------


def _own_request(request, reference: str | None) -> EvaluationRequest | None:
    """One of the requests this browser may see: the one named, else the first that may
    choose a time. Another patient's reference is simply not among them (404)."""
    found = list(
        requests_for_session(request, selectors.status_page_requests(with_documents=False))
    )
    if reference:
        return next((item for item in found if item.reference == reference), None)
    invited = (
        item
        for item in found
        if self_scheduling.may_choose_own_time(item, has_appointment=bool(item.active_appointments))
    )
    return next(invited, found[0] if found else None)


def _first_day(value: str | None, today: date) -> date:
    try:
        chosen = date.fromisoformat(value) if value else today
    except ValueError:
        chosen = today
    last = today + timedelta(days=settings.BOOKING_DAYS_AHEAD)
    return min(max(chosen, today), last)


@require_http_methods(["GET", "HEAD", "POST"])
def choose_time(request):
    """The open times, grouped by day, a week at a time; choosing one books it at once."""
    if not patient_session.status_hashes(request):
        return link_not_working(request, closed=True)
    form = ChooseTimeForm(request.POST) if request.method == "POST" else None
    reference = form.data.get("reference") if form else request.GET.get("ref")
    evaluation_request = _own_request(request, reference)
    if evaluation_request is None:
        if reference:
            raise Http404
        return link_not_working(request, closed=True)
    if not self_scheduling.may_choose_own_time(evaluation_request):
        return _page(
            request,
            evaluation_request,
            refusal=gettext(
                "Your evaluation is arranged with our team. Please call the clinic to choose a "
                "time; we will help."
            ),
            status=403,
        )
    if form is None:
        audit.record(
            action=Action.REQUEST_STATUS_VIEWED,
            http_request=request,
            obj=evaluation_request,
            detail={"page": "choose_time"},
        )
        return _page(request, evaluation_request)
    if not form.is_valid():
        error = next(iter(form.errors.values()))[0]
        return _page(request, evaluation_request, refusal=error, status=400)
    data = form.cleaned_data
    try:
        appointment = self_scheduling.choose_time(
            evaluation_request=evaluation_request,
            starts_at=data["starts_at"],
            clinician=data["clinician"],
            mode=data["mode"],
            http_request=request,
        )
    except scheduling.BookingError as refusal:
        # The next open times from the one refused, with the same choices.
        return _page(
            request,
            evaluation_request,
            refusal=gettext(str(refusal)),
            status=409,
            near=data["starts_at"],
            clinician=data["clinician"],
            mode=data["mode"],
        )
    # The booking e-mail carried a fresh link, which replaced the one this browser opened:
    # this browser, which just booked, keeps seeing the request.
    fresh = EvaluationRequest.objects.values_list("status_token_hash", flat=True).get(
        pk=evaluation_request.pk
    )
    patient_session.grant_status_access(request, fresh)
    moved = appointment.sequence > 0
    message = (
        gettext("Your evaluation is moved to %(when)s. We have e-mailed you the new details.")
        if moved
        else gettext(
            "Your evaluation is booked for %(when)s. We have e-mailed you the details and an "
            "invitation for your calendar."
        )
    )
    messages.success(
        request, message % {"when": translation.appointment_time(appointment.starts_at)}
    )
    return redirect("intake:status")


def _page(
    request,
    evaluation_request,
    *,
    refusal: str = "",
    status: int = 200,
    near=None,
    clinician=None,
    mode: str | None = None,
):
    zone = scheduling.clinic_zone()
    now = timezone.now()
    today = timezone.localtime(now, zone).date()
    active = evaluation_request.appointments.active().select_related("clinician").first()
    modes = self_scheduling.visit_modes(evaluation_request)
    # A move starts with the patient's own kind of visit and clinician (whom staff may have
    # chosen for them); the others are one choice away.
    asked_mode = mode or request.GET.get("mode") or (active.mode if active else None)
    mode = asked_mode if asked_mode in modes else modes[0]
    clinicians = list(Clinician.objects.bookable())
    if clinician is None and not near:
        wanted = request.GET.get("clinician", str(active.clinician_id) if active else ANY)
        clinician = next((c for c in clinicians if str(c.pk) == wanted), None)
    first = (
        timezone.localtime(near, zone).date()
        if near
        else _first_day(request.GET.get("from"), today)
    )
    first = min(max(first, today), today + timedelta(days=settings.BOOKING_DAYS_AHEAD))
    last = first + timedelta(days=DAYS_PER_PAGE - 1)
    may_choose = self_scheduling.may_choose_own_time(
        evaluation_request, has_appointment=active is not None
    )
    allowed = may_choose and (active is None or active.patient_may_change(now))
    times = (
        self_scheduling.open_times(
            evaluation_request=evaluation_request,
            first_day=first,
            last_day=last,
            clinician=clinician,
            mode=mode,
            now=now,
            ignore=None,
        )
        if allowed
        else []
    )
    if near:
        times = [item for item in times if item.starts_at > near] or times
    by_start = {item.starts_at: item for item in times}
    days = [
        (day, [by_start[start] for start in starts])
        for day, starts in slots.by_local_day(by_start, zone)
    ]
    window_end = today + timedelta(days=settings.BOOKING_DAYS_AHEAD)
    return render(
        request,
        "intake/choose_time.html",
        {
            "evaluation_request": evaluation_request,
            "active": active,
            "allowed": allowed,
            "invited": may_choose,
            "refusal": refusal,
            "days": days,
            "clinicians": clinicians,
            "clinician": clinician,
            "any": ANY,
            "mode": mode,
            "modes": [(value, label) for value, label in MODES if value in modes],
            "first": first,
            "last": last,
            "earlier": first - timedelta(days=DAYS_PER_PAGE) if first > today else None,
            "later": last + timedelta(days=1) if last < window_end else None,
            "window_end": window_end,
            "zone_name": translation.clinic_zone_name(),
            "change_hours": settings.PATIENT_CHANGE_HOURS,
            **crisis_help([evaluation_request]),
        },
        status=status,
    )


@require_POST
def waitlist_action(request):
    """Join the waitlist (any time earlier, or certain days), change its days, or leave it."""
    form = WaitlistForm(request.POST)
    evaluation_request = _own_request(request, request.POST.get("reference", "-"))
    if evaluation_request is None:
        raise Http404
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("intake:status")
    try:
        if form.cleaned_data["action"] == "leave":
            waitlist.leave_waitlist(evaluation_request=evaluation_request, http_request=request)
            messages.success(request, gettext("You have left the waitlist."))
        else:
            waitlist.join_waitlist(
                evaluation_request=evaluation_request,
                weekdays=form.cleaned_data["weekdays"],
                http_request=request,
            )
            messages.success(
                request,
                gettext(
                    "You are on the waitlist. When an earlier time frees up, we will e-mail you."
                ),
            )
    except waitlist.WaitlistError as refusal:
        messages.error(request, gettext(str(refusal)))
    return redirect("intake:status")


@require_http_methods(["GET", "HEAD", "POST"])
def slot_offer(request):
    """A waitlist offer: take the earlier time, or keep the current one."""
    if not patient_session.status_hashes(request):
        return link_not_working(request, closed=True)
    found = list(
        requests_for_session(request, selectors.status_page_requests(with_documents=False))
    )
    offers = [(item, self_scheduling.open_offer(item)) for item in found]
    offers = [(item, offer) for item, offer in offers if offer is not None]
    if request.method == "POST":
        form = OfferAnswerForm(request.POST)
        chosen = next(
            (
                (item, offer)
                for item, offer in offers
                if item.reference == form.data.get("reference")
            ),
            None,
        )
        if not form.is_valid() or chosen is None:
            messages.error(request, gettext("This offer has expired or has been answered already."))
            return redirect("intake:status")
        evaluation_request, offer = chosen
        if form.cleaned_data["answer"] == "decline":
            self_scheduling.decline_offer(offer=offer, http_request=request)
            messages.success(request, gettext("You have kept your current time."))
            return redirect("intake:status")
        try:
            appointment = self_scheduling.accept_offer(offer=offer, http_request=request)
        except scheduling.BookingError as refusal:
            messages.error(request, gettext(str(refusal)))
            return redirect("intake:status")
        fresh = EvaluationRequest.objects.values_list("status_token_hash", flat=True).get(
            pk=evaluation_request.pk
        )
        patient_session.grant_status_access(request, fresh)
        messages.success(
            request,
            gettext("Your evaluation is moved to %(when)s. We have e-mailed you the new details.")
            % {"when": translation.appointment_time(appointment.starts_at)},
        )
        return redirect("intake:status")
    for item in found:  # the offers, and the appointments they would replace
        audit.record(
            action=Action.REQUEST_STATUS_VIEWED,
            http_request=request,
            obj=item,
            detail={"page": "slot_offer"},
        )
    return render(
        request,
        "intake/slot_offer.html",
        {
            "offers": offers,
            "zone_name": translation.clinic_zone_name(),
            **crisis_help(found),
        },
    )


@require_http_methods(["GET", "HEAD"])
def calendar_file(request, reference):
    """The evaluation as an .ics file to add to a calendar (no private link inside)."""
    evaluation_request = _own_request(request, reference)
    appointment = (
        Appointment.objects.active()
        .filter(request=evaluation_request)
        .select_related("clinician")
        .first()
        if evaluation_request
        else None
    )
    if appointment is None:
        raise Http404
    audit.record(
        action=Action.REQUEST_STATUS_VIEWED,
        http_request=request,
        obj=evaluation_request,
        detail={"page": "calendar_file"},
    )
    with patient_language(evaluation_request.patient.preferred_language):
        text = invitations.invitation(appointment, method=invitations.REQUEST)
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="evaluation.ics"'
    return response
