"""The allowed moves between a request's statuses: one table, pure Python.

new -> in review -> contacted -> scheduled -> evaluated, or closed from anywhere (with a reason);
a closed request can be reopened for review.
"""

NEW, IN_REVIEW, CONTACTED, SCHEDULED, EVALUATED, CLOSED = (
    "new",
    "in_review",
    "contacted",
    "scheduled",
    "evaluated",
    "closed",
)

ALLOWED_MOVES: dict[str, tuple[str, ...]] = {
    NEW: (IN_REVIEW, CONTACTED, SCHEDULED, CLOSED),
    IN_REVIEW: (CONTACTED, SCHEDULED, CLOSED),
    CONTACTED: (IN_REVIEW, SCHEDULED, CLOSED),
    SCHEDULED: (CONTACTED, EVALUATED, CLOSED),
    EVALUATED: (CLOSED,),
    CLOSED: (IN_REVIEW,),
}

OPEN_STATUSES = (NEW, IN_REVIEW, CONTACTED, SCHEDULED)


def can_move(current: str, target: str) -> bool:
    return target in ALLOWED_MOVES.get(current, ())


def needs_reason(target: str) -> bool:
    return target == CLOSED
