"""Text messages: the provider's webhooks (a patient's reply, a delivery report) and the staff's
"send a text" on a request's page.

The webhooks are public URLs the provider posts to: each is checked with the provider's signature
(Twilio's X-Twilio-Signature, intake/sms) before anything is read, and a post without one, or
with a wrong one, is a 403 and an audit event. They answer with an empty TwiML document: any
answer to the patient goes through the text outbox, so it is retried and recorded like any text.
"""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from intake.forms.staff import StaffTextForm
from intake.models import AuditEvent
from intake.pages.request_page import render_request_page
from intake.security import access
from intake.security.access import staff_member_required
from intake.security.audit_actions import Action
from intake.services import audit, text_replies, texts
from intake.sms.base import backend

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def _refused(http_request, which: str) -> HttpResponse:
    audit.record(
        action=Action.TEXT_WEBHOOK_REFUSED,
        actor_label="sms webhook",
        http_request=http_request,
        object_type="webhook",
        object_id=which,
        outcome=AuditEvent.Outcome.DENIED,
    )
    return HttpResponseForbidden("Signature required.", content_type="text/plain")


@csrf_exempt  # the provider cannot hold a CSRF token; its signature is checked instead
@require_POST
def inbound(http_request):
    provider = backend()
    if not provider.webhook_is_genuine(http_request):
        return _refused(http_request, "inbound")
    text_replies.receive_text(incoming=provider.incoming(http_request), http_request=http_request)
    return HttpResponse(EMPTY_TWIML, content_type="text/xml")


@csrf_exempt
@require_POST
def delivery_status(http_request):
    provider = backend()
    if not provider.webhook_is_genuine(http_request):
        return _refused(http_request, "status")
    report = provider.delivery_report(http_request)
    texts.record_delivery(
        provider_id=report.provider_id, status=report.status, error_code=report.error_code
    )
    return HttpResponse(status=204)


@staff_member_required
@require_POST
def send_text(request, reference):
    evaluation_request = access.get_request_for_staff(request, reference)
    form = StaffTextForm(request.POST)
    if form.is_valid():
        try:
            texts.staff_text(
                evaluation_request=evaluation_request,
                kind=form.cleaned_data["message"],
                actor=request.user,
                http_request=request,
            )
        except texts.TextRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Text queued; its status is under Text messages.")
            return redirect("intake:staff_request", reference=evaluation_request.reference)
    return render_request_page(request, evaluation_request, bound={"text_form": form}, status=400)
