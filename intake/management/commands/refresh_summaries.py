"""Recompute every stored verdict, after ADEQUATE_TRIAL_WEEKS or the rules change."""

from django.core.management.base import BaseCommand

from intake.services import summaries


class Command(BaseCommand):
    help = "Recompute the stored summary verdict of every evaluation request."

    def handle(self, *args, **options):
        changed = summaries.refresh_summaries()
        self.stdout.write(f"{changed} verdicts changed.")
