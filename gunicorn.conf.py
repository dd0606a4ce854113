"""Gunicorn defaults for Clinic Intake (gunicorn reads ./gunicorn.conf.py on its own).

No access log: every request line holds the path, and /r/<token>/ paths carry a patient's
private link. Django logs what it needs through its own, redacted, logging
(intake/security/logging.py).
Turning the access log on (`--access-logfile -`) is for a developer's machine only; the proxy in
front must not log /r/ paths either (see README, Security).

The error log is redacted the same way: gunicorn names the request's path when a worker fails
("Error handling request /r/..."), and a traceback may quote it.

Gunicorn listens on loopback by default, so only the TLS proxy on the same machine reaches it;
with BEHIND_TLS_PROXY on, the app trusts the X-Forwarded-For that proxy appends, and
`check --deploy` warns (intake.W003) when the bind is anything else.
"""

import os

from gunicorn.glogging import Logger

bind = [item.strip() for item in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")]
accesslog = None
errorlog = "-"


class RedactedLogger(Logger):
    """gunicorn's logger with /r/<token>/ paths taken out of every error-log line."""

    def setup(self, cfg):
        super().setup(cfg)
        from intake.security.logging import RedactTokenPaths

        for handler in self.error_log.handlers:
            handler.addFilter(RedactTokenPaths())


logger_class = RedactedLogger
