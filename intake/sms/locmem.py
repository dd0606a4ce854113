"""Texts kept in memory for tests: `outbox`, a list of OutgoingText, as Django's mail.outbox."""

import uuid

from intake.sms.base import BaseBackend, OutgoingText

outbox: list[OutgoingText] = []


class LocmemBackend(BaseBackend):
    def send(self, text: OutgoingText) -> str:
        outbox.append(text)
        return f"locmem-{uuid.uuid4().hex}"
