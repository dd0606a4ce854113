"""Template filters for the educational content: `{{ topic.ketamine|markdown }}`."""

from django import template
from django.utils.safestring import mark_safe

from intake.web.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> str:
    # Safe to mark: render_markdown escapes raw HTML and nh3 keeps only its allow-list.
    return mark_safe(render_markdown(text))  # noqa: S308 - escaped and allow-listed, as said above


@register.simple_tag
def content_review_counts(user) -> dict | None:
    """Per kind of content, the items past their next-review date and those awaiting one.

    None for a user who sees no content in the admin.
    """
    from django.urls import reverse
    from django.utils import timezone

    from intake.models import ContentPage, FaqEntry, ProCon, Topic

    today = timezone.localdate()
    rows = []
    for model in (Topic, ProCon, FaqEntry, ContentPage):
        opts = model._meta
        if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        rows.append(
            (
                str(opts.verbose_name_plural).capitalize(),
                reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
                model.objects.review_overdue(today).count(),
                model.objects.awaiting_review().count(),
            )
        )
    if not rows:
        return None
    return {
        "rows": rows,
        "overdue": sum(row[2] for row in rows),
        "awaiting": sum(row[3] for row in rows),
    }
