"""Texts through Twilio's official Python library (Programmable Messaging, Messages API).

From TWILIO_MESSAGING_SERVICE_SID when set (Twilio picks the sender and applies its opt-out
handling), else from TWILIO_FROM_NUMBER. TWILIO_API_BASE_URL points the library at another
address: the tests' local server speaking the same API (tests/support/twilio_server.py).
"""

from django.conf import settings
from twilio.base.exceptions import TwilioException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from intake.sms.base import BaseBackend, OutgoingText, SmsError


class TwilioBackend(BaseBackend):
    def __init__(self):
        self.client = Client(
            settings.TWILIO_ACCOUNT_SID,
            settings.TWILIO_AUTH_TOKEN,
            http_client=TwilioHttpClient(timeout=settings.SMS_TIMEOUT),
        )
        if settings.TWILIO_API_BASE_URL:
            self.client.api.base_url = settings.TWILIO_API_BASE_URL

    def send(self, text: OutgoingText) -> str:
        sender = (
            {"messaging_service_sid": settings.TWILIO_MESSAGING_SERVICE_SID}
            if settings.TWILIO_MESSAGING_SERVICE_SID
            else {"from_": settings.TWILIO_FROM_NUMBER}
        )
        try:
            message = self.client.messages.create(
                to=text.to, body=text.body, status_callback=text.status_callback, **sender
            )
        except TwilioException as error:
            # TwilioRestException carries the HTTP status and Twilio's error code; never the body.
            status = getattr(error, "status", "")
            code = getattr(error, "code", "")
            raise SmsError(f"Twilio refused: HTTP {status} code {code}".strip()) from None
        return message.sid
