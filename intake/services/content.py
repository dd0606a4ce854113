"""Writes to the educational content: saving an editor's change and recording a review."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from intake.domain import reviews
from intake.models import ContentReview
from intake.models.content import ContentItem
from intake.security import roles
from intake.web import public_cache


class ReviewRefused(Exception):
    """The user may not review this version; the message says why, in plain words."""


def reviewer_facts(user) -> reviews.Reviewer:
    is_clinician = user.is_active and (
        user.is_superuser or user.groups.filter(name=roles.CLINICIANS).exists()
    )
    return reviews.Reviewer(
        user_id=user.pk,
        is_clinician=is_clinician,
        has_clinician_profile=hasattr(user, "clinician"),
    )


def can_review(user) -> bool:
    return reviews.refusal(reviewer_facts(user), author_id=None) is None


@transaction.atomic
def content_save(*, item: ContentItem, user) -> None:
    """Save an editor's change; a change to what a clinician reads is a new, unreviewed version.

    The version, its author and its review are read from the stored row, whatever the form (or
    a restored earlier version) carried, so no path can keep a review over a changed text.
    """
    fields = item.reviewed_fields
    stored = (
        type(item)
        .objects.select_for_update()
        .filter(pk=item.pk)
        .values("version", "version_by", "review", *fields)
        .first()
        if item.pk is not None
        else None
    )
    item.updated_by = user
    if stored is None:
        item.version, item.version_by, item.review = 1, user, None
    elif reviews.changes_version(
        [name for name in fields if stored[name] != getattr(item, name)], fields
    ):
        item.version, item.version_by, item.review = stored["version"] + 1, user, None
    else:
        item.version = stored["version"]
        item.version_by_id, item.review_id = stored["version_by"], stored["review"]
    item.save()
    public_cache.content_changed()


@transaction.atomic
def content_review(
    *, item: ContentItem, reviewer, version: int, publish: bool = False, today=None
) -> ContentReview:
    """Record `reviewer`'s review of `version` of the item, the version they were shown, and
    publish it if asked. A version changed since (by an editor meanwhile) is refused: nobody
    attests to a text they have not read."""
    locked = type(item).objects.select_for_update().get(pk=item.pk)
    if locked.version != version:
        raise ReviewRefused(
            f"This item changed while you were reading it: it is now version {locked.version}. "
            "Read the new version below before you review it."
        )
    problem = reviews.refusal(reviewer_facts(reviewer), author_id=locked.version_by_id)
    if problem:
        raise ReviewRefused(problem)
    day = today or timezone.localdate()
    review = ContentReview.objects.create(
        content_type=ContentType.objects.get_for_model(type(locked)),
        object_id=locked.pk,
        version=version,
        reviewer=reviewer,
        reviewed_on=day,
        next_review_due=reviews.next_review_due(day, settings.CONTENT_REVIEW_MONTHS),
    )
    locked.review = review
    if publish:
        locked.is_published = True
        try:
            locked.validate_constraints()
        except ValidationError as error:
            raise ReviewRefused("; ".join(error.messages)) from None
    locked._change_reason = (
        "Clinical review recorded and published" if publish else "Clinical review recorded"
    )
    locked.save()
    public_cache.content_changed()
    item.refresh_from_db()
    return review


def last_review(item: ContentItem) -> ContentReview | None:
    """The newest review of any version of the item."""
    return (
        ContentReview.objects.filter(
            content_type=ContentType.objects.get_for_model(type(item)), object_id=item.pk
        )
        .select_related("reviewer__clinician")
        .order_by("-version", "-reviewed_on", "-pk")
        .first()
    )


def reviewed_text(item: ContentItem, version: int):
    """The item as it stood in `version` (its newest saved state of that version), from its
    history; None when the history does not hold it."""
    return item.history.filter(version=version).order_by("-history_date", "-history_id").first()
