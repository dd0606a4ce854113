from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = "Clinic intake"

    def ready(self):
        # Sign-in and sign-out audit events (intake/signals.py); deploy checks of our own
        # (intake/checks.py: a shared cache for rate limits); cached permissions forgotten when
        # roles change (intake/auth_backends.py).
        from intake import auth_backends, checks, signals  # noqa: F401


class ClinicAdminConfig(admin_apps.AdminConfig):
    """Django's admin with our site class (intake/admin_site.py): its pages need the second
    factor as every staff page does."""

    default = False  # named in INSTALLED_APPS; IntakeConfig stays this module's default
    default_site = "intake.admin_site.ClinicAdminSite"
