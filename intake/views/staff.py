"""Staff pages: the queue of evaluation requests (coordinators and clinicians only)."""

from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from intake import roles


def staff_member_required(view):
    """Anonymous visitors go to the login page; signed-in non-staff get 403."""

    def check(user):
        if not roles.is_staff_member(user):
            raise PermissionDenied
        return True

    return login_required(user_passes_test(check)(view))


@staff_member_required
def queue(request):
    return render(request, "intake/staff/queue.html")
