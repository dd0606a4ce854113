"""Admin for administrators: the insurers the payment step lists, and payer rule sets."""

from django import forms
from django.contrib import admin
from django.db import models

from intake.models import Insurer, PayerRuleSet


@admin.register(Insurer)
class InsurerAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "is_active"]
    # No list_editable: the changelist's inline inputs have no visible label (axe); an
    # insurer's place and whether it is offered are edited on its own page.
    list_filter = ["is_active"]
    search_fields = ["name"]
    fields = ["name", "position", "is_active"]


@admin.register(PayerRuleSet)
class PayerRuleSetAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "min_failed_trials",
        "min_classes",
        "psychotherapy_required",
        "is_example",
    ]
    list_filter = ["is_example"]
    search_fields = ["name", "source"]
    formfield_overrides = {
        models.URLField: {"form_class": forms.URLField, "assume_scheme": "https"}
    }
