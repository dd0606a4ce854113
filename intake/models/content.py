"""Educational content the clinic's editors maintain: the comparison, pros and cons, FAQs, the
privacy notice and the clinic's contact details.

Every change is kept by django-simple-history, so an earlier version can be restored from the
admin. Texts are Markdown, rendered by `intake.web.markdown` (never raw HTML). No PHI lives here,
so `__str__` may show titles.

A clinical review is a record (`ContentReview`): a clinician user, the item's version they read,
the day, and when the next review is due. Editing an item's text or sources starts a new version
that no review covers yet, so the public page says "Awaiting clinical review" again.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

MARKDOWN_HELP = (
    "Markdown: a blank line starts a new paragraph; **bold**, *italic*, lists starting with "
    '"- " or "1. ", and links written [text](https://address). HTML is shown as plain text.'
)
SOURCES_HELP = (
    "One source per line: the citation, then a vertical bar, then its link (https://...). "
    "Example: Sanacora G, et al. JAMA Psychiatry. 2017;74(4):399-405. | "
    "https://doi.org/10.1001/jamapsychiatry.2017.0080 — A citation in Spanish ends with a "
    "third bar and es (… | https://... | es); any other is read as English."
)
# The languages a citation may be marked as (English unless it says otherwise).
SOURCE_LANGUAGES = ("en", "es")

_source_link = URLValidator(schemes=["http", "https"])


def validate_sources(value) -> None:
    """Sources are a list of {"citation": ..., "url": ...} with an http(s) link each, and the
    citation's "language" when it is not English."""
    if not isinstance(value, list):
        raise ValidationError("Sources must be a list.")
    for number, source in enumerate(value, start=1):
        if not isinstance(source, dict) or not (
            {"citation", "url"} <= set(source) <= {"citation", "url", "language"}
        ):
            raise ValidationError(f"Source {number} needs a citation and a link, nothing else.")
        if source.get("language", "en") not in SOURCE_LANGUAGES:
            raise ValidationError(f"Source {number}: its language must be en or es.")
        if not str(source["citation"]).strip():
            raise ValidationError(f"Source {number} has no citation.")
        try:
            _source_link(source["url"])
        except ValidationError:
            raise ValidationError(
                f"Source {number}: the link must be a full http:// or https:// address."
            ) from None


def _published_needs_a_source(model_name: str) -> models.CheckConstraint:
    # Clinical claims go out with their evidence: the database refuses a published item
    # without sources, and the admin form shows this message before it gets that far.
    return models.CheckConstraint(
        condition=Q(is_published=False) | ~Q(sources=[]),
        name=f"{model_name}_published_has_source",
        violation_error_message="Add at least one source before publishing.",
    )


def _translation_constraints(model_name: str) -> list:
    # An English item is an original; any other language's item translates one English item,
    # and an item has at most one translation per language.
    return [
        models.CheckConstraint(
            condition=Q(language="en", translation_of__isnull=True)
            | (~Q(language="en") & Q(translation_of__isnull=False)),
            name=f"{model_name}_translation_has_an_original",
            violation_error_message=(
                "An English item translates nothing; an item in another language names the "
                "English item it translates."
            ),
        ),
        models.UniqueConstraint(
            fields=["translation_of", "language"],
            name=f"{model_name}_one_translation_per_language",
            violation_error_message="That item already has a translation in this language.",
        ),
    ]


class ContentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def originals(self):
        """The English items (translations are rows of their own)."""
        return self.filter(language="en")

    def translations_into(self, language: str) -> dict:
        """{English item's id: its translation} among these rows, for one language."""
        return {item.translation_of_id: item for item in self.filter(language=language)}

    def with_review(self):
        """Joined with the review of the current version and its clinician (one query)."""
        return self.select_related("review__reviewer__clinician")

    def awaiting_review(self):
        return self.filter(review__isnull=True)

    def review_overdue(self, today=None):
        """Reviewed, but the review's next-review date has passed."""
        return self.filter(review__next_review_due__lt=today or timezone.localdate())


class EditedContent(models.Model):
    """Who changed it last and when (each concrete model keeps every earlier version)."""

    updated_at = models.DateTimeField("updated at", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="updated by",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def updated_by_name(self) -> str:
        """The editor's full name, or their username; empty for seeded content."""
        if self.updated_by is None:
            return ""
        return self.updated_by.get_full_name() or self.updated_by.get_username()


def validate_not_in_the_future(day) -> None:
    if day > timezone.localdate():
        raise ValidationError("A clinical review cannot be dated in the future.")


class RetiredReviewClaim(models.Model):
    """The free-text review claim items carried before reviews were records.

    Only the history tables keep these columns, so earlier versions still show what was once
    claimed (the seed's "Clinic medical director (seed)"); no current item has them.
    """

    reviewed_on = models.DateField("claimed review date (retired)", null=True, blank=True)
    reviewed_by = models.CharField("claimed reviewer (retired)", max_length=120, blank=True)

    class Meta:
        abstract = True


class ContentItem(EditedContent):
    """A piece of educational content: draft or published, sourced and clinically reviewed."""

    # The fields a clinician reads when reviewing: a change to any of them is a new version.
    reviewed_fields: tuple[str, ...] = ("sources",)

    is_published = models.BooleanField(
        "published",
        default=False,
        help_text="Only published items appear on the public site. Drafts are never shown.",
    )
    sources = models.JSONField(default=list, blank=True, validators=[validate_sources])
    # A translation is an item of its own: its own text, sources, versions, review and history.
    language = models.CharField(
        max_length=2,
        choices=[("en", "English"), ("es", "Spanish")],
        default="en",
        blank=True,  # left out of a form, it keeps its default (the constraints still apply)
        help_text="The language of this text. The public site shows a patient the item in "
        "their language when it is published, and the English one otherwise.",
    )
    translation_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="translations",
        limit_choices_to={"language": "en"},
        help_text="For a translation: the English item it translates (empty for English).",
    )
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Goes up by one with each change to the text or sources.",
    )
    version_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="version written by",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who wrote the current version (empty for seed content); they cannot review it.",
    )
    review = models.ForeignKey(
        "ContentReview",
        verbose_name="clinical review",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The clinical review of the current version; empty while it awaits one.",
    )
    history = HistoricalRecords(inherit=True, bases=[RetiredReviewClaim])

    objects = ContentQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def source_links(self) -> list[dict]:
        # Sources written outside the admin form (shell, migrations) are not validated, so the
        # public pages show only http(s) links whatever is stored.
        return [
            source
            for source in self.sources
            if isinstance(source, dict)
            and str(source.get("url", "")).lower().startswith(("http://", "https://"))
        ]

    @property
    def current_review(self) -> "ContentReview | None":
        """The review of the version shown, never one of an earlier text."""
        review = self.review
        return review if review is not None and review.version == self.version else None


class Topic(ContentItem):
    """One row of the ketamine vs antidepressants comparison."""

    reviewed_fields = ("title", "summary", "ketamine", "antidepressant", "sources")

    key = models.SlugField(
        max_length=40,
        unique=True,
        help_text=(
            "Stable name the intake summary uses to point at this topic (e.g. cautions). "
            "It cannot be changed after the topic is saved. A translation's key is its "
            "English topic's with the language after it (cautions-es)."
        ),
    )
    title = models.CharField(max_length=120)
    summary = models.TextField(
        "plain summary",
        max_length=600,
        blank=True,
        help_text=(
            "Two short sentences in everyday words (about grade 8) that open the topic: what "
            "someone should take away before reading the detail."
        ),
    )
    ketamine = models.TextField("ketamine and esketamine", max_length=4000, help_text=MARKDOWN_HELP)
    antidepressant = models.TextField("antidepressants", max_length=4000, help_text=MARKDOWN_HELP)
    order = models.PositiveSmallIntegerField(default=0, help_text="Rows are shown in this order.")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "comparison topic"
        constraints = [_published_needs_a_source("topic"), *_translation_constraints("topic")]

    def __str__(self) -> str:
        return self.title


class ProCon(ContentItem):
    """One point in the pros and cons list of a treatment."""

    reviewed_fields = ("treatment", "kind", "text", "sources")

    class Treatment(models.TextChoices):
        KETAMINE = "ketamine", "Ketamine and esketamine"
        ANTIDEPRESSANT = "antidepressant", "Antidepressants"

    class Kind(models.TextChoices):
        PRO = "pro", "Pro"
        CON = "con", "Con"

    treatment = models.CharField(max_length=20, choices=Treatment.choices)
    kind = models.CharField(max_length=3, choices=Kind.choices)
    text = models.TextField(max_length=1000, help_text=MARKDOWN_HELP)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["treatment", "kind", "order", "pk"]
        verbose_name = "pro or con"
        verbose_name_plural = "pros and cons"
        constraints = [_published_needs_a_source("procon"), *_translation_constraints("procon")]

    def __str__(self) -> str:
        label = f"{self.get_treatment_display()}, {self.get_kind_display().lower()}: {self.text}"
        return label[:80]


class FaqEntry(ContentItem):
    """A frequently asked question and its answer."""

    reviewed_fields = ("question", "answer", "sources")

    question = models.CharField(max_length=200)
    answer = models.TextField(max_length=4000, help_text=MARKDOWN_HELP)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"
        constraints = [
            _published_needs_a_source("faqentry"),
            *_translation_constraints("faqentry"),
        ]

    def __str__(self) -> str:
        return self.question


class ContentPage(ContentItem):
    """A simple page such as the privacy notice, at a fixed address (e.g. /privacy/)."""

    reviewed_fields = ("title", "body", "sources")

    slug = models.SlugField(
        max_length=40, unique=True, help_text="The page's address; privacy is /privacy/."
    )
    title = models.CharField(max_length=120)
    body = models.TextField(max_length=20000, help_text=MARKDOWN_HELP)

    class Meta:
        ordering = ["title"]
        verbose_name = "page"
        constraints = [*_translation_constraints("contentpage")]

    def __str__(self) -> str:
        return self.title


class ClinicDetailsQuerySet(models.QuerySet):
    def current(self) -> "ClinicDetails":
        """The clinic's one row, or a stand-in named from settings until an editor saves one."""
        return self.first() or ClinicDetails(name=settings.CLINIC_NAME)


class ClinicDetails(EditedContent):
    """The clinic's name, phone, address and hours, shown on the home page and in the footer.

    Contact facts, not clinical claims: they have history but no draft state or sources. The
    hours and the telehealth instructions have a Spanish version each, written by an editor.
    """

    name = models.CharField(max_length=120)
    phone = models.CharField(max_length=40, blank=True)
    address = models.CharField(max_length=250, blank=True)
    hours = models.CharField("opening hours", max_length=250, blank=True)
    hours_es = models.CharField(
        "opening hours, in Spanish",
        max_length=250,
        blank=True,
        help_text="What patients reading Spanish see. Left empty, they see the English hours, "
        "marked as English.",
    )
    telehealth_instructions = models.TextField(
        "how to join a telehealth visit",
        max_length=1000,
        blank=True,
        help_text="Sent with every telehealth booking and in its calendar invitation, e.g. "
        "the video service and when the link arrives. No patient details.",
    )
    telehealth_instructions_es = models.TextField(
        "how to join a telehealth visit, in Spanish",
        max_length=1000,
        blank=True,
        help_text="Sent instead to patients who chose Spanish. Left empty, they get the English "
        "instructions.",
    )
    history = HistoricalRecords()

    # Each text a patient reads, and its Spanish version.
    SPANISH_VERSIONS = {
        "hours": "hours_es",
        "telehealth_instructions": "telehealth_instructions_es",
    }

    objects = ClinicDetailsQuerySet.as_manager()

    class Meta:
        verbose_name = "clinic details"
        verbose_name_plural = "clinic details"
        constraints = [
            models.CheckConstraint(
                condition=Q(pk=1),
                name="clinic_details_one_row",
                violation_error_message="The clinic has one set of details: edit the existing one.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def text_in(self, field: str, language: str) -> tuple[str, str]:
        """`field`'s text for a reader of `language`, and the language it is written in: the
        Spanish version for Spanish where an editor wrote one, else the English."""
        spanish = self.SPANISH_VERSIONS[field]
        if language == "es" and getattr(self, spanish).strip():
            return getattr(self, spanish), "es"
        return getattr(self, field), "en"

    @property
    def phone_href(self) -> str:
        """A tel: link for the phone number as written, e.g. "(555) 010-0199" -> tel:5550100199."""
        digits = "".join(char for char in self.phone if char.isdigit() or char == "+")
        return f"tel:{digits}" if digits else ""


def _content_types():
    return Q(app_label="intake", model__in=["topic", "procon", "faqentry", "contentpage"])


class ContentReview(models.Model):
    """A clinician's review of one version of one content item.

    Reviews are kept for good: a later edit starts a new version and leaves this record as the
    history of what was reviewed, by whom and when.
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, limit_choices_to=_content_types
    )
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    version = models.PositiveIntegerField(help_text="The item's version the clinician read.")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="content_reviews",
        verbose_name="reviewing clinician",
    )
    reviewed_on = models.DateField(
        "reviewed on", default=timezone.localdate, validators=[validate_not_in_the_future]
    )
    next_review_due = models.DateField("next review due")

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        verbose_name = "clinical review"
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_due__gt=F("reviewed_on")),
                name="content_review_next_after_review",
                violation_error_message="The next review must fall after the review.",
            )
        ]

    def __str__(self) -> str:
        return f"Review of {self.content_type.model} {self.object_id} v{self.version}"

    @property
    def reviewer_line(self) -> str:
        """ "Name, credentials" as the public page shows the reviewer."""
        profile = getattr(self.reviewer, "clinician", None)
        name = (
            profile.display_name
            if profile is not None
            else (self.reviewer.get_full_name() or self.reviewer.get_username())
        )
        credentials = profile.credentials if profile is not None else ""
        return f"{name}, {credentials}" if credentials else name
