"""A local stand-in for Twilio, for the text message tests: an HTTP server on loopback that
speaks the part of Twilio's Messages API the app uses (create a message: POST
/2010-04-01/Accounts/{AccountSid}/Messages.json, HTTP Basic auth with the account SID and auth
token, form fields To, From or MessagingServiceSid, Body, StatusCallback; a 201 with the
message's JSON), so the tests run Twilio's own Python library end to end. It can be told to
answer the next requests with an error (a 500, a 429, a 400), as Twilio does when it is down or
refusing.

`signed_post` posts a webhook to the app as Twilio does: the form fields, signed with
X-Twilio-Signature by Twilio's own algorithm (its library's RequestValidator).
"""

import base64
import contextlib
import json
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from twilio.request_validator import RequestValidator

from tests.support.live_servers import free_port

ACCOUNT_SID = "AC" + "0" * 32
AUTH_TOKEN = "tests-only-twilio-auth-token"
FROM_NUMBER = "+12025550100"


@dataclass
class Provider:
    messages: list[dict] = field(default_factory=list)
    # HTTP statuses to answer the next create requests with, one each, before accepting.
    failures: list[int] = field(default_factory=list)
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def bodies_to(self, number: str) -> list[str]:
        return [message["Body"] for message in self.messages if message["To"] == number]


def _handler(provider: Provider):
    expected_auth = "Basic " + base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def _answer(self, status: int, payload: dict) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            path = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
            if self.path != path:
                return self._answer(404, {"code": 20404, "message": "Not found", "status": 404})
            if self.headers.get("Authorization") != expected_auth:
                return self._answer(401, {"code": 20003, "message": "Authenticate", "status": 401})
            with provider.lock:
                provider.requests += 1
                if provider.failures:
                    status = provider.failures.pop(0)
                    return self._answer(
                        status,
                        {
                            "code": 20500 if status >= 500 else 21211,
                            "status": status,
                            "message": "Refused by the test server",
                        },
                    )
                if not form.get("To") or not form.get("Body"):
                    return self._answer(400, {"code": 21604, "message": "missing", "status": 400})
                if not (form.get("From") or form.get("MessagingServiceSid")):
                    return self._answer(400, {"code": 21603, "message": "no from", "status": 400})
                sid = "SM" + uuid.uuid4().hex
                message = {**form, "sid": sid}
                provider.messages.append(message)
            return self._answer(
                201,
                {
                    "sid": sid,
                    "account_sid": ACCOUNT_SID,
                    "to": form["To"],
                    "from": form.get("From"),
                    "messaging_service_sid": form.get("MessagingServiceSid"),
                    "body": form["Body"],
                    "status": "queued",
                    "num_segments": "1",
                    "direction": "outbound-api",
                    "api_version": "2010-04-01",
                    "uri": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{sid}.json",
                },
            )

    return Handler


@contextlib.contextmanager
def twilio_server(settings):
    """Start the stand-in on 127.0.0.1 and point the Twilio backend at it."""
    provider = Provider()
    port = free_port()
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(provider))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_BACKEND = "intake.sms.twilio_api.TwilioBackend"
    settings.TWILIO_ACCOUNT_SID = ACCOUNT_SID
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
    settings.TWILIO_FROM_NUMBER = FROM_NUMBER
    settings.TWILIO_MESSAGING_SERVICE_SID = ""
    settings.TWILIO_API_BASE_URL = f"http://127.0.0.1:{port}"
    settings.SMS_TIMEOUT = 5
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()


def signature(url: str, params: dict, token: str = AUTH_TOKEN) -> str:
    """X-Twilio-Signature for a POST of `params` to `url`, by Twilio's own algorithm."""
    return RequestValidator(token).compute_signature(url, params)


def signed_post(client, path: str, params: dict, *, site_url: str, token: str = AUTH_TOKEN):
    """Post a webhook to the app the way Twilio does, signed with `token`."""
    return client.post(
        path, params, headers={"X-Twilio-Signature": signature(site_url + path, params, token)}
    )


def inbound(sender: str, body: str) -> dict:
    """The form fields of Twilio's incoming-message webhook (the ones the app reads, and a few
    it does not)."""
    return {
        "MessageSid": "SM" + uuid.uuid4().hex,
        "AccountSid": ACCOUNT_SID,
        "From": sender,
        "To": FROM_NUMBER,
        "Body": body,
        "NumMedia": "0",
        "NumSegments": "1",
        "SmsStatus": "received",
        "ApiVersion": "2010-04-01",
    }
