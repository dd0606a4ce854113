"""Measure the clinic reports' first view of a range (nothing cached) on the database at hand:
the figures of the range and the period before, then the tables and charts, with the CPU time
each costs the app and the PostgreSQL backend (docs/performance.md, the reports' runs)."""

import statistics
import time
from datetime import date

from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import connection

from intake.bench import cpu
from intake.domain import report_figures as rf
from intake.models import EvaluationRequest
from intake.pages import report_tables, reports


class Command(BaseCommand):
    help = "Time the clinic reports' cold computation for the last 90 days and 12 months."

    def add_arguments(self, parser):
        parser.add_argument("--repeats", type=int, default=5, help="Cold runs per range.")
        parser.add_argument("--today", type=date.fromisoformat, default=None)

    def handle(self, *args, repeats, today, **options):
        today = today or date.today()  # noqa: DTZ011 - the benchmark's day, as the seed's
        backends = []
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                backends = [cursor.fetchone()[0]]
        for choice in (rf.LAST_90_DAYS, rf.LAST_YEAR):
            period = rf.period_for(choice, today)
            start, end = period.bounds(reports.clinic_zone())
            in_range = EvaluationRequest.objects.filter(
                submitted_at__gte=start, submitted_at__lt=end
            ).count()
            app, database, drawing = [], [], []
            for _ in range(repeats):
                cache.delete(f"reports:{reports.CACHE_VERSION}:{period.first}:{period.last}")
                before = cpu.cpu_seconds(backends)
                started = time.process_time()
                report = reports.report_for(period)
                figured = time.process_time()
                after = cpu.cpu_seconds(backends)
                report_tables.tables_for(report)
                drawing.append(1000 * (time.process_time() - figured))
                app.append(1000 * (figured - started))
                database.append(1000 * cpu.used_between(before, after, backends))
            self.stdout.write(
                f"{choice}: {in_range} requests in range; cold figures (both periods): app CPU "
                f"{statistics.median(app):.0f} ms, DB CPU {statistics.median(database):.0f} ms; "
                f"tables and charts: app CPU {statistics.median(drawing):.0f} ms "
                f"(median of {repeats})"
            )
