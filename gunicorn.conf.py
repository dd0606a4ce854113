"""Gunicorn defaults for Clinic Intake (gunicorn reads ./gunicorn.conf.py on its own).

No access log: every request line holds the path, and /r/<token>/ paths carry a patient's
private link. Django logs what it needs through its own, redacted, logging (intake/logging.py).
Turning the access log on (`--access-logfile -`) is for a developer's machine only; the proxy in
front must not log /r/ paths either (see README, Security).
"""

accesslog = None
errorlog = "-"
