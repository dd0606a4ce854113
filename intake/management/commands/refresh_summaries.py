"""Recompute every stored verdict, after ADEQUATE_TRIAL_WEEKS or the rules change."""

from django.core.management.base import BaseCommand

from intake import services


class Command(BaseCommand):
    help = "Recompute the stored summary verdict of every evaluation request."

    def handle(self, *args, **options):
        changed = services.refresh_summaries()
        self.stdout.write(f"{changed} verdicts changed.")
