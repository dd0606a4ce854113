"""The patient's page for sending a new copy of a document staff asked for again
(/status/documents/), opened from the e-mailed private link (`?to=documents`). Seen with the
status page's access only (intake/views/status.py); works on a phone without JavaScript (the
camera opens for a card or an ID), with the payment step's checks on every file.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from intake.forms.payment import ResendDocumentsForm
from intake.forms.wizard import form_errors
from intake.models import Document
from intake.security.audit_actions import Action
from intake.services import audit, document_requests
from intake.views.status import crisis_help, link_not_working, requests_for_session


def _form(evaluation_request, data=None, files=None) -> ResendDocumentsForm:
    asked = list(document_requests.asked_again(evaluation_request))
    kept = Document.objects.filter(request=evaluation_request).count() - len(asked)
    return ResendDocumentsForm(
        data, files, asked_again=asked, kept=kept, prefix=evaluation_request.reference
    )


@require_http_methods(["GET", "HEAD", "POST"])
def documents_page(request):
    evaluation_requests = list(requests_for_session(request))
    if not evaluation_requests:
        return link_not_working(request, closed=True)
    forms = {item.reference: _form(item) for item in evaluation_requests}
    status = 200
    if request.method == "POST":
        evaluation_request = next(
            (r for r in evaluation_requests if r.reference == request.POST.get("reference")), None
        )
        if evaluation_request is None:
            raise Http404
        form = _form(evaluation_request, request.POST, request.FILES)
        if not form.asked_again:  # sent already (twice, or from another tab): nothing to do
            return redirect("intake:status")
        form.is_valid()
        sent = 0
        # The files that passed are saved, even beside one that did not.
        for document, prepared in form.prepared():
            try:
                document_requests.resend_document(
                    evaluation_request=evaluation_request,
                    document=document,
                    prepared=prepared,
                    http_request=request,
                )
                sent += 1
            except document_requests.NotAskedAgain:
                continue  # sent twice, or staff withdrew the request: nothing to replace
        if not form.errors:
            if sent:
                messages.success(
                    request, gettext("Thank you. Our team will look at your new copy soon.")
                )
            return redirect("intake:status")
        # Keep the page and say why: the files that passed are saved and leave the list, the
        # ones refused are checked again to say why beside their field.
        form = _form(evaluation_request, request.POST, request.FILES)
        form.is_valid()
        forms[evaluation_request.reference] = form
        status = 400
    else:
        for item in evaluation_requests:  # the reasons staff gave, from this browser's access
            audit.record(
                action=Action.REQUEST_STATUS_VIEWED,
                http_request=request,
                obj=item,
                detail={"page": "documents"},
            )
    shown = [(item, forms[item.reference]) for item in evaluation_requests]
    errors = [error for _, form in shown for error in form_errors(form)]
    return render(
        request,
        "intake/resend_documents.html",
        {
            "requests_and_forms": [(item, form) for item, form in shown if form.asked_again],
            "errors": errors,
            "document_max_mb": settings.DOCUMENT_MAX_BYTES // (1024 * 1024),
            **crisis_help(evaluation_requests),
        },
        status=status,
    )
