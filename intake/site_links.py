"""Absolute links to the app's own pages, for e-mails and calendar files (SITE_URL + path)."""

from django.conf import settings
from django.urls import reverse


def staff_link(request) -> str:
    """The request's page for signed-in staff: the reference only, never a name."""
    return settings.SITE_URL.rstrip("/") + reverse("intake:staff_request", args=[request.reference])


def status_link(token: str) -> str:
    """The patient's private link: the token is in the address, its hash in the database."""
    return settings.SITE_URL.rstrip("/") + reverse("intake:status_link", args=[token])


def invitation_link(token: str) -> str:
    """A staff invitation: the token is in the address, its hash in the database."""
    return settings.SITE_URL.rstrip("/") + reverse("invitation_link", args=[token])
