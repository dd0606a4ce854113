"""Dates and times on staff pages, written one way (domain/timetext.py), in the clinic's zone:
`{{ request.submitted_at|moment }}` is "Dec 7, 2026, 9:05 AM"."""

from datetime import datetime

from django import template
from django.utils import timezone

from intake.domain import timetext

register = template.Library()


def _local(value):
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def day(value) -> str:
    """'Dec 7, 2026'."""
    return timetext.day(_local(value)) if value else ""


@register.filter
def weekday(value) -> str:
    """'Mon, Dec 7, 2026'."""
    return timetext.weekday(_local(value)) if value else ""


@register.filter
def moment(value) -> str:
    """'Dec 7, 2026, 9:05 AM'."""
    return timetext.moment(_local(value)) if value else ""


@register.filter
def appointment_time(value) -> str:
    """'Mon, Dec 7, 2026, 9:05 AM EST'."""
    return timetext.appointment_time(_local(value)) if value else ""


@register.filter
def clock(value) -> str:
    """'9:05 AM'."""
    return timetext.clock(_local(value)) if value else ""
