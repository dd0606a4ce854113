"""Admin for administrators: the insurers the intake's payment step lists."""

from django.contrib import admin

from intake.models import Insurer


@admin.register(Insurer)
class InsurerAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    fields = ["name", "position", "is_active"]
