from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = "Clinic intake"

    def ready(self):
        # Sign-in and sign-out audit events (intake/signals.py); deploy checks of our own
        # (intake/checks.py: a shared cache for rate limits); cached permissions forgotten when
        # roles change (intake/auth_backends.py).
        from intake import auth_backends, checks, signals  # noqa: F401
