"""Sign-in for staff and content editors, where each lands afterwards, and a forgotten
password reset by e-mail (Django's own views)."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse_lazy

from intake import roles


class StaffLoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


@login_required
def after_login(request):
    """Send each role to the page it works from."""
    return redirect(roles.landing_url_for(request.user))


class StaffPasswordResetView(auth_views.PasswordResetView):
    """Django's reset: the same answer whether or not an account has that address, so the
    page tells nobody who works here. The link is built from SITE_URL, never from the Host
    header a request brings."""

    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def get_extra_email_context(self):
        return {"site_url": settings.SITE_URL}

    def form_valid(self, form):
        self.extra_email_context = self.get_extra_email_context()
        return super().form_valid(form)


class StaffPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")
