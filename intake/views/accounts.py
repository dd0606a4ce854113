"""Sign-in for staff and content editors: the password, then the second factor (enrolled at
the first sign-in), where each lands afterwards, and a forgotten password reset by e-mail
(Django's own views)."""

from axes.helpers import get_lockout_response
from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from intake.models import AuditEvent, StaffInvitation
from intake.security import known_browsers, roles, signin_limits, twofactor
from intake.security.audit_actions import Action
from intake.security.steady_time import answers_in_steady_time
from intake.services import audit, staff_invitations
from intake.services.outbox import queue_email

NEXT = "next"


class PerUsernameLimit:
    """Refuses an attempt for an account that must wait (intake/security/signin_limits.py) before
    the password is checked, so a guess spread over many addresses is slowed, not answered; each
    refusal is audited. A browser the account fully signed in from
    (intake/security/known_browsers.py)
    is spared, for a few wrong passwords at most. (django-axes' lockout per address still
    applies to it.)"""

    slowed_for = 0

    def clean(self):
        username = self.cleaned_data.get("username")
        known = bool(username) and known_browsers.spares_slowing(self.request, username)
        if username and not known:
            wait = signin_limits.wait_seconds(username)
            if wait:
                self.slowed_for = wait
                audit.record(
                    action=Action.SIGN_IN_SLOWED,
                    http_request=self.request,
                    outcome=AuditEvent.Outcome.DENIED,
                    detail={"username_hash": signin_limits.keyed_username(username)},
                )
                raise ValidationError(
                    "Too many failed sign-ins for this account. Please wait "
                    f"{wait} second{'s' if wait != 1 else ''} and try again.",
                    code="slowed",
                )
        try:
            data = super().clean()
        except ValidationError:
            if known:
                known_browsers.record_failure(self.request, username)
            raise
        if username:
            signin_limits.forget(username)
        return data


class StaffAuthenticationForm(PerUsernameLimit, AuthenticationForm):
    pass


class AdminSignInForm(PerUsernameLimit, AdminAuthenticationForm):
    pass


class StaffLoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True
    form_class = StaffAuthenticationForm


@login_required
def after_login(request):
    """Send each role to the page it works from."""
    return redirect(roles.landing_url_for(request.user))


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


def _next_url(request) -> str:
    wanted = request.POST.get(NEXT) or request.GET.get(NEXT) or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return roles.landing_url_for(request.user)


def _locked_out(request):
    """Too many failed passwords or codes: signed out, and the lockout page."""
    credentials = twofactor.credentials_of(request.user)
    logout(request)
    return get_lockout_response(request, None, credentials)


@sensitive_post_parameters()
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def verify_second_factor(request):
    """The second step of signing in: a code from the authenticator app or a recovery code."""
    if not twofactor.is_required_for(request.user) or request.user.is_verified():
        return redirect(_next_url(request))
    if not twofactor.is_enrolled(request.user):
        return redirect("second_factor_setup")
    if twofactor.is_locked_out(request):
        return _locked_out(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if twofactor.verify(request=request, code=form.cleaned_data["code"]).ok:
            response = redirect(_next_url(request))
            known_browsers.remember(response, request.user)
            return response
        if getattr(request, "axes_locked_out", False):
            return _locked_out(request)
        form.add_error("code", "That code did not work. Try the current one, or a recovery code.")
    return render(
        request,
        "registration/second_factor.html",
        {"form": form, "next": _next_url(request)},
        status=400 if form.errors else 200,
    )


@sensitive_post_parameters()
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def setup_second_factor(request):
    """Enrolment, only with an open invitation opened in this browser (a new member's, or a
    fresh one after a reset) for this account: scan the QR code (shown once: every visit makes
    a new secret), type a code to confirm, and keep the ten recovery codes shown. A password
    alone gets a page saying how to get an invitation."""
    if twofactor.is_enrolled(request.user):
        return redirect("second_factor")
    invitation = _invitation_in_session(request)
    if invitation is None or invitation.user_id != request.user.pk:
        return render(request, "registration/second_factor_needs_invitation.html", status=403)
    if twofactor.is_locked_out(request):
        return _locked_out(request)
    form = CodeForm(request.POST or None)
    device = twofactor.pending_enrolment(request.user) if request.method == "POST" else None
    if device is not None and form.is_valid():
        codes = twofactor.finish_enrolment(
            request=request, device=device, code=form.cleaned_data["code"], invitation=invitation
        )
        if codes is not None:
            request.session.pop(INVITATION_SESSION_KEY, None)
            response = render(
                request,
                "registration/recovery_codes.html",
                {"codes": codes, "next": _next_url(request), "username": request.user},
            )
            known_browsers.remember(response, request.user)
            return response
        if getattr(request, "axes_locked_out", False):
            return _locked_out(request)
        form.add_error("code", "That code did not match. Check the app's clock and try again.")
    if device is None:
        device = twofactor.start_enrolment(request.user)
    return render(
        request,
        "registration/second_factor_setup.html",
        {
            "form": form,
            "qr_code": twofactor.qr_code_svg(device),
            "secret": twofactor.secret_text(device),
            "next": _next_url(request),
            "joining": invitation.purpose == StaffInvitation.Purpose.JOIN,
        },
        status=400 if form.errors else 200,
    )


# --- Invitations (intake/services/staff_invitations.py) --------------------------------------

INVITATION_SESSION_KEY = "staff_invitation"
INVITATION_TOKEN_LENGTH = 43  # secrets.token_urlsafe(32)


def _invitation_in_session(request):
    return staff_invitations.still_open(request.session.get(INVITATION_SESSION_KEY))


def invitation_not_working(request):
    """Unknown, spent, replaced and expired links alike."""
    return render(
        request,
        "registration/invitation_not_working.html",
        {"invitation_hours": settings.STAFF_INVITATION_HOURS},
        status=404,
    )


@require_http_methods(["GET", "HEAD"])
def invitation_link(request, token):
    """The e-mailed link: its token moves into the session at once and the browser goes on to
    an address without it, so it stays out of the address bar, Referer headers and logs."""
    found = (
        staff_invitations.open_invitation(token) if len(token) == INVITATION_TOKEN_LENGTH else None
    )
    if found is None:
        return invitation_not_working(request)
    if request.method == "GET":  # a link preview's HEAD carries nothing away
        if request.user.is_authenticated and request.user.pk != found.user_id:
            logout(request)  # a shared computer: the invitation is someone else's
        request.session[INVITATION_SESSION_KEY] = found.pk
    return redirect("invitation")


@sensitive_post_parameters()
@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request):
    """A new member chooses their password, then sets up the second factor. After a reset the
    member signs in with their password first (the link alone is not enough to take over an
    account someone already uses)."""
    found = _invitation_in_session(request)
    if found is None:
        return invitation_not_working(request)
    user = found.user
    if found.purpose == StaffInvitation.Purpose.NEW_SECOND_FACTOR:
        if request.user.is_authenticated and request.user.pk == user.pk:
            return redirect("second_factor_setup")
        return render(request, "registration/invitation_sign_in.html", {"member": user})
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        staff_invitations.choose_password(invitation=found, form=form, http_request=request)
        # Signed in with the new password; the session keeps the invitation for enrolment.
        login(request, user, backend="intake.security.auth_backends.CachedPermissionsBackend")
        return redirect("second_factor_setup")
    return render(
        request,
        "registration/invitation_password.html",
        {"form": form, "member": user},
        status=400 if form.errors else 200,
    )


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's form, with the e-mail queued in the outbox rather than sent during the request:
    sending only when the address is an account's would make that answer slower."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        queue_email(
            to=to_email,
            kind="staff.password_reset",
            subject=subject,
            template=email_template_name,
            context=context,
            send_now=False,
        )


@method_decorator(answers_in_steady_time, name="dispatch")
class StaffPasswordResetView(auth_views.PasswordResetView):
    """Django's reset: the same answer, in the same time, whether or not an account has that
    address, so the page tells nobody who works here. The link is built from SITE_URL, never
    from the Host header a request brings."""

    form_class = QueuedPasswordResetForm
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
