"""Educational content the clinic's editors maintain: the comparison, pros and cons, FAQs, the
privacy notice and the clinic's contact details.

Every change is kept by django-simple-history, so an earlier version can be restored from the
admin. Texts are Markdown, rendered by `intake.markdown` (never raw HTML). No PHI lives here,
so `__str__` may show titles.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

MARKDOWN_HELP = (
    "Markdown: a blank line starts a new paragraph; **bold**, *italic*, lists starting with "
    '"- " or "1. ", and links written [text](https://address). HTML is shown as plain text.'
)
SOURCES_HELP = (
    "One source per line: the citation, then a vertical bar, then its link (https://...). "
    "Example: Sanacora G, et al. JAMA Psychiatry. 2017;74(4):399-405. | "
    "https://doi.org/10.1001/jamapsychiatry.2017.0080"
)

_source_link = URLValidator(schemes=["http", "https"])


def validate_sources(value) -> None:
    """Sources are a list of {"citation": ..., "url": ...} with an http(s) link each."""
    if not isinstance(value, list):
        raise ValidationError("Sources must be a list.")
    for number, source in enumerate(value, start=1):
        if not isinstance(source, dict) or set(source) != {"citation", "url"}:
            raise ValidationError(f"Source {number} needs a citation and a link, nothing else.")
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


class ContentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class EditedContent(models.Model):
    """Who changed it last, when, and every earlier version."""

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
    history = HistoricalRecords(inherit=True)

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


class ContentItem(EditedContent):
    """A piece of educational content: draft or published, sourced and clinically reviewed."""

    is_published = models.BooleanField(
        "published",
        default=False,
        help_text="Only published items appear on the public site. Drafts are never shown.",
    )
    sources = models.JSONField(default=list, blank=True, validators=[validate_sources])
    reviewed_on = models.DateField(
        "last clinical review", null=True, blank=True, validators=[validate_not_in_the_future]
    )
    reviewed_by = models.CharField("clinical reviewer", max_length=120, blank=True)

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


class Topic(ContentItem):
    """One row of the ketamine vs antidepressants comparison."""

    key = models.SlugField(
        max_length=40,
        unique=True,
        help_text=(
            "Stable name the intake summary uses to point at this topic (e.g. cautions). "
            "It cannot be changed after the topic is saved."
        ),
    )
    title = models.CharField(max_length=120)
    ketamine = models.TextField("ketamine and esketamine", max_length=4000, help_text=MARKDOWN_HELP)
    antidepressant = models.TextField("antidepressants", max_length=4000, help_text=MARKDOWN_HELP)
    order = models.PositiveSmallIntegerField(default=0, help_text="Rows are shown in this order.")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "comparison topic"
        constraints = [_published_needs_a_source("topic")]

    def __str__(self) -> str:
        return self.title


class ProCon(ContentItem):
    """One point in the pros and cons list of a treatment."""

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
        constraints = [_published_needs_a_source("procon")]

    def __str__(self) -> str:
        label = f"{self.get_treatment_display()}, {self.get_kind_display().lower()}: {self.text}"
        return label[:80]


class FaqEntry(ContentItem):
    """A frequently asked question and its answer."""

    question = models.CharField(max_length=200)
    answer = models.TextField(max_length=4000, help_text=MARKDOWN_HELP)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"
        constraints = [_published_needs_a_source("faqentry")]

    def __str__(self) -> str:
        return self.question


class ContentPage(ContentItem):
    """A simple page such as the privacy notice, at a fixed address (e.g. /privacy/)."""

    slug = models.SlugField(
        max_length=40, unique=True, help_text="The page's address; privacy is /privacy/."
    )
    title = models.CharField(max_length=120)
    body = models.TextField(max_length=20000, help_text=MARKDOWN_HELP)

    class Meta:
        ordering = ["title"]
        verbose_name = "page"

    def __str__(self) -> str:
        return self.title


class ClinicDetailsQuerySet(models.QuerySet):
    def current(self) -> "ClinicDetails":
        """The clinic's one row, or a stand-in named from settings until an editor saves one."""
        return self.first() or ClinicDetails(name=settings.CLINIC_NAME)


class ClinicDetails(EditedContent):
    """The clinic's name, phone, address and hours, shown on the home page and in the footer.

    Contact facts, not clinical claims: they have history but no draft state or sources.
    """

    name = models.CharField(max_length=120)
    phone = models.CharField(max_length=40, blank=True)
    address = models.CharField(max_length=250, blank=True)
    hours = models.CharField("opening hours", max_length=250, blank=True)
    telehealth_instructions = models.TextField(
        "how to join a telehealth visit",
        max_length=1000,
        blank=True,
        help_text="Sent with every telehealth booking and in its calendar invitation, e.g. "
        "the video service and when the link arrives. No patient details.",
    )

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

    @property
    def phone_href(self) -> str:
        """A tel: link for the phone number as written, e.g. "(555) 010-0199" -> tel:5550100199."""
        digits = "".join(char for char in self.phone if char.isdigit() or char == "+")
        return f"tel:{digits}" if digits else ""
