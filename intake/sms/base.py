"""The SMS_BACKEND interface: what a text and a webhook carry, the base class, `backend()`."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string
from twilio.request_validator import RequestValidator


@dataclass(frozen=True)
class OutgoingText:
    to: str  # E.164
    body: str
    status_callback: str  # where the provider reports delivery (SITE_URL + /sms/status/)


@dataclass(frozen=True)
class IncomingText:
    sender: str  # E.164 as the provider gives it
    body: str
    provider_id: str


@dataclass(frozen=True)
class DeliveryReport:
    provider_id: str
    status: str  # queued, sent, delivered, undelivered, failed ...
    error_code: str


class SmsError(Exception):
    """The provider did not take the text (down, refusing, rate-limiting): try again later."""


class BaseBackend:
    """Sends one text; returns the provider's id for it. Raises SmsError (or anything else)
    when the text was not taken; the outbox keeps it and tries again.

    Webhooks arrive in Twilio's form (the form fields and `X-Twilio-Signature`, HMAC-SHA1 over
    the URL and the sorted fields under the auth token) whatever the backend, so the demo and
    the tests exercise the same checks as production."""

    def send(self, text: OutgoingText) -> str:
        raise NotImplementedError

    def webhook_is_genuine(self, http_request) -> bool:
        token = settings.TWILIO_AUTH_TOKEN
        signature = http_request.headers.get("X-Twilio-Signature", "")
        if not token or not signature:
            return False
        # The address Twilio was given (SITE_URL), never one built from the request's Host.
        url = settings.SITE_URL + http_request.get_full_path()
        return RequestValidator(token).validate(url, http_request.POST, signature)

    def incoming(self, http_request) -> IncomingText:
        post = http_request.POST
        return IncomingText(
            sender=post.get("From", ""),
            body=post.get("Body", ""),
            provider_id=post.get("MessageSid", ""),
        )

    def delivery_report(self, http_request) -> DeliveryReport:
        post = http_request.POST
        return DeliveryReport(
            provider_id=post.get("MessageSid", ""),
            status=post.get("MessageStatus", ""),
            error_code=post.get("ErrorCode", ""),
        )


def backend() -> BaseBackend:
    return import_string(settings.SMS_BACKEND)()
