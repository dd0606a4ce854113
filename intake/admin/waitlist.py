"""Admin for administrators: read-only lists of the waitlist and the freed slots it offered.

Who is waiting is named by the request's reference, as the request list does, never by the
patient's name; the entries and offers change only through the patient's own actions and the
services (services/waitlist.py, services/self_scheduling.py), which keep the timeline and audit.
"""

from django.contrib import admin

from intake.admin.requests import ReadOnlyAdmin
from intake.models import SlotOffer, WaitlistEntry


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(ReadOnlyAdmin):
    list_display = ["pk", "request_reference", "status", "days", "created_at", "ended_at"]
    list_display_links = ["pk"]
    list_filter = ["status"]
    search_fields = ["request__reference"]
    list_select_related = ["request"]
    ordering = ["-created_at"]
    show_full_result_count = False
    list_per_page = 50
    fields = ["request", "status", "days", "created_at", "ended_at"]

    @admin.display(description="request", ordering="request__reference")
    def request_reference(self, obj) -> str:
        return obj.request.reference

    @admin.display(description="times that suit")
    def days(self, obj) -> str:
        return obj.days_text


@admin.register(SlotOffer)
class SlotOfferAdmin(ReadOnlyAdmin):
    list_display = [
        "pk",
        "request_reference",
        "status",
        "starts_at",
        "mode",
        "clinician",
        "created_at",
        "expires_at",
        "answered_at",
    ]
    list_display_links = ["pk"]
    list_filter = ["status", "mode"]
    search_fields = ["entry__request__reference"]
    list_select_related = ["entry__request", "clinician"]
    ordering = ["-created_at"]
    show_full_result_count = False
    list_per_page = 50
    fields = [
        "entry",
        "request_reference",
        "status",
        "starts_at",
        "ends_at",
        "mode",
        "clinician",
        "created_at",
        "expires_at",
        "answered_at",
    ]

    @admin.display(description="request", ordering="entry__request__reference")
    def request_reference(self, obj) -> str:
        return obj.entry.request.reference
