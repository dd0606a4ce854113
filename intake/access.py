"""Access helpers: one per object type and audience, returning the object or raising 404.

Across ownership lines the answer is always 404, never 403, so a record's existence never leaks.
"""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404

from intake import roles
from intake.models import EvaluationRequest

REFERENCE_LENGTH = 7


def staff_member_required(view):
    """Anonymous visitors go to the login page; signed-in users without the permission get 403."""
    return login_required(permission_required(roles.STAFF_PERMISSION, raise_exception=True)(view))


def get_request_for_staff(request, reference: str, *, queryset=None) -> EvaluationRequest:
    """A request with all its answers (or what `queryset` fetches), for a signed-in coordinator
    or clinician (the view's decorator has checked the permission)."""
    if len(reference) != REFERENCE_LENGTH:
        raise Http404
    if queryset is None:
        queryset = EvaluationRequest.objects.with_answers()
    found = queryset.filter(reference=reference.upper()).first()
    if found is None:
        raise Http404
    return found
