"""CSV export of the staff queue, safe to open in a spreadsheet.

A cell that starts with =, +, -, @ (or a tab or carriage return) would run as a formula in
Excel or Sheets; such cells get a leading apostrophe (OWASP's CSV injection advice).
"""

import csv

from django.http import StreamingHttpResponse
from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER = [
    "Reference",
    "First name",
    "Last name",
    "E-mail",
    "Phone",
    "Preferred contact",
    "Status",
    "Verdict",
    "Submitted",
    "Assigned to",
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
]


def neutralise(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


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
                    timezone.localtime(item.submitted_at).strftime("%Y-%m-%d %H:%M"),
                    item.assigned_to.get_username() if item.assigned_to_id else "",
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
