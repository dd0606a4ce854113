"""Top-level URLs: the public site, staff pages, accounts, admin and the health check."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from intake.security.ratelimits import limited_by_ip
from intake.views import accounts as account_views
from intake.views import ops

admin.site.site_header = "Clinic Intake administration"
admin.site.site_title = "Clinic Intake admin"
# The admin's sign-in has the per-account limit too (its second factor: intake.web.middleware).
admin.site.login_form = account_views.AdminSignInForm

urlpatterns = [
    path("", include("intake.urls")),
    # The English | Español switch on every patient page posts here (Django's language cookie).
    path("language/", set_language, name="set_language"),
    path("accounts/login/", account_views.StaffLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/home/", account_views.after_login, name="after_login"),
    path("accounts/second-factor/", account_views.verify_second_factor, name="second_factor"),
    path(
        "accounts/second-factor/setup/",
        account_views.setup_second_factor,
        name="second_factor_setup",
    ),
    # A staff invitation's e-mailed link, then the page it leads to (intake/views/accounts.py).
    path(
        "accounts/invitation/<str:token>/",
        limited_by_ip("RATELIMIT_TOKEN")(account_views.invitation_link),
        name="invitation_link",
    ),
    path("accounts/invitation/", account_views.invitation, name="invitation"),
    # A forgotten password, by e-mail: requests limited per address (RATELIMIT_PASSWORD_RESET).
    path(
        "accounts/password-reset/",
        limited_by_ip("RATELIMIT_PASSWORD_RESET", method="POST")(
            account_views.StaffPasswordResetView.as_view()
        ),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="registration/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        account_views.StaffPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    path("healthz", ops.healthz, name="healthz"),
]
