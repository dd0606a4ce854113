"""Staff pages of a request's uploaded documents: open or download one (audited, never
cached), and accept it or ask the patient for a new one."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST, require_safe

from intake.models import Document, EvaluationRequest
from intake.security import access
from intake.security.access import staff_member_required, staff_permission_required
from intake.services import document_requests, documents

# A document is shown in a sandbox: no script runs, nothing loads, it cannot be framed.
SANDBOX_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"


def _document(request, reference: str, document_id: int) -> Document:
    evaluation_request = access.get_request_for_staff(
        request, reference, queryset=EvaluationRequest.objects.all()
    )
    found = Document.objects.filter(request=evaluation_request, pk=document_id).first()
    if found is None:
        raise Http404
    found.request = evaluation_request
    return found


@staff_member_required
@require_safe
def document_file(request, reference, document_id):
    """The file: a photo shown in the browser, a PDF only ever downloaded."""
    document = _document(request, reference, document_id)
    documents.record_document_read(document=document, http_request=request)
    extension = document.file.name.rsplit(".", 1)[-1]
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=document.is_pdf or request.GET.get("download") == "1",
        filename=f"{document.request.reference}-{document.slot}.{extension}",
    )
    response["Content-Security-Policy"] = SANDBOX_CSP
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


@staff_member_required
@staff_permission_required("intake.change_evaluationrequest")
@require_POST
def document_review(request, reference, document_id):
    document = _document(request, reference, document_id)
    accepted = request.POST.get("decision") == "accept"
    reason = " ".join(request.POST.get("reason", "").split())[:300]
    if not accepted and not reason:
        messages.error(request, "Say why a new document is needed: the patient reads it.")
        return redirect("intake:staff_request", reference=document.request.reference)
    if accepted:
        documents.review_document(
            document=document, accepted=True, actor=request.user, http_request=request
        )
        messages.success(request, "Document accepted.")
    else:
        document_requests.ask_again(
            document=document, reason=reason, actor=request.user, http_request=request
        )
        messages.success(
            request, "A new document was asked for: the patient is sent a link to send it."
        )
    return redirect("intake:staff_request", reference=document.request.reference)
