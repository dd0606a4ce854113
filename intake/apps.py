from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = "Clinic intake"

    def ready(self):
        # Sign-in and sign-out audit events (intake/signals.py); deploy checks of our own
        # (intake/checks.py: a shared cache for rate limits); cached permissions forgotten when
        # roles change (intake/security/auth_backends.py).
        from intake import checks, signals  # noqa: F401
        from intake.security import auth_backends  # noqa: F401


class ClinicAdminConfig(admin_apps.AdminConfig):
    """Django's admin with our site class (intake/security/admin_site.py): its pages need the second
    factor as every staff page does."""

    default = False  # named in INSTALLED_APPS; IntakeConfig stays this module's default
    default_site = "intake.security.admin_site.ClinicAdminSite"
