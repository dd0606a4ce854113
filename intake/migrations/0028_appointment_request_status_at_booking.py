"""Each appointment keeps the request's status from before its booking, where a cancellation or a
no-show returns the request (it used to go to "contacted", though nobody had contacted anyone).

Appointments still active are given the status their request's timeline shows before the
booking: the last status change written before the appointment was made, or "new" when there
was none. Past appointments are left blank; nothing reads it once they are over.
"""

from django.db import migrations, models

BOOKABLE = ("new", "in_review", "contacted")


def status_before_each_active_booking(apps, schema_editor):
    Appointment = apps.get_model("intake", "Appointment")
    TimelineEntry = apps.get_model("intake", "TimelineEntry")
    for appointment in Appointment.objects.filter(status__in=["booked", "confirmed"]).iterator():
        change = (
            TimelineEntry.objects.filter(
                request_id=appointment.request_id, kind="status", at__lte=appointment.created_at
            )
            .order_by("-at", "-pk")
            .values_list("detail", flat=True)
            .first()
        )
        status = (change or {}).get("to", "new")
        appointment.request_status_at_booking = status if status in BOOKABLE else "in_review"
        appointment.save(update_fields=["request_status_at_booking"])


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0027_spanish_clinic_details_and_drug_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="appointment",
            name="request_status_at_booking",
            field=models.CharField(blank=True, editable=False, max_length=20),
        ),
        migrations.RunPython(status_before_each_active_booking, migrations.RunPython.noop),
    ]
