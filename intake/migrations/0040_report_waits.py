"""The reports' stored milestones and business-hours waits (issue 32), filled for the requests
that exist, in batches of 2,000 by id, with the rule services/report_waits.py applies to new
events (domain/report_figures.request_waits) and the business hours the settings give now.
After a change of BUSINESS_HOURS_OPEN, _CLOSE or BUSINESS_DAYS, `manage.py
recompute_report_waits` counts them again; this migration never needs to run twice.
"""

from datetime import time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations, models, transaction
from django.db.models import OuterRef, Q, Subquery

from intake.domain import report_figures as rf

BATCH = 2000
UPDATE = (
    "UPDATE intake_evaluationrequest SET first_contact_at = %s, booked_at = %s, "
    "evaluated_at = %s, contact_wait_hours = %s, evaluation_wait_hours = %s WHERE id = %s"
)


def fill_waits(apps, schema_editor):
    """What services/report_waits.recompute_waits does, with the historical models."""
    request_model = apps.get_model("intake", "EvaluationRequest")
    timeline = apps.get_model("intake", "TimelineEntry")
    appointment = apps.get_model("intake", "Appointment")
    hours = rf.BusinessHours(
        zone=ZoneInfo(settings.CLINIC_TIME_ZONE),
        opens=time(settings.BUSINESS_HOURS_OPEN),
        closes=time(settings.BUSINESS_HOURS_CLOSE),
        weekdays=frozenset(settings.BUSINESS_DAYS),
    )
    contacts = timeline.objects.filter(request=OuterRef("pk")).filter(
        Q(kind="contact") | Q(kind="status", detail__to="contacted")
    )
    appointments = appointment.objects.filter(request=OuterRef("pk"))
    requests = request_model.objects.annotate(
        contacted=Subquery(contacts.order_by("at").values("at")[:1]),
        booked=Subquery(appointments.order_by("created_at").values("created_at")[:1]),
        evaluated=Subquery(
            appointments.filter(status="completed").order_by("starts_at").values("starts_at")[:1]
        ),
    ).order_by("pk")
    connection = schema_editor.connection
    ops = connection.ops
    last = 0
    while True:
        rows = list(
            requests.filter(pk__gt=last).values(
                "pk", "submitted_at", "contacted", "booked", "evaluated"
            )[:BATCH]
        )
        if not rows:
            return
        last = rows[-1]["pk"]
        changed = []
        for row in rows:
            found = rf.request_waits(
                submitted_at=row["submitted_at"],
                contacted_at=row["contacted"],
                booked_at=row["booked"],
                evaluated_at=row["evaluated"],
                hours=hours,
            )
            if found.first_contact_at is None:
                continue  # nothing to store (an evaluation has a booking, so a contact)
            changed.append(
                [
                    *(
                        ops.adapt_datetimefield_value(moment)
                        for moment in (found.first_contact_at, found.booked_at, found.evaluated_at)
                    ),
                    found.contact_hours,
                    found.evaluation_hours,
                    row["pk"],
                ]
            )
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            # One UPDATE a row, pipelined: bulk_update's CASE over 500 ids costs the database a
            # comparison per id for every row it writes.
            cursor.executemany(UPDATE, changed)


class Migration(migrations.Migration):
    # Each batch commits on its own (PostgreSQL), so a million rows never sit in one transaction.
    atomic = False

    dependencies = [
        ("intake", "0039_document_resend"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="evaluationrequest",
            name="booked_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="evaluationrequest",
            name="contact_wait_hours",
            field=models.FloatField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="evaluationrequest",
            name="evaluated_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="evaluationrequest",
            name="evaluation_wait_hours",
            field=models.FloatField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="evaluationrequest",
            name="first_contact_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill_waits, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="evaluationrequest",
            index=models.Index(
                fields=[
                    "submitted_at",
                    "urgent",
                    "booked_at",
                    "contact_wait_hours",
                    "evaluation_wait_hours",
                ],
                name="request_report_waits_idx",
            ),
        ),
    ]
