"""The rules of clinical review for educational content: pure Python, no Django imports.

A review is one clinician's reading of one version of an item. Two people take part in every
published claim: whoever wrote a version never reviews it, and only a clinician reviews.
"""

import calendar
import difflib
import re
from dataclasses import dataclass
from datetime import date


def next_review_due(reviewed_on: date, months: int) -> date:
    """The day `months` after `reviewed_on`; the 31st falls back to the month's last day."""
    month_index = reviewed_on.month - 1 + months
    year, month = reviewed_on.year + month_index // 12, month_index % 12 + 1
    day = min(reviewed_on.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


@dataclass(frozen=True)
class Reviewer:
    """What the rules need to know about the person asking to review."""

    user_id: int
    is_clinician: bool  # a member of Clinicians, or a superuser
    has_clinician_profile: bool  # the name and credentials the public page shows


NOT_A_CLINICIAN = "Only a clinician can record a clinical review."
NO_PROFILE = (
    "Your user has no clinician profile, so the page could not say who reviewed: an "
    "administrator adds one under Clinicians."
)
OWN_CHANGE = "You wrote this version, so another clinician must review it."


def refusal(reviewer: Reviewer, *, author_id: int | None) -> str | None:
    """Why this reviewer may not review a version written by `author_id`, or None."""
    if not reviewer.is_clinician:
        return NOT_A_CLINICIAN
    if not reviewer.has_clinician_profile:
        return NO_PROFILE
    if author_id is not None and author_id == reviewer.user_id:
        return OWN_CHANGE
    return None


def changes_version(changed_fields, reviewed_fields) -> bool:
    """A change to any field a clinician reads makes a new version that needs its own review."""
    return bool(set(changed_fields) & set(reviewed_fields))


SAME, ADDED, REMOVED = "same", "added", "removed"
_WORDS = re.compile(r"\s+|[^\s]+")


def changes(before: str, after: str) -> list[tuple[str, str]]:
    """What changed from `before` to `after`, word by word: (SAME | ADDED | REMOVED, text), in
    reading order, so the reviewing clinician sees exactly what is new since the version last
    reviewed. Whitespace is kept, so line breaks show where they were."""
    old, new = _WORDS.findall(before), _WORDS.findall(after)
    found: list[tuple[str, str]] = []
    for operation, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new).get_opcodes():
        if operation == "equal":
            found.append((SAME, "".join(old[i1:i2])))
            continue
        if i2 > i1:
            found.append((REMOVED, "".join(old[i1:i2])))
        if j2 > j1:
            found.append((ADDED, "".join(new[j1:j2])))
    return found
