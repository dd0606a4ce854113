"""Admin for administrators: the medication catalog, and clinicians with availability and time off.

Saving a medication recomputes the stored verdicts of the requests that tried it, in the admin's
own transaction, so the queue never shows a verdict made with the old minimum dose.
"""

from collections import defaultdict

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseInlineFormSet

from intake.admin.labels import NamedFieldsMixin
from intake.domain import slots
from intake.models import AvailabilityWindow, Clinician, Medication, TimeOff
from intake.models.scheduling import WEEKDAYS
from intake.security import roles
from intake.security.audit_actions import Action
from intake.services import audit, summaries

WEEKDAY_NAMES = dict(WEEKDAYS)

# Fields the educational summary reads from the catalog (see summaries.minimum_doses).
SUMMARY_FIELDS = {"name", "kind", "minimum_daily_dose_mg"}


@admin.register(Medication)
class MedicationAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "brand_names",
        "drug_class",
        "kind",
        "minimum_daily_dose_mg",
        "source_checked_on",
        "rxnorm_code",
        "is_active",
    ]
    list_filter = ["kind", "is_active", "drug_class"]
    search_fields = ["name", "spanish_name", "brand_names", "drug_class"]
    formfield_overrides = {
        models.URLField: {"form_class": forms.URLField, "assume_scheme": "https"}
    }
    fields = [
        "name",
        "spanish_name",
        "brand_names",
        "drug_class",
        "kind",
        "minimum_daily_dose_mg",
        "source",
        "source_url",
        "source_checked_on",
        "rxnorm_code",
        "rxnorm_source",
        "is_active",
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change or not SUMMARY_FIELDS & set(form.changed_data):
            return  # a new medication has no trials yet; other fields do not move a verdict
        changed = summaries.refresh_summaries(medication=obj)
        audit.record(
            action=Action.MEDICATION_CHANGED,
            http_request=request,
            obj=obj,
            detail={"fields": sorted(SUMMARY_FIELDS & set(form.changed_data)), "verdicts": changed},
        )
        self.message_user(
            request,
            f"Recomputed the stored verdicts of requests that tried {obj.name}: "
            f"{changed} verdict{'s' if changed != 1 else ''} changed.",
            messages.INFO,
        )


class LabelledDeleteFormSet(BaseInlineFormSet):
    """A tabular inline's "Delete?" box has no label of its own (only the column's header):
    each says which row it deletes."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if DELETION_FIELD_NAME in form.fields and form.instance.pk:
            form.fields[DELETION_FIELD_NAME].widget.attrs["aria-label"] = f"Delete {form.instance}"


class AvailabilityWindowFormSet(LabelledDeleteFormSet):
    """Windows of one weekday must not overlap: one window offers both kinds of visit."""

    def clean(self):
        super().clean()
        by_day = defaultdict(list)
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE") or not all(data.get(key) for key in ("start", "end")):
                continue
            by_day[data["weekday"]].append((data["start"], data["end"]))
        for weekday, spans in sorted(by_day.items()):
            clash = slots.overlapping(spans)
            if clash:
                (s1, e1), (s2, e2) = clash
                raise ValidationError(
                    f"Two {WEEKDAY_NAMES[weekday]} windows overlap ({s1:%H:%M}-{e1:%H:%M} and "
                    f"{s2:%H:%M}-{e2:%H:%M}). Use one window and tick both kinds of visit."
                )


class AvailabilityWindowInline(NamedFieldsMixin, admin.TabularInline):
    model = AvailabilityWindow
    formset = AvailabilityWindowFormSet
    extra = 1
    fields = ["weekday", "start", "end", "in_person", "telehealth"]


class TimeOffInline(NamedFieldsMixin, admin.TabularInline):
    model = TimeOff
    formset = LabelledDeleteFormSet
    extra = 0
    fields = ["starts_at", "ends_at", "reason"]


@admin.register(Clinician)
class ClinicianAdmin(admin.ModelAdmin):
    list_display = ["display_name", "credentials", "user", "is_active"]
    list_filter = ["is_active"]
    list_select_related = ["user"]
    search_fields = ["display_name", "user__username"]
    fields = ["user", "display_name", "credentials", "is_active", "video_link"]
    inlines = [AvailabilityWindowInline, TimeOffInline]

    # Who can be booked, and when, is audited: `clinician.created` / `clinician.changed` with the
    # fields' names, `clinician.availability_changed` with what the inlines added, changed and
    # removed (counts and ids, not the time-off reasons).

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change or form.changed_data:
            audit.record(
                action=Action.CLINICIAN_CHANGED if change else Action.CLINICIAN_CREATED,
                http_request=request,
                obj=obj,
                detail={"fields": sorted(form.changed_data)},
            )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        changes = {
            "added": [item.pk for item in formset.new_objects],
            "changed": [item.pk for item, _ in formset.changed_objects],
            "removed": [item.pk for item in formset.deleted_objects],
        }
        if any(changes.values()):
            audit.record(
                action=Action.CLINICIAN_AVAILABILITY_CHANGED,
                http_request=request,
                obj=form.instance,
                detail={"kind": formset.model._meta.model_name, **changes},
            )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            # Only someone who can open the queue as a clinician can be booked as one; a
            # clinician's own user stays a valid choice after it is deactivated, so the
            # clinician can still be edited (and made inactive).
            kwargs["queryset"] = (
                User.objects.filter(
                    Q(is_active=True, groups__name=roles.CLINICIANS) | Q(clinician__isnull=False)
                )
                .distinct()
                .order_by("username")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
