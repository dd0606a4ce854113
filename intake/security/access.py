"""Access helpers: one per object type and audience, returning the object or raising 404.

Across ownership lines the answer is always 404, never 403, so a record's existence never leaks.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from intake.models import EvaluationRequest
from intake.security import roles, twofactor

REFERENCE_LENGTH = 7


def staff_permission_required(permission: str):
    """Every staff view and export: anonymous visitors go to the login page; a session that has
    not passed the second factor its account needs (intake.security.twofactor.second_factor_passed,
    the one rule the admin and the middleware use too) goes to it; then a user without `permission`
    gets 403."""

    def decorate(view):
        return login_required(
            second_factor_required(permission_required(permission, raise_exception=True)(view))
        )

    return decorate


staff_member_required = staff_permission_required(roles.STAFF_PERMISSION)


def can_view_reports(user) -> bool:
    """Administrators and the clinic lead (the reports' permission); coordinators too when
    REPORTS_FOR_COORDINATORS is on. Never content editors: they hold no request permission."""
    if user.has_perm(roles.REPORTS_PERMISSION):
        return True
    return (
        settings.REPORTS_FOR_COORDINATORS
        and user.is_active
        and user.groups.filter(name=roles.COORDINATORS).exists()
    )


def reports_access_required(view):
    """The clinic reports and their downloads: signed in, past the second factor, then
    `can_view_reports`, else 403."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if not can_view_reports(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(second_factor_required(checked))


def second_factor_required(view):
    @wraps(view)
    def checked(request, *args, **kwargs):
        if not twofactor.second_factor_passed(request.user):
            return send_to_second_factor(request)
        return view(request, *args, **kwargs)

    return checked


def send_to_second_factor(request):
    """To the code page (or, with no second factor yet, the page that explains how to set one
    up), coming back afterwards to the page asked for when it was a GET."""
    wanted = request.get_full_path() if request.method in ("GET", "HEAD") else ""
    if wanted.startswith("/admin/login/"):
        wanted = request.GET.get("next", "/admin/")
    url = reverse(twofactor.next_step(request.user))
    return redirect(f"{url}?{urlencode({'next': wanted})}" if wanted else url)


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
