"""Invite a staff member from the command line: the first administrator (made with
`createsuperuser`, who has no second factor yet and so cannot reach the admin) or anyone the
admin cannot reach. E-mails the link, or prints it with --print-link (for someone with shell
access on the server, which is already full control)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from intake.security import twofactor
from intake.services import staff_invitations


class Command(BaseCommand):
    help = (
        "Send USERNAME an invitation link to choose a password (if none) and set up the "
        "second factor."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--print-link",
            action="store_true",
            help="print the link here instead of e-mailing it",
        )

    def handle(self, *args, username, print_link=False, **options):
        user = get_user_model()._default_manager.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if twofactor.is_enrolled(user):
            raise CommandError(
                f"{username} has a second factor already: reset it in the admin to replace it."
            )
        purpose = (
            staff_invitations.Purpose.NEW_SECOND_FACTOR
            if user.has_usable_password()
            else staff_invitations.Purpose.JOIN
        )
        try:
            link = staff_invitations.invite(
                user=user, actor=None, purpose=purpose, send_email=not print_link
            )
        except staff_invitations.CannotInvite as error:
            raise CommandError(f"{error} Add one, or use --print-link.") from error
        if print_link:
            self.stdout.write(link)
        else:
            self.stdout.write(f"Invitation e-mailed to {user.email}.")
