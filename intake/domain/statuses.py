"""The moves between a request's statuses: one table for staff, one for appointments; pure Python.

new -> in review -> contacted -> scheduled -> evaluated, or closed from anywhere (with a reason);
a closed request can be reopened for review. "Scheduled" and "evaluated" follow the appointment:
booking schedules a request, a clinician's completed evaluation evaluates it, and a cancelled or
missed appointment returns it to the status it had when it was booked, the one it would have
without the appointment (a cancellation contacts nobody). So a request is scheduled exactly while
it has an active appointment, and only a clinician's recorded outcome makes it evaluated.
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
# The statuses a request can be booked from: the ones it goes back to when the appointment ends
# without an evaluation.
BOOKABLE = (NEW, IN_REVIEW, CONTACTED)
APPOINTMENT_MOVES: dict[str, dict[str, str]] = {
    BOOKED: {status: SCHEDULED for status in BOOKABLE},
    COMPLETED: {SCHEDULED: EVALUATED},
}
ENDED_WITHOUT_EVALUATION = (CANCELLED, NO_SHOW)

OPEN_STATUSES = (NEW, IN_REVIEW, CONTACTED, SCHEDULED)


def can_move(current: str, target: str) -> bool:
    return target in ALLOWED_MOVES.get(current, ())


def after_appointment(current: str, event: str, *, status_at_booking: str = "") -> str:
    """The request's status once its appointment is booked, completed, cancelled or missed.

    A cancelled or missed appointment returns a scheduled request to `status_at_booking`, the
    status it had before the booking; an appointment booked before that was recorded goes back
    to "in review", which claims no contact with the patient.
    """
    if event in ENDED_WITHOUT_EVALUATION:
        if current != SCHEDULED:
            return current
        return status_at_booking if status_at_booking in BOOKABLE else IN_REVIEW
    return APPOINTMENT_MOVES[event].get(current, current)


def needs_reason(target: str) -> bool:
    return target == CLOSED


def patient_status_label(
    status: str, *, has_active_appointment: bool, last_appointment: str
) -> str:
    """What the patient's status page calls the request ("" for the status's own label).

    A cancelled or missed appointment returns the request to the status it had before the
    booking ("new", "in review"), which to the patient would read as if nothing had happened
    since; the page says what happened to the appointment instead.
    """
    if status in OPEN_STATUSES and not has_active_appointment:
        if last_appointment == CANCELLED:
            return _("Appointment cancelled")
        if last_appointment == NO_SHOW:
            return _("Appointment missed")
    return ""
