"""Load demo data: one user per role (and, as features land, content and requests).

Idempotent: running it twice leaves the same data. Demo passwords are set and printed only
when DEBUG is on; otherwise the demo users get unusable passwords. With DEBUG on, each demo user
is also enrolled with a second factor: an authenticator secret derived from the username, and
the recovery codes demo01 ... demo10 (each works once; running the command again restores them).
"""

import hashlib
import random
from base64 import b32encode
from datetime import time, timedelta

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from intake.management import demo_requests
from intake.models import (
    Appointment,
    AvailabilityWindow,
    Clinician,
    EvaluationRequest,
    IntakeDraft,
    Patient,
)
from intake.security import roles, twofactor
from intake.services import scheduling
from intake.services.submission import submit_intake

DEMO_USERS = [
    # username, first name, last name, group (None = administrator)
    ("coordinator", "Casey", "Coordinator", roles.COORDINATORS),
    ("clinician", "Morgan", "Lee", roles.CLINICIANS),
    ("dr.patel", "Anika", "Patel", roles.CLINICIANS),
    ("dr.okafor", "Chidi", "Okafor", roles.CLINICIANS),
    ("editor", "Eden", "Editor", roles.CONTENT_EDITORS),
    ("lead", "Lee", "Lead", roles.CLINIC_LEADS),
    ("admin", "Avery", "Admin", None),
]

# username, weekdays (0 = Monday), local start and end hour, in person, telehealth
DEMO_AVAILABILITY = [
    ("clinician", (0, 1, 2, 3), 9, 16, True, True),
    ("dr.patel", (1, 3, 4), 12, 19, True, False),
    ("dr.okafor", (0, 2, 4, 5), 8, 13, False, True),
]


def demo_password(username: str) -> str:
    return f"demo-{username}-pass"


DEMO_RECOVERY_CODES = [f"demo{n:02d}" for n in range(1, twofactor.RECOVERY_CODE_COUNT + 1)]


def demo_totp_key(username: str) -> str:
    """A fixed 20-byte secret per demo user (hex, as django-otp stores it): DEBUG only."""
    # Predictable on purpose (seed_demo prints it with each login): SHA-1 only sizes it.
    seed = f"clinic-intake-demo-totp:{username}".encode()
    return hashlib.sha1(seed, usedforsecurity=False).hexdigest()


def demo_totp_secret(username: str) -> str:
    """The same secret in base32, as an authenticator app takes it when typed."""
    return b32encode(bytes.fromhex(demo_totp_key(username))).decode()


def enrol_demo_second_factor(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    TOTPDevice.objects.create(
        user=user, name=twofactor.APP_DEVICE_NAME, key=demo_totp_key(user.username)
    )
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=twofactor.RECOVERY_DEVICE_NAME)
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=code) for code in DEMO_RECOVERY_CODES]
    )


class Command(BaseCommand):
    help = "Load demo data (idempotent). Prints the demo logins when DEBUG is on."

    def handle(self, *args, **options):
        # Demo confirmation e-mails are not sent anywhere; they are queued and marked sent.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
            transaction.atomic(),
        ):
            for username, first, last, group_name in DEMO_USERS:
                self.ensure_user(username, first, last, group_name)
            self.ensure_clinicians()
            created = self.ensure_requests()
        self.stdout.write(
            self.style.SUCCESS(f"Demo data loaded ({created} new evaluation requests).")
        )
        if settings.DEBUG:
            self.stdout.write("Demo logins (DEBUG only) at /accounts/login/:")
            for username, *_ in DEMO_USERS:
                self.stdout.write(
                    f"  {username:<12} {demo_password(username):<24} "
                    f"authenticator secret {demo_totp_secret(username)}"
                )
            self.stdout.write(
                "  Second step: a code from an authenticator app given that secret, or a "
                f"recovery code {DEMO_RECOVERY_CODES[0]} ... {DEMO_RECOVERY_CODES[-1]} "
                "(each once per user; run the command again to restore them)."
            )

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
        # Clinicians sign in to the admin too: they record the clinical reviews of the content.
        user.is_staff = group_name in (None, roles.CONTENT_EDITORS, roles.CLINICIANS)
        if settings.DEBUG:
            user.set_password(demo_password(username))
        else:
            user.set_unusable_password()
        user.save()
        if settings.DEBUG:
            enrol_demo_second_factor(user)
        if group_name:
            user.groups.set([Group.objects.get(name=group_name)])
        return user

    def ensure_clinicians(self) -> None:
        """Three clinicians with weekly availability (in the clinic's local time)."""
        for username, days, start, end, in_person, telehealth in DEMO_AVAILABILITY:
            user = User.objects.get(username=username)
            clinician, created = Clinician.objects.get_or_create(
                user=user,
                defaults={
                    "display_name": f"Dr. {user.first_name} {user.last_name}",
                    "credentials": "MD, psychiatrist (demo)",
                },
            )
            if created:
                AvailabilityWindow.objects.bulk_create(
                    AvailabilityWindow(
                        clinician=clinician,
                        weekday=day,
                        start=time(start),
                        end=time(end),
                        in_person=in_person,
                        telehealth=telehealth,
                    )
                    for day in days
                )

    def ensure_requests(self) -> int:
        """The demo requests, once: skipped when the demo patients already exist."""
        if Patient.objects.filter(email__endswith="@demo.example").exists():
            return 0
        rng = random.Random(2026)  # noqa: S311 - repeatable demo answers, never a secret
        for index, (profile, status) in enumerate(demo_requests.PLAN):
            answers = demo_requests.answers_for(profile, index, rng)
            submission = submit_intake(
                draft=IntakeDraft.objects.create(),
                answers=answers,
                signature=f"{answers.about['first_name']} {answers.about['last_name']}",
                # A demo patient who chose texts agreed to them (the console prints each one).
                texts_consented=answers.about["preferred_contact"] == "text",
                now=demo_requests.submitted_at(index),
            )
            # A scheduled request is one booked after a contact: the booking schedules it, and
            # a cancellation returns it to "contacted".
            before_booking = "contacted" if status == "scheduled" else status
            EvaluationRequest.objects.filter(pk=submission.request.pk).update(status=before_booking)
            if status == "scheduled":
                self.book_next_free_slot(submission.request)
        self.add_past_appointments()
        return len(demo_requests.PLAN)

    def add_past_appointments(self) -> None:
        """Two of the clinician's evaluations that have already started (an hour and a day
        ago), so the demo can record an outcome without changing the clock."""
        clinician = Clinician.objects.get(user__username="clinician")
        waiting = EvaluationRequest.objects.filter(
            status__in=["in_review", "contacted"], patient__email__endswith="@demo.example"
        ).order_by("submitted_at")[:2]
        now = timezone.now().replace(minute=0, second=0, microsecond=0)
        for hours_ago, evaluation_request in zip((1, 25), waiting, strict=False):
            self.book_next_free_slot(evaluation_request, clinician=clinician)
            started = now - timedelta(hours=hours_ago)
            Appointment.objects.filter(request=evaluation_request).update(
                starts_at=started, ends_at=started + scheduling.evaluation_length()
            )

    def book_next_free_slot(self, evaluation_request, clinician=None) -> None:
        today = timezone.localdate()
        free = scheduling.free_slots(
            first_day=today + timedelta(days=1),
            last_day=today + timedelta(days=14),
            clinician=clinician,
        )
        taken = set(Appointment.objects.active().values_list("clinician_id", "starts_at"))
        for item in free:
            if (item.clinician.pk, item.slot.starts_at) not in taken:
                mode = item.slot.modes[0]
                scheduling.book_evaluation(
                    evaluation_request=evaluation_request,
                    clinician=item.clinician,
                    starts_at=item.slot.starts_at,
                    mode=mode,
                    actor=None,
                )
                return
