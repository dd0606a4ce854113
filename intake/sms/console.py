"""The demo's texts: printed to standard output, as Django's console e-mail backend does."""

import sys
import uuid

from intake.sms.base import BaseBackend, OutgoingText


class ConsoleBackend(BaseBackend):
    def send(self, text: OutgoingText) -> str:
        provider_id = f"console-{uuid.uuid4().hex}"
        sys.stdout.write(f"--- Text message {provider_id}\nTo: {text.to}\n{text.body}\n---\n")
        sys.stdout.flush()
        return provider_id
