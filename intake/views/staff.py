"""Staff pages: the queue, its export, and each evaluation request with its actions.

Coordinators and clinicians only: every view checks the permission before anything else.
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from intake import selectors
from intake.forms.staff import (
    SEARCH_MAX_LENGTH,
    AssignForm,
    ContactForm,
    NoteForm,
    QueueFilterForm,
    StatusForm,
)
from intake.interop import exports, fhir
from intake.models import EvaluationRequest
from intake.pages.queue_rows import queue_rows
from intake.pages.request_page import render_request_page, staff_users
from intake.security import access
from intake.security.access import staff_member_required, staff_permission_required
from intake.security.audit_actions import Action
from intake.services import audit
from intake.services import requests as request_services
from intake.services import status_counts as cached_status_counts
from intake.web.cached_counts import COUNT_SECONDS, CachedCountPaginator

SEARCH_SESSION_KEY = "queue_search"


@staff_member_required
@require_http_methods(["GET", "HEAD", "POST"])
def queue(request):
    if request.method == "POST" or "q" in request.GET:
        return redirect(url_keeping_search_in_session(request))
    form = QueueFilterForm(filters_of(request))
    values, ignored = form.clean_or_ignore()
    for label in ignored:
        messages.warning(request, f"Ignored an unknown value for the filter \u201c{label}\u201d.")
    if QueueFilterForm.inverted_range(values):
        messages.warning(
            request,
            "\u201cSubmitted from\u201d is after \u201cSubmitted to\u201d, so no request can "
            "match. Swap the two dates.",
        )
    rows = selectors.queue_requests(
        EvaluationRequest.objects.for_queue_page(), values, request.user
    )
    paginator = Paginator(rows, settings.QUEUE_PAGE_SIZE)
    statuses = QueueFilterForm.counted_statuses(values)
    counts = cached_status_counts.counts()  # read once: the tabs show them too
    matched, more = None, False
    if values.get("q"):
        # A search: the ids of its newest matches once, in queue order, then the page's rows by
        # id; no COUNT (selectors.queue_search_ids).
        matched, more = selectors.queue_search_ids(values, request.user)
        paginator = Paginator(matched, settings.QUEUE_PAGE_SIZE)
    elif statuses is not None:
        # Filtered by status alone, the cached per-status counts already hold the total: no
        # COUNT(*) over tens of thousands of rows on every page view (docs/performance.md).
        paginator.count = sum(counts.get(status, 0) for status in statuses)
    else:
        # Other filters: their COUNT grows with the table (80,000 new requests to check for a
        # verdict at a million rows), so it is kept a minute, and the caption says so. (Never
        # a search: its text should not shape a key in the shared cache.)
        # Keyed by the filters (and the user, for "mine"): the rows' query holds the time.
        filters = audited_filters(values)["filters"]
        key = f"queue:{sorted(filters.items())}:{request.user.pk if values.get('mine') else ''}"
        paginator = CachedCountPaginator(rows, settings.QUEUE_PAGE_SIZE, key=key)
    page = paginator.get_page(request.GET.get("page"))
    on_page = page.object_list
    if matched is not None:
        on_page = EvaluationRequest.objects.for_queue_page().filter(pk__in=list(on_page))
    rows = queue_rows(on_page)
    audit.record(
        action=Action.QUEUE_VIEWED,
        http_request=request,
        object_type="evaluationrequest",
        detail={
            **audited_filters(values),
            "page": page.number,
            "shown": [row["reference"] for row in rows],
        },
    )
    context = {
        "form": form,
        "typed": form.typed(),
        "options": form.options(),
        "page": page,
        "rows": rows,
        "status_counts": status_counts(counts),
        "current_status": values.get("status") or "",
        "query_string": query_without_page(request),
        "filtered": QueueFilterForm.is_filtered(values),
        "count_seconds": COUNT_SECONDS if isinstance(paginator, CachedCountPaginator) else None,
        "newest": settings.QUEUE_SEARCH_NEWEST if more else None,
    }
    # The red mark: risk answers past their acknowledgement target (a partial index's few rows).
    context["overdue_risk"] = EvaluationRequest.objects.filter(
        risk_ack_due_by__lte=timezone.now()
    ).count()
    return render(request, "intake/staff/queue.html", context)


def audited_filters(values: dict) -> dict:
    """The queue's filters for the audit trail: their values are codes and dates, and of a
    search only the fact, never its text."""
    filters = {
        name: value.isoformat() if hasattr(value, "isoformat") else value
        for name, value in sorted(values.items())
        if value not in (None, "", False) and name != "q"
    }
    return {"filters": filters, "searched": bool(values.get("q"))}


def status_counts(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    return [
        (value, label, counts.get(value, 0)) for value, label in EvaluationRequest.Status.choices
    ]


def query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def url_keeping_search_in_session(request) -> str:
    """The queue's address for the filters posted, with the search text left out of it: a
    name, e-mail address or phone number would otherwise stay in browser history and proxy
    logs. The text waits in the session; `search=1` in the address asks for it."""
    params = (request.POST if request.method == "POST" else request.GET).copy()
    for name in ("csrfmiddlewaretoken", "page", "search"):
        params.pop(name, None)
    text = " ".join(params.pop("q", [""])[-1].split())
    if text:
        # Kept a little longer than a search may be, so an over-long one is refused visibly;
        # and only for the staff idle limit (see filters_of): it may be a name or a phone.
        request.session[SEARCH_SESSION_KEY] = search_to_keep(text[: SEARCH_MAX_LENGTH + 1])
        params["search"] = "1"
    query = params.urlencode()
    return reverse("intake:staff_queue") + (f"?{query}" if query else "")


def search_to_keep(text: str) -> dict:
    """The session's record of a search: its text and when it was typed."""
    return {"text": text, "at": int(timezone.now().timestamp())}


def filters_of(request):
    """The queue's filters: the address's, and the search text from the session when asked."""
    data = request.GET.copy()
    text = saved_search(request)
    if data.pop("search", None) and text:
        data["q"] = text
    return data


def saved_search(request) -> str:
    """The search text waiting in the session, for STAFF_IDLE_MINUTES after it was typed; an
    older one is removed from the session."""
    saved = request.session.get(SEARCH_SESSION_KEY)
    if not saved:
        return ""
    typed_at = saved.get("at") if isinstance(saved, dict) else None
    age = int(timezone.now().timestamp()) - typed_at if isinstance(typed_at, int) else None
    if age is None or age > settings.STAFF_IDLE_MINUTES * 60:
        del request.session[SEARCH_SESSION_KEY]
        return ""
    return str(saved.get("text", ""))


@staff_permission_required("intake.export_evaluationrequest")
@require_safe
def export_queue(request):
    """The filtered queue as CSV: contact details and statuses, never clinical answers."""
    values, _ = QueueFilterForm(filters_of(request)).clean_or_ignore()
    rows = selectors.queue_requests(EvaluationRequest.objects.for_queue(), values, request.user)
    audit.record(
        action=Action.QUEUE_EXPORTED,
        http_request=request,
        object_type="evaluationrequest",
        detail={
            "filters": sorted(name for name, value in values.items() if value and name != "q"),
            "searched": bool(values.get("q")),
        },
    )
    return exports.queue_csv_response(rows)


@staff_member_required
@require_safe
def request_detail(request, reference):
    evaluation_request = access.get_request_for_staff(request, reference)
    return render_request_page(request, evaluation_request)


@staff_member_required
@staff_permission_required("intake.export_evaluationrequest")
@require_safe
def request_fhir(request, reference):
    """The request as a FHIR R4 Bundle for the clinic's EHR (docs/fhir.md): a transaction, or
    with ?type=batch a batch; ?questionnaires=0 leaves out the Questionnaires; ?files=1 puts
    the uploaded documents' files inside their DocumentReferences."""
    kind = request.GET.get("type", fhir.TRANSACTION)
    flags = (request.GET.get("questionnaires", "1"), request.GET.get("files", "0"))
    if kind not in fhir.BUNDLE_TYPES or not all(flag in ("0", "1") for flag in flags):
        return HttpResponseBadRequest(
            "type is transaction or batch; questionnaires and files are 0 or 1."
        )
    files = request.GET.get("files") == "1"
    evaluation_request = access.get_request_for_staff(
        request, reference, queryset=EvaluationRequest.objects.for_fhir()
    )
    body = fhir.bundle_json(
        evaluation_request,
        now=timezone.now(),
        indent=2,
        kind=kind,
        questionnaires=request.GET.get("questionnaires", "1") == "1",
        files=files,
    )
    audit.record(
        action=Action.REQUEST_FHIR_EXPORTED,
        http_request=request,
        obj=evaluation_request,
        detail={"files": True} if files else None,
    )
    response = HttpResponse(body, content_type="application/fhir+json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{evaluation_request.reference}-fhir.json"'
    )
    return response


def _apply(request, evaluation_request, form, service, success: str, *, name: str):
    """Validate the form, run the service with its fields, and come back to the request page.
    An invalid form or a refused action changes nothing: the page is shown again with the form
    as typed and what to fix (`name` is the form's name on the page)."""
    if form.is_valid():
        try:
            service(
                evaluation_request=evaluation_request,
                actor=request.user,
                http_request=request,
                **form.cleaned_data,
            )
        except request_services.WorkflowError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, success)
            return redirect("intake:staff_request", reference=evaluation_request.reference)
    return render_request_page(request, evaluation_request, bound={name: form}, status=400)


@staff_member_required
@require_POST
def assign(request, reference):
    evaluation_request = access.get_request_for_staff(request, reference)
    data = {"assignee": request.user.pk} if "to_me" in request.POST else request.POST
    form = AssignForm(data, staff_users=staff_users())
    return _apply(
        request,
        evaluation_request,
        form,
        request_services.assign_request,
        "Assignment saved.",
        name="assign_form",
    )


@sensitive_post_parameters()  # free text about the patient
@staff_member_required
@require_POST
def change_status(request, reference):
    evaluation_request = access.get_request_for_staff(request, reference)
    form = StatusForm(request.POST, current=evaluation_request.status)
    return _apply(
        request,
        evaluation_request,
        form,
        request_services.change_status,
        "Status changed.",
        name="status_form",
    )


@sensitive_post_parameters()  # free text about the patient
@staff_member_required
@require_POST
def add_note(request, reference):
    evaluation_request = access.get_request_for_staff(request, reference)
    form = NoteForm(request.POST)
    return _apply(
        request,
        evaluation_request,
        form,
        request_services.add_note,
        "Note added.",
        name="note_form",
    )


@sensitive_post_parameters()  # free text about the patient
@staff_member_required
@require_POST
def log_contact(request, reference):
    evaluation_request = access.get_request_for_staff(request, reference)
    form = ContactForm(request.POST)
    return _apply(
        request,
        evaluation_request,
        form,
        request_services.log_contact_attempt,
        "Contact attempt logged.",
        name="contact_form",
    )
