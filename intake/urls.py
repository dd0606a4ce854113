"""URLs of the intake app: the public pages patients use, then the staff pages."""

from django.urls import path

from intake.security.ratelimits import limited_by_ip
from intake.views import (
    clinic_reports,
    documents,
    followup,
    intake,
    patient_documents,
    prior_auth,
    public,
    scheduling,
    staff,
    staff_followup,
    status,
    texts,
)

app_name = "intake"

# Per client address (intake/security/ratelimits.py; the rates are settings). The final submission's
# limit (RATELIMIT_INTAKE_SUBMIT) counts only real submissions: the review view counts them.
step_limit = limited_by_ip("RATELIMIT_STEPS", method="POST")
token_limit = limited_by_ip("RATELIMIT_TOKEN")
new_link_limit = limited_by_ip("RATELIMIT_LINK_REQUEST", method="POST")
patient_action_limit = limited_by_ip("RATELIMIT_PATIENT_ACTIONS", method="POST")

public_urls = [
    path("", public.home, name="home"),
    path("learn/", public.learn, name="learn"),
    path("privacy/", public.privacy, name="privacy"),
    path("intake/", intake.intake_start, name="intake_start"),
    path("intake/review/", intake.intake_review, name="intake_review"),
    path("intake/done/", intake.intake_done, name="intake_done"),
    path("intake/<slug:step_name>/", step_limit(intake.intake_step), name="intake_step"),
    path("r/<str:token>/", token_limit(status.status_link), name="status_link"),
    path("status/", status.status_page, name="status"),
    path("status/answers/", status.answers_copy, name="status_answers"),
    path("status/new-link/", new_link_limit(status.new_link), name="status_new_link"),
    path("status/follow-up/", patient_action_limit(followup.followup_page), name="followup"),
    path(
        "status/follow-up/stop/",
        patient_action_limit(followup.stop_messages),
        name="followup_stop",
    ),
    path(
        "status/appointment/",
        patient_action_limit(status.appointment_action),
        name="status_appointment",
    ),
    path(
        "status/documents/",
        patient_action_limit(patient_documents.documents_page),
        name="status_documents",
    ),
    path("status/book/", patient_action_limit(status.choose_time), name="status_choose_time"),
    path("status/waitlist/", patient_action_limit(status.waitlist_action), name="status_waitlist"),
    path("status/offer/", patient_action_limit(status.slot_offer), name="status_offer"),
    path(
        "status/<str:reference>/evaluation.ics",
        status.calendar_file,
        name="status_calendar_file",
    ),
]

# The text provider's webhooks (signed; intake/views/texts.py).
provider_urls = [
    path("sms/inbound/", texts.inbound, name="sms_inbound"),
    path("sms/status/", texts.delivery_status, name="sms_status"),
]

staff_urls = [
    path("staff/", staff.queue, name="staff_queue"),
    path("staff/export.csv", staff.export_queue, name="staff_export"),
    path("staff/requests/<str:reference>/", staff.request_detail, name="staff_request"),
    path(
        "staff/requests/<str:reference>/fhir.json",
        staff.request_fhir,
        name="staff_request_fhir",
    ),
    path(
        "staff/requests/<str:reference>/documents/<int:document_id>/",
        documents.document_file,
        name="staff_document",
    ),
    path(
        "staff/requests/<str:reference>/documents/<int:document_id>/review/",
        documents.document_review,
        name="staff_document_review",
    ),
    path(
        "staff/requests/<str:reference>/prior-auth/",
        prior_auth.packet_generate,
        name="staff_packet_generate",
    ),
    path(
        "staff/requests/<str:reference>/prior-auth/<int:packet_id>/attest/",
        prior_auth.packet_attest,
        name="staff_packet_attest",
    ),
    path(
        "staff/requests/<str:reference>/prior-auth/<int:packet_id>/packet.pdf",
        prior_auth.packet_download,
        name="staff_packet_download",
    ),
    path("staff/requests/<str:reference>/assign/", staff.assign, name="staff_assign"),
    path(
        "staff/requests/<str:reference>/follow-up/",
        staff_followup.schedule,
        name="staff_followup",
    ),
    path(
        "staff/requests/<str:reference>/follow-up/acknowledge/",
        staff_followup.acknowledge,
        name="staff_acknowledge",
    ),
    path("staff/requests/<str:reference>/status/", staff.change_status, name="staff_status"),
    path("staff/requests/<str:reference>/notes/", staff.add_note, name="staff_note"),
    path("staff/requests/<str:reference>/contacts/", staff.log_contact, name="staff_contact"),
    path("staff/requests/<str:reference>/texts/", texts.send_text, name="staff_text"),
    path("staff/requests/<str:reference>/schedule/", scheduling.schedule, name="staff_schedule"),
    path(
        "staff/requests/<str:reference>/invite-to-book/",
        scheduling.invite_to_book,
        name="staff_invite_to_book",
    ),
    path("staff/appointments/<int:appointment_id>/cancel/", scheduling.cancel, name="staff_cancel"),
    path(
        "staff/appointments/<int:appointment_id>/outcome/",
        scheduling.record_outcome,
        name="staff_outcome",
    ),
    path("staff/calendar/", scheduling.calendar, name="staff_calendar"),
    path("staff/evaluations/", scheduling.my_evaluations, name="staff_my_evaluations"),
    path("staff/reports/", clinic_reports.reports_page, name="staff_reports"),
    path("staff/reports/<slug:table>.csv", clinic_reports.report_csv, name="staff_report_csv"),
]

urlpatterns = public_urls + provider_urls + staff_urls
