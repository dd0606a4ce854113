"""Load demo data: one user per role (and, as features land, content and requests).

Idempotent: running it twice leaves the same data. Demo passwords are set and printed only
when DEBUG is on; otherwise the demo users get unusable passwords.
"""

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.db import transaction

from intake import roles

DEMO_USERS = [
    # username, first name, last name, group (None = administrator)
    ("coordinator", "Casey", "Coordinator", roles.COORDINATORS),
    ("clinician", "Dr. Morgan", "Lee", roles.CLINICIANS),
    ("editor", "Eden", "Editor", roles.CONTENT_EDITORS),
    ("admin", "Avery", "Admin", None),
]


def demo_password(username: str) -> str:
    return f"demo-{username}-pass"


class Command(BaseCommand):
    help = "Load demo data (idempotent). Prints the demo logins when DEBUG is on."

    @transaction.atomic
    def handle(self, *args, **options):
        for username, first, last, group_name in DEMO_USERS:
            self.ensure_user(username, first, last, group_name)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        if settings.DEBUG:
            self.stdout.write("Demo logins (DEBUG only) at /accounts/login/:")
            for username, *_ in DEMO_USERS:
                self.stdout.write(f"  {username:<12} {demo_password(username)}")

    def ensure_user(self, username, first, last, group_name) -> User:
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@clinic.example",
            },
        )
        user.is_superuser = group_name is None
        user.is_staff = group_name in (None, roles.CONTENT_EDITORS)
        if settings.DEBUG:
            user.set_password(demo_password(username))
        else:
            user.set_unusable_password()
        user.save()
        if group_name:
            user.groups.set([Group.objects.get(name=group_name)])
        return user
