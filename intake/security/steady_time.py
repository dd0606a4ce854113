"""Answers that take the same time whatever they found: a request for a fresh private link or a
staff password reset must not tell, by how long it takes, whether the person exists.

The work that differs is taken out of the request first (the e-mail is only queued in the
outbox; `send_outbox` sends it within the minute), and what is left (a look-up, a few rows
written) is padded to STEADY_ANSWER_MS: each such POST answers no sooner than that after it
arrived, so both cases are as fast as the slower one, whatever the load (OWASP's Forgot
Password Cheat Sheet: "ensure that responses return in a consistent amount of time").
"""

import time
from functools import wraps

from django.conf import settings


def answers_in_steady_time(view):
    @wraps(view)
    def steady(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        began = time.monotonic()
        response = view(request, *args, **kwargs)
        left = settings.STEADY_ANSWER_MS / 1000 - (time.monotonic() - began)
        if left > 0:
            time.sleep(left)
        return response

    return steady
