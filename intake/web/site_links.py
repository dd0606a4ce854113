"""Absolute links to the app's own pages, for e-mails and calendar files (SITE_URL + path)."""

from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode

from intake.web.translation import supported


def staff_link(request) -> str:
    """The request's page for signed-in staff: the reference only, never a name."""
    return settings.SITE_URL.rstrip("/") + reverse("intake:staff_request", args=[request.reference])


def status_link(token: str, *, language: str, to: str = "") -> str:
    """The patient's private link: the token is in the address, its hash in the database. It
    names the patient's language, so that even once spent or expired it opens in their language
    (a spent link no longer says whose it was). `then` names the page it opens after the status
    page's access is granted ("followup": the follow-up questions)."""
    path = reverse("intake:status_link", args=[token])
    query = {"lang": supported(language), **({"to": to} if to else {})}
    return f"{settings.SITE_URL.rstrip('/')}{path}?{urlencode(query)}"


def invitation_link(token: str) -> str:
    """A staff invitation: the token is in the address, its hash in the database."""
    return settings.SITE_URL.rstrip("/") + reverse("invitation_link", args=[token])
