"""Sending texts, the way Django sends e-mail: SMS_BACKEND names a class with `send`, and the
outbox (intake/services/texts.py) never knows which provider is behind it.

- `intake.sms.console.ConsoleBackend` prints each text (the demo, `DEBUG`),
- `intake.sms.locmem.LocmemBackend` keeps them in `intake.sms.locmem.outbox` (tests),
- `intake.sms.twilio_api.TwilioBackend` sends them through Twilio's own library.

Another provider is one more class with `send` (and, if its webhooks differ from Twilio's, its
own `webhook_is_genuine`, `incoming` and `delivery_report`). The interface and `backend()` are
in `intake.sms.base`; this package's __init__ imports nothing.
"""
