"""CSV export of the staff queue, safe to open in a spreadsheet.

A cell that starts with =, +, -, @ (or a tab or carriage return) would run as a formula in
Excel or Sheets; such cells get a leading apostrophe (OWASP's CSV injection advice), unless the
cell is a plain number such as a phone number in international form (+12025550147), which a
spreadsheet can only read as a number.
"""

import csv
import re

from django.http import StreamingHttpResponse
from django.utils import timezone

from intake.domain.scoring import BAND_LABELS, phq9_band

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d[\d ]*")
HEADER = [
    "Reference",
    "First name",
    "Last name",
    "E-mail",
    "Phone",
    "Preferred contact",
    "Status",
    "Verdict",
    "Urgency",
    "PHQ-9 band",
    "Submitted",
    "Assigned to",
    "Next appointment",
]
COLUMNS = [
    "reference",
    "status",
    "verdict",
    "verdict_clarify",
    "submitted_at",
    "patient__first_name",
    "patient__last_name",
    "patient__email",
    "patient__phone",
    "patient__preferred_contact",
    "assigned_to__username",
    "urgent",
    "imminent_risk",
    "phq9_total",
]


def neutralise(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def urgency(item) -> str:
    if item.imminent_risk:
        return "Imminent risk"
    return "Urgent" if item.urgent else "Routine"


def local_time(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


class _Echo:
    def write(self, value):
        return value


def queue_csv_rows(requests):
    writer = csv.writer(_Echo())
    yield writer.writerow(HEADER)
    for item in (
        requests.select_related(None)
        .select_related("patient", "assigned_to")
        .only(*COLUMNS)
        .iterator(chunk_size=1000)
    ):
        patient = item.patient
        yield writer.writerow(
            [
                neutralise(cell)
                for cell in (
                    item.reference,
                    patient.first_name,
                    patient.last_name,
                    patient.email,
                    patient.phone,
                    patient.get_preferred_contact_display(),
                    item.get_status_display(),
                    item.verdict_text,
                    urgency(item),
                    BAND_LABELS[phq9_band(item.phq9_total)],
                    local_time(item.submitted_at),
                    item.assigned_to.get_username() if item.assigned_to_id else "",
                    local_time(getattr(item, "next_appointment", None)),
                )
            ]
        )


def queue_csv_response(requests) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        queue_csv_rows(requests), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="evaluation-requests-{stamp}.csv"'
    return response
