"""Every action the audit trail records, in one closed set: `audit.record` refuses any other,
so a new kind of event is added here first, with the words an administrator reads.

Names are namespaced `<what>.<what happened>`; the admin's audit list filters by them.
"""

from django.db import models


class Action(models.TextChoices):
    # Signing in and the second factor (intake/signals.py, intake/security/twofactor.py)
    SIGN_IN = "auth.sign_in", "Signed in (or a sign-in failed)"
    SIGN_OUT = "auth.sign_out", "Signed out"
    SIGN_IN_SLOWED = (
        "auth.sign_in_slowed",
        "Sign-in refused: too many failures for the account (password not checked)",
    )
    SECOND_FACTOR = "auth.second_factor", "Second factor checked"
    SECOND_FACTOR_ENROLLED = "auth.second_factor_enrolled", "Second factor set up"
    SECOND_FACTOR_RESET = "auth.second_factor_reset", "Second factor reset by an administrator"
    ACCESS_DENIED = "access.denied", "Refused a page the role does not allow"
    USER_INVITED = "user.invited", "Invitation link e-mailed (to join, or after a reset)"
    INVITATION_PASSWORD_SET = "user.invitation_password_set", "Password chosen from an invitation"

    # Users, groups and permissions (intake/signals.py)
    USER_CREATED = "user.created", "User created"
    USER_CHANGED = "user.changed", "User changed"
    USER_DELETED = "user.deleted", "User deleted"
    USER_GROUPS_CHANGED = "user.groups_changed", "User's roles changed"
    USER_PERMISSIONS_CHANGED = "user.permissions_changed", "User's permissions changed"
    GROUP_CREATED = "group.created", "Role created"
    GROUP_CHANGED = "group.changed", "Role changed"
    GROUP_DELETED = "group.deleted", "Role deleted"
    GROUP_USERS_CHANGED = "group.users_changed", "Role's members changed"
    GROUP_PERMISSIONS_CHANGED = "group.permissions_changed", "Role's permissions changed"

    # The patient's side
    REQUEST_SUBMITTED = "request.submitted", "Intake submitted"
    PATIENT_DETAILS_DIFFER = "patient.details_differ", "Details differ from the patient's record"
    STATUS_LINK_OPENED = "status_link.opened", "Private link opened"
    STATUS_LINK_REQUESTED = "status_link.requested", "Fresh private link asked for"
    STATUS_LINK_ISSUED = "status_link.issued", "Private link issued for an e-mail"
    REQUEST_ANSWERS_VIEWED = "request.answers_viewed", "Copy of the answers viewed by the patient"
    REQUEST_STATUS_VIEWED = "request.status_viewed", "Status page viewed by the patient"
    APPOINTMENT_CONFIRMED = "appointment.confirmed", "Appointment confirmed by the patient"
    APPOINTMENT_RESCHEDULE_REQUESTED = (
        "appointment.reschedule_requested",
        "New time asked for by the patient",
    )
    APPOINTMENT_CANCEL_TOO_LATE = (
        "appointment.cancel_too_late",
        "Cancelling asked for by text too close to the start (told to call)",
    )
    TEXT_RECEIVED = "text.received", "Text message received from the patient"
    TEXTS_STOPPED = "text.opted_out", "Texts stopped by the patient (STOP)"
    TEXTS_RESTARTED = "text.opted_in", "Texts started again by the patient (START)"
    TEXT_WEBHOOK_REFUSED = (
        "text.webhook_refused",
        "Text message webhook refused (no signature, or a wrong one)",
    )
    WAITLIST_JOINED = "waitlist.joined", "Waitlist joined (or its days changed) by the patient"
    WAITLIST_LEFT = "waitlist.left", "Waitlist left by the patient"
    WAITLIST_OFFER_ACCEPTED = "waitlist.offer_accepted", "Waitlist offer accepted by the patient"
    WAITLIST_OFFER_DECLINED = "waitlist.offer_declined", "Waitlist offer declined by the patient"
    WAITLIST_OFFER_GONE = "waitlist.offer_gone", "Waitlist offer answered after the slot was taken"

    # Staff reading patient data
    QUEUE_VIEWED = "queue.viewed", "Queue viewed"
    QUEUE_EXPORTED = "queue.exported", "Queue exported as CSV"
    REQUEST_VIEWED = "request.viewed", "Request viewed"
    DOCUMENT_VIEWED = "document.viewed", "Uploaded document opened or downloaded"
    DOCUMENT_REVIEWED = "document.reviewed", "Uploaded document accepted or asked for again"
    DOCUMENT_RESENT = "document.resent", "Document asked for again sent again by the patient"
    PACKET_GENERATED = "packet.generated", "Prior-authorization packet generated"
    PACKET_ATTESTED = "packet.attested", "Prior-authorization packet attested by a clinician"
    PACKET_DOWNLOADED = "packet.downloaded", "Prior-authorization packet downloaded"
    REQUEST_FHIR_EXPORTED = "request.fhir_exported", "Request exported as FHIR"
    REQUESTS_FHIR_EXPORTED = "requests.fhir_exported", "Requests exported as FHIR in bulk"
    CALENDAR_VIEWED = "calendar.viewed", "Calendar viewed"
    REPORTS_VIEWED = "reports.viewed", "Clinic reports viewed"
    REPORTS_EXPORTED = "reports.exported", "Clinic report table downloaded as CSV"
    PATIENT_VIEWED = "patient.viewed", "Patient viewed in the admin"
    PATIENT_LISTED = "patient.listed", "Patients listed in the admin"
    EVALUATIONREQUEST_LISTED = "evaluationrequest.listed", "Requests listed in the admin"
    EVALUATIONREQUEST_VIEWED = "evaluationrequest.viewed", "Request viewed in the admin"
    OUTBOXEMAIL_LISTED = "outboxemail.listed", "E-mails listed in the admin"
    OUTBOXEMAIL_VIEWED = "outboxemail.viewed", "E-mail viewed in the admin"
    WAITLISTENTRY_LISTED = "waitlistentry.listed", "Waitlist entries listed in the admin"
    WAITLISTENTRY_VIEWED = "waitlistentry.viewed", "Waitlist entry viewed in the admin"
    SLOTOFFER_LISTED = "slotoffer.listed", "Slot offers listed in the admin"
    SLOTOFFER_VIEWED = "slotoffer.viewed", "Slot offer viewed in the admin"

    # Staff changing a request
    REQUEST_ASSIGNED = "request.assigned", "Request assigned"
    REQUEST_STATUS_CHANGED = "request.status_changed", "Request status changed"
    REQUEST_NOTE_ADDED = "request.note_added", "Note added"
    REQUEST_CONTACT_LOGGED = "request.contact_logged", "Contact attempt logged"
    APPOINTMENT_BOOKED = "appointment.booked", "Evaluation booked"
    APPOINTMENT_RESCHEDULED = "appointment.rescheduled", "Evaluation moved"
    APPOINTMENT_CANCELLED = "appointment.cancelled", "Evaluation cancelled"
    APPOINTMENT_OUTCOME_RECORDED = "appointment.outcome_recorded", "Evaluation outcome recorded"
    TEXT_SENT_BY_STAFF = "text.sent_by_staff", "Text message sent to the patient by staff"
    SELF_BOOKING_INVITED = "request.self_booking_invited", "Patient invited to choose a time"
    WAITLIST_SLOT_OFFERED = "waitlist.slot_offered", "Freed slot offered from the waitlist"
    WAITLIST_OFFER_EXPIRED = "waitlist.offer_expired", "Waitlist offer expired unanswered"

    # Follow-up measures (intake/services/followup.py)
    FOLLOWUP_STARTED = "followup.started", "Follow-up started"
    FOLLOWUP_CHANGED = "followup.changed", "Follow-up schedule changed"
    FOLLOWUP_PAUSED = "followup.paused", "Follow-up paused"
    FOLLOWUP_RESUMED = "followup.resumed", "Follow-up resumed"
    FOLLOWUP_STOPPED = "followup.stopped", "Follow-up stopped"
    FOLLOWUP_STOPPED_BY_PATIENT = (
        "followup.stopped_by_patient",
        "Follow-up messages stopped by the patient",
    )
    FOLLOWUP_SENT = "followup.sent", "Follow-up link e-mailed"
    FOLLOWUP_VIEWED = "followup.viewed", "Follow-up questions opened by the patient"
    FOLLOWUP_ANSWERED = "followup.answered", "Follow-up answered by the patient"
    RISK_ACKNOWLEDGED = "risk.acknowledged", "Follow-up risk answer acknowledged"
    RISK_ESCALATED = "risk.escalated", "Unacknowledged risk answer escalated to the clinical lead"

    # Administration and retention
    CONTENT_PUBLISHED = "content.published", "Educational content published"
    CONTENT_UNPUBLISHED = "content.unpublished", "Educational content taken down"
    MEDICATION_CHANGED = "medication.changed", "Medication catalog changed"
    CLINICIAN_CREATED = "clinician.created", "Clinician added"
    CLINICIAN_CHANGED = "clinician.changed", "Clinician changed"
    CLINICIAN_AVAILABILITY_CHANGED = (
        "clinician.availability_changed",
        "Clinician's hours or time off changed",
    )
    PATIENT_EXPORTED = "patient.exported", "Patient's record exported"
    PATIENT_DELETED = "patient.deleted", "Patient's record deleted"
    REQUEST_ANONYMISED = "request.anonymised", "Request anonymised after retention"
    DRAFT_PURGED = "draft.purged", "Unfinished intakes purged"
    AUDIT_CHECKPOINT = (
        "audit.checkpoint",
        "Audit checkpoint written (its count and digest) and sent to its witnesses",
    )


class UnknownAuditAction(ValueError):
    """Code tried to record an action that is not in `Action`: add it there first."""


def checked(action: str) -> str:
    if action not in Action.values:
        raise UnknownAuditAction(
            f"{action!r} is not an audit action (intake/security/audit_actions.py)."
        )
    return action
