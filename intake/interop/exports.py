"""CSV export of the staff queue, safe to open in a spreadsheet.

A cell that starts with =, +, -, @ (or a tab or carriage return) would run as a formula in
Excel or Sheets; such cells get a leading apostrophe (OWASP's CSV injection advice), unless the
cell is a plain number such as a phone number in international form (+12025550147), which a
spreadsheet can only read as a number.

The file starts with a UTF-8 byte-order mark: without it Excel on Windows reads the file in the
computer's legacy code page and shows "HernÃ¡ndez" for "Hernández". Each phone number is given
twice: as the clinic's staff dial it (the national format for numbers of the clinic's region,
PHONENUMBER_DEFAULT_REGION, the international one for others) and in E.164, for other systems.
"""

import csv
import re

import phonenumbers
from django.conf import settings
from django.http import StreamingHttpResponse
from django.utils import timezone

from intake.domain.questions import LANGUAGES
from intake.domain.scoring import BAND_LABELS, phq9_band

BYTE_ORDER_MARK = "\ufeff"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d[\d ]*")
HEADER = [
    "Reference",
    "First name",
    "Last name",
    "E-mail",
    "Phone",
    "Phone (E.164)",
    "Preferred contact",
    "Language",
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
    "patient__preferred_language",
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


def dialled_here(phone) -> str:
    """'(202) 555-0123' for a number of the clinic's region, '+44 20 7946 0958' for another."""
    if not phone:
        return ""
    region = phonenumbers.region_code_for_number(phone)
    if region == settings.PHONENUMBER_DEFAULT_REGION:
        return phone.as_national
    return phone.as_international


def local_time(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


class _Echo:
    def write(self, value):
        return value


def queue_csv_rows(requests):
    writer = csv.writer(_Echo())
    languages = {code: str(label) for code, label in LANGUAGES}
    yield BYTE_ORDER_MARK + writer.writerow(HEADER)
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
                    dialled_here(patient.phone),
                    patient.phone,
                    patient.get_preferred_contact_display(),
                    languages.get(patient.preferred_language, patient.preferred_language),
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
