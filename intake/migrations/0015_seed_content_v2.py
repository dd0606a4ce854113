"""Seed content v2, and the end of the free-text review claims.

1. Every item whose latest version carried a free-text review claim (the seed stamped "Clinic
   medical director (seed)", 1 November 2026, on text no clinician had reviewed) gets a new
   history record saying the claim is gone. The earlier records keep the claim as it was made.
2. The corrections of `_content_v2` are written over each row that still holds the seed text of
   `_content_v1` (as migration 0005 first shipped it) or of `_content_v1b` (its later rewrite in
   place): a row an editor has changed is left exactly as it is. Each corrected row becomes a new
   version that awaits a clinical review. Items new in v2 are added where no row has their place.

Neither step is undone on the way back (the history keeps every earlier version).
"""

from django.db import migrations
from django.utils import timezone

from intake.migrations import _content_v1 as v1
from intake.migrations import _content_v1b as v1b
from intake.migrations import _content_v2 as v2

REMOVED_CLAIM = "Removed the review claim “{by}” ({on}): no clinician review is on record"
CORRECTED = "Seed content v2: corrections of the clinical read of 2 December 2026"
ADDED = "Seed content v2: new item"

# model, the fields that find an item's row, the seed fields compared and written.
KINDS = [
    ("Topic", ("key",), ("title", "summary", "ketamine", "antidepressant", "sources")),
    ("ProCon", ("treatment", "kind", "order"), ("text", "sources")),
    ("FaqEntry", ("order",), ("question", "answer", "sources")),
]
LISTS = {"Topic": "TOPICS", "ProCon": "PROS_CONS", "FaqEntry": "FAQS"}
REVIEWED_KINDS = ("Topic", "ProCon", "FaqEntry", "ContentPage")


def record_version(apps, model_name: str, obj, reason: str, history_type: str = "~") -> None:
    """The history record simple-history would write for a save, with its reason."""
    historical = apps.get_model("intake", f"Historical{model_name}")
    values = {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}
    historical.objects.create(
        **values,
        history_date=timezone.now(),
        history_type=history_type,
        history_change_reason=reason,
    )


def record_removed_claims(apps, schema_editor):
    for model_name in REVIEWED_KINDS:
        model = apps.get_model("intake", model_name)
        historical = apps.get_model("intake", f"Historical{model_name}")
        for obj in model.objects.all():
            latest = historical.objects.filter(id=obj.pk).order_by("-history_date", "-pk").first()
            if latest is None or not (latest.reviewed_by or latest.reviewed_on):
                continue
            reason = REMOVED_CLAIM.format(
                by=latest.reviewed_by or "no name", on=latest.reviewed_on or "no date"
            )
            record_version(apps, model_name, obj, reason[:100])  # the column's length


def _key(item: dict, key_fields) -> tuple:
    return tuple(item[name] for name in key_fields)


def _seed_values(item: dict, fields) -> dict:
    return {name: item.get(name, "") for name in fields}


def correct_seed_content(apps, schema_editor):
    for model_name, key_fields, fields in KINDS:
        model = apps.get_model("intake", model_name)
        old_texts: dict[tuple, list[dict]] = {}
        for module in (v1, v1b):
            for item in getattr(module, LISTS[model_name]):
                old_texts.setdefault(_key(item, key_fields), []).append(_seed_values(item, fields))
        for item in getattr(v2, LISTS[model_name]):
            key = _key(item, key_fields)
            new_values = _seed_values(item, fields)
            rows = list(model.objects.filter(**dict(zip(key_fields, key, strict=True))))
            if not rows:
                if key in old_texts:
                    continue  # an editor took this seed item out of its place: leave it be
                obj = model.objects.create(
                    **dict(zip(key_fields, key, strict=True)),
                    **new_values,
                    **(
                        {"order": item["order"]}
                        if "order" in item and "order" not in key_fields
                        else {}
                    ),
                    is_published=True,
                )
                record_version(apps, model_name, obj, ADDED, history_type="+")
                continue
            for obj in rows:
                stored = {name: getattr(obj, name) for name in fields}
                if stored == new_values or stored not in old_texts.get(key, []):
                    continue  # already v2, or an editor's text: never overwritten
                for name, value in new_values.items():
                    setattr(obj, name, value)
                obj.version += 1
                obj.version_by = None
                obj.review = None
                obj.save()
                record_version(apps, model_name, obj, CORRECTED)


def seed_fresh(apps) -> None:
    """All of v2 on empty tables, each item with its first version (for test fixtures)."""
    for model_name, key_fields, fields in KINDS:
        model = apps.get_model("intake", model_name)
        for item in getattr(v2, LISTS[model_name]):
            values = {name: item[name] for name in {*key_fields, "order"} if name in item}
            obj = model.objects.create(**values, **_seed_values(item, fields), is_published=True)
            record_version(apps, model_name, obj, "Seed content v2", history_type="+")
    page = apps.get_model("intake", "ContentPage").objects.create(
        **v2.PRIVACY_NOTICE, is_published=True
    )
    record_version(apps, "ContentPage", page, "Seed content v2", history_type="+")
    details = apps.get_model("intake", "ClinicDetails").objects.create(pk=1, **v2.CLINIC_DETAILS)
    record_version(apps, "ClinicDetails", details, "Seed content v2", history_type="+")


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0014_content_reviews"),
    ]

    operations = [
        migrations.RunPython(record_removed_claims, migrations.RunPython.noop),
        migrations.RunPython(correct_seed_content, migrations.RunPython.noop),
    ]
