"""Admin for administrators: read-only lists of evaluation requests and outgoing e-mails.

Patient data is changed only through the staff services, which lock rows, keep the timeline
and write audit events; the admin only looks. The request changelist is left an ordinary
Django changelist on purpose: `manage.py bench_staff` measures the staff queue against it.
"""

from django.contrib import admin

from intake.admin.audited import AuditedAdminMixin
from intake.models import EvaluationRequest, OutboxEmail
from intake.security.audit_actions import Action
from intake.services import audit
from intake.web.cached_counts import COUNT_SECONDS, CachedCountPaginator


class ReadOnlyAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Lists and detail pages with nothing to add, save or delete, for administrators only;
    every page audited."""

    def has_view_permission(self, request, obj=None):
        # Coordinators hold the view permission for the staff pages; should one of them also
        # be given admin access, these rows still stay with administrators.
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting a patient's record is its own audited action, on the patient.
        return False


@admin.register(EvaluationRequest)
class EvaluationRequestAdmin(ReadOnlyAdmin):
    def record_view(self, request, obj, *, page: str) -> None:
        # The same action as the staff request page, so one filter finds every view of it.
        audit.record(
            action=Action.REQUEST_VIEWED, http_request=request, obj=obj, detail={"page": page}
        )

    list_display = [
        "reference",
        "status",
        "urgent",
        "imminent_risk",
        "verdict_in_words",
        "submitted_at",
        "assigned_to",
    ]
    list_filter = ["status", "verdict", "urgent"]
    search_fields = ["reference"]
    list_select_related = ["assigned_to"]
    # The whole table's count is a second COUNT(*) on every view; the matches' count is kept
    # for a minute, and the page says so. Rows come in `request_submitted_idx` order.
    show_full_result_count = False
    # A page of 25, as the staff queue shows: the admin's generic cells cost about 0.4 ms each
    # row, so 100 rows a page were most of the page's time.
    list_per_page = 25
    paginator = CachedCountPaginator
    change_list_template = "admin/intake/cached_count_change_list.html"

    def changelist_view(self, request, extra_context=None):
        extra_context = {"count_seconds": COUNT_SECONDS, **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    @admin.display(description="verdict", ordering="verdict")
    def verdict_in_words(self, obj) -> str:
        return obj.verdict_text

    # The detail page shows the request's workflow facts; the answers live on the staff page.
    fields = [
        "reference",
        "status",
        "close_reason",
        "urgent",
        "imminent_risk",
        "verdict_in_words",
        "submitted_at",
        "assigned_to",
        "patient_action",
        "patient_action_at",
    ]


@admin.register(OutboxEmail)
class OutboxEmailAdmin(ReadOnlyAdmin):
    list_display = ["kind", "to", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "kind"]
    fields = [
        "kind",
        "to",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
    ]
