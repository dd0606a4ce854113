"""Admin for administrators' privacy duties: the audit trail (read only), and one patient's
record to export or delete. Both are for superusers only; content editors see neither."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, JsonResponse
from django.urls import path
from django.utils.cache import add_never_cache_headers

from intake.admin.audited import AuditedAdminMixin
from intake.models import AuditEvent, EvaluationRequest, Patient
from intake.security.audit_actions import Action
from intake.services import audit, retention


def is_administrator(request) -> bool:
    return request.user.is_active and request.user.is_superuser


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail, for administrators to read.

    Nobody can add, change or delete an event here, administrators included: the trail is the
    evidence of who did what, so it must not be editable by the people it records. Each event
    is chained to the one before in its chain by an HMAC under AUDIT_KEY, and the chains' heads
    are pinned outside the database (`manage.py audit_checkpoint`, `verify_audit`), so a change
    made behind the admin's back, in the database itself, is detected as well.
    """

    list_display = [
        "created_at",
        "action",
        "outcome",
        "actor_label",
        "object_type",
        "object_id",
        "ip_address",
    ]
    # "actor": every user is offered (a short list), not only those in the trail, which would
    # cost a DISTINCT over every event on each page.
    list_filter = ["action", "outcome", "actor", "created_at"]
    date_hierarchy = "created_at"
    search_fields = ["=object_id"]
    search_help_text = "A request reference or a record's id, exactly."
    fields = [
        "created_at",
        "action",
        "outcome",
        "actor",
        "actor_label",
        "object_type",
        "object_id",
        "ip_address",
        "detail",
        "chain",
        "sequence",
        "key_id",
        "previous_hash",
        "hash",
    ]
    list_select_related = ["actor"]

    def has_module_permission(self, request):
        return is_administrator(request)

    def has_view_permission(self, request, obj=None):
        return is_administrator(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Patient)
class PatientAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """One patient's record: find it, export it as JSON, delete it. Both audited.

    The list shows no PHI (id, date, number of requests); an administrator finds a patient by
    an exact e-mail address or a request reference. Details are never edited here: a patient
    corrects them by submitting again, and staff work through the request pages.
    """

    list_display = ["__str__", "created_at", "request_count"]
    search_fields = ["=email", "=requests__reference"]
    search_help_text = "An e-mail address or a request reference, exactly."
    ordering = ["-created_at", "-pk"]
    fields = [
        "uuid",
        "first_name",
        "last_name",
        "preferred_name",
        "date_of_birth",
        "sex",
        "gender_identity",
        "email",
        "phone",
        "preferred_contact",
        "preferred_language",
        "created_at",
        "request_references",
    ]
    readonly_fields = ["uuid", "created_at", "request_references"]
    actions = ["export_record"]
    change_form_template = "admin/intake/patient/change_form.html"

    def has_module_permission(self, request):
        return is_administrator(request)

    def has_view_permission(self, request, obj=None):
        return is_administrator(request)

    def has_delete_permission(self, request, obj=None):
        return is_administrator(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(request_count=Count("requests"))

    @admin.display(description="requests", ordering="request_count")
    def request_count(self, patient) -> int:
        return patient.request_count

    @admin.display(description="requests")
    def request_references(self, patient) -> str:
        return ", ".join(
            f"{reference} ({EvaluationRequest.Status(status).label.lower()})"
            for reference, status in patient.requests.order_by("submitted_at").values_list(
                "reference", "status"
            )
        )

    # --- Viewing is audited (AuditedAdminMixin): the detail page shows the patient's identity --

    def record_view(self, request, obj, *, page: str) -> None:
        audit.record(
            action=Action.PATIENT_VIEWED,
            http_request=request,
            object_type="patient",
            object_id=str(obj.pk),
            detail={} if page == "admin" else {"page": page},
        )

    # --- Export -----------------------------------------------------------------------------

    def get_urls(self):
        export = path(
            "<path:object_id>/export/",
            self.admin_site.admin_view(self.export_view),
            name="intake_patient_export",
        )
        return [export, *super().get_urls()]

    def export_view(self, request, object_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        patient = self.get_object(request, unquote(object_id))
        if patient is None:
            raise Http404
        return self.export_response(request, patient)

    @admin.action(description="Export record (JSON)", permissions=["view"])
    def export_record(self, request, queryset):
        patients = list(queryset[:2])
        if len(patients) != 1:
            self.message_user(request, "Choose exactly one patient to export.", messages.WARNING)
            return None
        return self.export_response(request, patients[0])

    def export_response(self, request, patient) -> JsonResponse:
        record = retention.export_patient_record(
            patient=patient, actor=request.user, http_request=request
        )
        response = JsonResponse(record, json_dumps_params={"indent": 2})
        response["Content-Disposition"] = f'attachment; filename="patient-{patient.pk}.json"'
        add_never_cache_headers(response)
        return response

    # --- Deletion: the requests first (PROTECT), through the audited service ---------------

    def delete_model(self, request, obj):
        retention.delete_patient_record(patient=obj, actor=request.user, http_request=request)

    def delete_queryset(self, request, queryset):
        for patient in queryset:
            retention.delete_patient_record(
                patient=patient, actor=request.user, http_request=request
            )

    def get_deleted_objects(self, objs, request):
        """What the confirmation page lists: each patient and their requests (Django's own
        walk would stop at the PROTECT foreign key and call the requests protected)."""
        patients = list(objs)
        if not request.POST.get("post"):  # the confirmation page, not the deletion itself
            for patient in patients:
                self.record_view(request, patient, page="delete confirmation")
        requests = EvaluationRequest.objects.filter(patient__in=patients).order_by("submitted_at")
        by_patient = {}
        for item in requests:
            by_patient.setdefault(item.patient_id, []).append(
                f"Evaluation request {item.reference}, with its answers, timeline, "
                "appointments and e-mails"
            )
        deleted = []
        for patient in patients:  # Django's nested-list shape: item, [its children], item ...
            deleted += [str(patient), by_patient.get(patient.pk, [])]
        model_count = {"patients": len(patients), "evaluation requests": len(requests)}
        return deleted, model_count, set(), []
