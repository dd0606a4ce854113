"""Seed the educational content (frozen in `_content_v1`) and give content editors their
permissions on the new models.

Every seeded item is published, reviewed by the clinic's medical director on the seed date, and
gets a first history record, so the seed text is a version editors can restore.
"""

import datetime

from django.db import migrations
from django.utils import timezone

from intake.migrations import _content_v1 as content
from intake.security.roles import sync_roles

REVIEW = {
    "is_published": True,
    "reviewed_on": datetime.date(2026, 11, 1),
    "reviewed_by": "Clinic medical director (seed)",
}


def _with_first_version(apps, model_name: str, obj) -> None:
    """Write the history record simple-history would have written for an admin save."""
    historical = apps.get_model("intake", f"Historical{model_name}")
    values = {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}
    historical.objects.create(
        **values,
        history_date=timezone.now(),
        history_type="+",
        history_change_reason="Seed content v1",
    )


def seed_content(apps, schema_editor):
    Topic = apps.get_model("intake", "Topic")
    ProCon = apps.get_model("intake", "ProCon")
    FaqEntry = apps.get_model("intake", "FaqEntry")
    ContentPage = apps.get_model("intake", "ContentPage")
    ClinicDetails = apps.get_model("intake", "ClinicDetails")

    for item in content.TOPICS:
        topic = Topic.objects.create(
            key=item["key"],
            order=item["order"],
            title=item["title"],
            ketamine=item["ketamine"],
            antidepressant=item["antidepressant"],
            sources=item["sources"],
            **REVIEW,
        )
        _with_first_version(apps, "Topic", topic)
    for item in content.PROS_CONS:
        point = ProCon.objects.create(
            treatment=item["treatment"],
            kind=item["kind"],
            order=item["order"],
            text=item["text"],
            sources=item["sources"],
            **REVIEW,
        )
        _with_first_version(apps, "ProCon", point)
    for item in content.FAQS:
        faq = FaqEntry.objects.create(
            order=item["order"],
            question=item["question"],
            answer=item["answer"],
            sources=item["sources"],
            **REVIEW,
        )
        _with_first_version(apps, "FaqEntry", faq)
    notice = content.PRIVACY_NOTICE
    page = ContentPage.objects.create(
        slug=notice["slug"],
        title=notice["title"],
        body=notice["body"],
        sources=notice["sources"],
        **REVIEW,
    )
    _with_first_version(apps, "ContentPage", page)
    # The one row the footer reads; its primary key is fixed by a check constraint.
    details = ClinicDetails.objects.create(pk=1, **content.CLINIC_DETAILS)
    _with_first_version(apps, "ClinicDetails", details)


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0004_content"),
    ]

    operations = [
        migrations.RunPython(seed_content, migrations.RunPython.noop),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
