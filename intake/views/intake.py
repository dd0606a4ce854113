"""The patient's intake wizard: one page per step, a review page, and the confirmation."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from intake import selectors
from intake.forms import wizard
from intake.forms.intake import ConsentForm
from intake.models import EvaluationRequest, IntakeDraft
from intake.security.ratelimits import count_against_ip_limit
from intake.services import documents
from intake.services.submission import Submission, submit_intake
from intake.views import patient_session
from intake.views.patient_session import CONFIRMATION_SESSION_KEY, DRAFT_SESSION_KEY
from intake.web.translation import remember_language, supported


def current_draft(request) -> IntakeDraft | None:
    """The draft of this browser's session, if it still exists and has not expired."""
    draft_id = request.session.get(DRAFT_SESSION_KEY)
    if not draft_id:
        return None
    draft = IntakeDraft.objects.filter(pk=draft_id).first() if _is_uuid(draft_id) else None
    if draft is None or draft.is_expired():
        request.session.pop(DRAFT_SESSION_KEY, None)
        if draft is not None:
            draft.delete()
        messages.info(
            request, gettext("Your saved answers had expired, so the intake starts again.")
        )
        return None
    return draft


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _new_draft(request) -> IntakeDraft:
    # A new intake may be a new person on a shared browser: earlier status access ends here.
    patient_session.forget_status_access(request)
    request.session.cycle_key()
    draft = IntakeDraft.objects.create()
    request.session[DRAFT_SESSION_KEY] = str(draft.pk)
    return draft


def _save_step(request, draft, step, page, data) -> None:
    wizard.save_step(draft, step, page, data)
    # The draft lives DRAFT_DAYS from its last change; so does the session that finds it, on
    # this browser only.
    request.session.set_expiry(timedelta(days=settings.DRAFT_DAYS))


def step_url(step: wizard.Step, *, back_to_review: bool = False) -> str:
    if step is wizard.REVIEW:
        return reverse("intake:intake_review")
    url = reverse("intake:intake_step", args=[step.name])
    return f"{url}?from=review" if back_to_review else url


@require_http_methods(["GET", "HEAD"])
def intake_start(request):
    """Start a new intake, or resume this browser's draft where the patient stopped."""
    draft = current_draft(request)
    if draft is not None and draft.submitted_request_id:
        request.session.pop(DRAFT_SESSION_KEY, None)
        draft = None
    if draft is None:
        return render(request, "intake/start.html", {"steps": wizard.STEPS})
    step = wizard.first_incomplete_step(draft) or wizard.REVIEW
    messages.info(request, gettext("Welcome back: your saved answers are here."))
    return redirect(step_url(step))


@sensitive_post_parameters()
@require_http_methods(["GET", "HEAD", "POST"])
def intake_step(request, step_name):
    step = wizard.step_named(step_name)
    if step is None:
        raise Http404
    draft = current_draft(request)
    if draft is not None and draft.submitted_request_id:
        return redirect("intake:intake_done")
    if draft is None and step.name != "about":
        return redirect("intake:intake_start")
    if step not in wizard.applicable_steps(draft):
        return redirect(step_url(wizard.first_incomplete_step(draft) or wizard.REVIEW))
    back_to_review = request.GET.get("from") == "review"

    if request.method in ("GET", "HEAD"):
        page = wizard.saved_page(step, wizard.stored_data(draft, step.name))
        return _render_step(request, draft, page, back_to_review=back_to_review, show_errors=False)

    data = request.POST
    if "switch_language" in data:
        return _switch_language(request, draft, step, data, back_to_review=back_to_review)
    if step.name == "history" and ("add_trial" in data or "remove_trial" in data):
        rows = wizard.trial_rows_from(data)
        removed = _int(data.get("remove_trial"))
        removing = "add_trial" not in data and removed in range(len(rows))
        if "add_trial" in data:
            rows = wizard.add_trial_row(rows)
        elif removing:
            rows = wizard.remove_trial_row(rows, removed)
        page = wizard.build_page(step, data, trial_rows=rows)
        if removing:
            # The reloaded page lands on this, focused, so the patient hears the row went.
            page.notice = gettext("Medication %(number)s removed.") % {"number": removed + 1}
        if "add_trial" in data and rows:
            # The patient stays at the new row, in its first field, with or without JavaScript.
            wizard.focus_trial_row(page, len(rows) - 1)
        return _render_step(request, draft, page, back_to_review=back_to_review, show_errors=False)

    if step.name == "payment" and draft is not None:
        page = _payment_page_with_uploads(request, draft, step, data)
        if "remove_document" in data:
            # Like removing a medication: the page comes back as typed, without errors.
            removed = documents.remove_from_draft(
                draft=draft, document_id=_int(data.get("remove_document"))
            )
            _save_step(request, draft, step, page, data)
            page = wizard.saved_page(step, wizard.stored_data(draft, step.name))
            if removed:
                page.notice = gettext("File removed.")
            return _render_step(
                request, draft, page, back_to_review=back_to_review, show_errors=False
            )
    else:
        page = wizard.build_page(step, data)
    if "back" in data and draft is not None:
        # Back keeps what was typed, valid or not; the step is simply not complete yet.
        _save_step(request, draft, step, page, data)
        if back_to_review:
            return redirect(step_url(wizard.REVIEW))  # Back from Edit goes where Edit came from
        previous = wizard.previous_step_before(draft, step)
        return redirect(step_url(previous) if previous else reverse("intake:intake_start"))
    if not page.is_valid():
        return _render_step(request, draft, page, back_to_review=back_to_review, show_errors=True)
    if draft is None:
        draft = _new_draft(request)
    _save_step(request, draft, step, page, data)
    if back_to_review:
        # Back to the review page, through any step this answer made necessary (Safety).
        following = wizard.first_incomplete_step(draft) or wizard.REVIEW
        response = redirect(step_url(following, back_to_review=True))
    else:
        response = redirect(step_url(wizard.next_step_after(draft, step)))
    if step.name == "about":
        # The language chosen on the first step is the language of the rest of the wizard.
        remember_language(response, page.forms["about"].cleaned_data["preferred_language"])
    return response


def _payment_page_with_uploads(request, draft, step, data) -> wizard.StepPage:
    """The payment step as sent: each file that passes is kept with the draft at once, so a
    rejected file, or a missing answer, never costs the patient another file."""
    page = wizard.build_page(step, data, files=request.FILES, room=documents.room_left(draft))
    uploads = page.forms["documents"]
    uploads.is_valid()  # checks and cleans every file; prepared() holds those that passed
    for slot, prepared in uploads.prepared():
        documents.attach_to_draft(draft=draft, slot=slot, prepared=prepared)
    return page


def _switch_language(request, draft, step, data, *, back_to_review: bool):
    """The English | Español switch of a step submits the step's own form: what was typed is
    kept (saved to the draft, as Back does) and the step is shown again, its errors too if they
    were showing, in the language chosen."""
    translation.activate(supported(data.get("switch_language")))
    rows = wizard.trial_rows_from(data) if step.name == "history" else None
    page = wizard.build_page(step, data, trial_rows=rows)
    if draft is not None:
        _save_step(request, draft, step, page, data)
    show_errors = "errors_shown" in data and not page.is_valid()
    response = _render_step(
        request, draft, page, back_to_review=back_to_review, show_errors=show_errors
    )
    return remember_language(response, data.get("switch_language"))


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def _render_step(request, draft, page: wizard.StepPage, *, back_to_review: bool, show_errors: bool):
    item9 = wizard.item9(draft)
    imminent = wizard.imminent_risk(draft, page)
    context = {
        "step": page.step,
        "page": page,
        **_progress(draft, page.step),
        "errors": page.error_summary() if show_errors else [],
        # At once: on the page that shows item 9 answered, even if it must be shown again.
        "show_crisis": item9 > 0 or wizard.item9_typed(page) > 0 or page.step.name == "safety",
        # Intent or a plan: the act-now box, beside the answer on the safety step and first on
        # every later step.
        "imminent": imminent,
        "imminent_first": imminent and page.step.name != "safety",
        "back_to_review": back_to_review,
        "has_previous": wizard.previous_step_before(draft, page.step) is not None,
        "document_max_mb": settings.DOCUMENT_MAX_BYTES // (1024 * 1024),
        "document_max_files": settings.DOCUMENT_MAX_FILES,
        "draft_documents": (
            list(draft.documents.all()) if draft is not None and page.step.name == "payment" else []
        ),
    }
    return render(request, page.step.template, context, status=400 if show_errors else 200)


def _progress(draft, step: wizard.Step) -> dict:
    """Every step is counted from the start, the safety step too (shown only if needed), so
    "of 7" never changes under the patient."""
    names = [s.name for s in wizard.STEPS] + [wizard.REVIEW.name]
    applicable = {s.name for s in wizard.applicable_steps(draft)}
    return {
        "steps": [(s, s.name in applicable) for s in wizard.STEPS],
        "step_number": names.index(step.name) + 1,
        "step_count": len(names),
    }


@sensitive_post_parameters()
@require_http_methods(["GET", "HEAD", "POST"])
def intake_review(request):
    draft = current_draft(request)
    if draft is None:
        return redirect("intake:intake_start")
    if draft.submitted_request_id:
        return redirect("intake:intake_done")
    pages = wizard.validated_pages(draft)
    if isinstance(pages, wizard.Step):
        messages.warning(
            request,
            gettext("Some answers need checking before you can submit. Please review this step."),
        )
        return redirect(step_url(pages, back_to_review=True))

    answers = wizard.answers_from(pages)
    texts = answers.about.get("preferred_contact") == "text"
    form = ConsentForm(request.POST or None, initial=wizard.stored_consent(draft), texts=texts)
    if request.method == "POST":
        if "back" in request.POST:
            # Back keeps the signature and the ticks for when the patient returns here.
            wizard.save_consent(draft, request.POST)
            return redirect(step_url(wizard.previous_step_before(draft, wizard.REVIEW)))
        if form.is_valid():
            # Only a complete draft with its consent counts against the address's limit.
            count_against_ip_limit(request, "RATELIMIT_INTAKE_SUBMIT")
            submission = submit_intake(
                draft=draft,
                answers=answers,
                signature=form.cleaned_data["signature"],
                texts_consented=form.cleaned_data.get("consent_texts", False),
                http_request=request,
            )
            _remember_submission(request, submission)
            return redirect("intake:intake_done")
    context = {
        "step": wizard.REVIEW,
        **_progress(draft, wizard.REVIEW),
        "pages": pages,
        "answers": answers,
        "medications": selectors.medications_chosen(answers.trials),
        "form": form,
        "errors": wizard.form_errors(form) if form.is_bound else [],
        "show_crisis": wizard.item9(draft) > 0,
        "imminent": wizard.imminent_risk(draft),
    }
    return render(request, "intake/review.html", context, status=400 if form.errors else 200)


def _remember_submission(request, submission: Submission) -> None:
    request.session[CONFIRMATION_SESSION_KEY] = {
        "request_id": submission.request.pk,
        "token": submission.status_token,
    }
    patient_session.grant_status_access(request, submission.request.status_token_hash)


@require_http_methods(["GET", "HEAD"])
def intake_done(request):
    confirmation = request.session.get(CONFIRMATION_SESSION_KEY)
    if not confirmation:
        draft = current_draft(request)
        if draft is None or not draft.submitted_request_id:
            return redirect("intake:intake_start")
        confirmation = {"request_id": draft.submitted_request_id, "token": None}
    evaluation_request = (
        EvaluationRequest.objects.select_related("symptoms")
        .filter(pk=confirmation["request_id"])
        .first()
    )
    if evaluation_request is None:
        raise Http404
    token = confirmation.get("token")
    if token:
        # Shown once: after this the link lives in the patient's e-mail, not in our session.
        request.session[CONFIRMATION_SESSION_KEY] = {
            "request_id": evaluation_request.pk,
            "token": None,
        }
    context = {
        "evaluation_request": evaluation_request,
        # This browser already sees the status page; the e-mailed link works once, so the page
        # does not spend it.
        "status_link": reverse("intake:status") if token else None,
        "show_crisis": evaluation_request.symptoms.item9 > 0 or evaluation_request.imminent_risk,
        "imminent": evaluation_request.imminent_risk,
        "now": timezone.now(),
    }
    return render(request, "intake/done.html", context)
