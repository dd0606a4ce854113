"""The moves between a request's statuses: one table for staff, one for appointments; pure Python.

new -> in review -> contacted -> scheduled -> evaluated, or closed from anywhere (with a reason);
a closed request can be reopened for review. "Scheduled" and "evaluated" follow the appointment:
booking schedules a request, a clinician's completed evaluation evaluates it, and a cancelled or
missed appointment returns it to contacted. So a request is scheduled exactly while it has an
active appointment, and only a clinician's recorded outcome makes it evaluated.
"""


def _(message: str) -> str:
    """Marks a patient-facing string for makemessages; the status page translates it."""
    return message


NEW, IN_REVIEW, CONTACTED, SCHEDULED, EVALUATED, CLOSED = (
    "new",
    "in_review",
    "contacted",
    "scheduled",
    "evaluated",
    "closed",
)

# Each status with the word staff and patients read for it (EvaluationRequest.Status is built
# from this list).
LABELS: tuple[tuple[str, str], ...] = (
    (NEW, "New"),
    (IN_REVIEW, "In review"),
    (CONTACTED, "Contacted"),
    (SCHEDULED, "Scheduled"),
    (EVALUATED, "Evaluated"),
    (CLOSED, "Closed"),
)

# Moves staff make by hand (closing a scheduled request also cancels its appointment).
ALLOWED_MOVES: dict[str, tuple[str, ...]] = {
    NEW: (IN_REVIEW, CONTACTED, CLOSED),
    IN_REVIEW: (CONTACTED, CLOSED),
    CONTACTED: (IN_REVIEW, CLOSED),
    SCHEDULED: (CLOSED,),
    EVALUATED: (CLOSED,),
    CLOSED: (IN_REVIEW,),
}

# What happens to each status when something happens to the request's appointment.
BOOKED, COMPLETED, CANCELLED, NO_SHOW = "booked", "completed", "cancelled", "no_show"
APPOINTMENT_MOVES: dict[str, dict[str, str]] = {
    BOOKED: {NEW: SCHEDULED, IN_REVIEW: SCHEDULED, CONTACTED: SCHEDULED},
    COMPLETED: {SCHEDULED: EVALUATED},
    CANCELLED: {SCHEDULED: CONTACTED},
    NO_SHOW: {SCHEDULED: CONTACTED},
}

OPEN_STATUSES = (NEW, IN_REVIEW, CONTACTED, SCHEDULED)


def can_move(current: str, target: str) -> bool:
    return target in ALLOWED_MOVES.get(current, ())


def after_appointment(current: str, event: str) -> str:
    """The request's status once its appointment is booked, completed, cancelled or missed."""
    return APPOINTMENT_MOVES[event].get(current, current)


def needs_reason(target: str) -> bool:
    return target == CLOSED


def patient_status_label(
    status: str, *, has_active_appointment: bool, last_appointment: str
) -> str:
    """What the patient's status page calls the request ("" for the status's own label).

    Staff's workflow returns a request to "contacted" when its appointment is cancelled or
    missed; to the patient that would claim a contact nobody made, so the page says what
    happened to the appointment instead.
    """
    if status in OPEN_STATUSES and not has_active_appointment:
        if last_appointment == CANCELLED:
            return _("Appointment cancelled")
        if last_appointment == NO_SHOW:
            return _("Appointment missed")
    return ""
