"""Sign-in for staff and content editors, and where each lands afterwards."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from intake import roles


class StaffLoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


@login_required
def after_login(request):
    """Send each role to the page it works from."""
    return redirect(roles.landing_url_for(request.user))
