"""The staff queue's rows: each row's texts, worked out once from the page's values
(`EvaluationRequest.objects.for_queue_page`), and its HTML, escaped here as the template would.
Printing ten cells a row through the template engine was most of the queue's time
(docs/performance.md)."""

import html

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from intake.domain import followup as followup_rules
from intake.domain import scoring, timetext
from intake.domain.guidance import verdict_label
from intake.domain.questions import LANGUAGES
from intake.models import EvaluationRequest
from intake.models.requests import age_on


def queue_rows(requests) -> list[dict]:
    """Each row's text, worked out here once from the page's values (`for_queue_page`), and its
    HTML: formatting 25 rows in the template (a URL reversed, three dates and a timesince per
    row) was half of the page's time, and printing ten cells a row through the template engine
    most of the rest (docs/performance.md)."""
    now = timezone.now()
    today = timezone.localdate(now)
    placeholder = "REF-REF"
    url = reverse("intake:staff_request", args=[placeholder])
    status_labels = dict(EvaluationRequest.Status.choices)
    action_labels = {
        value: label.lower() for value, label in EvaluationRequest.PatientAction.choices
    }
    languages = {code: str(label) for code, label in LANGUAGES}
    rows = []
    for item in requests:
        submitted = timezone.localtime(item["submitted_at"])
        imminent, urgent, phq9 = item["imminent_risk"], item["urgent"], item["phq9_total"]
        verdict = item["verdict"]
        next_appointment = item["next_appointment"]
        row = {
            "reference": item["reference"],
            # Imminent risk first, in red; urgent in amber (the queue's order says the same).
            "risk": "Imminent risk" if imminent else "Urgent" if urgent else "",
            "row_class": "table-danger" if imminent else "table-warning" if urgent else "",
            "url": url.replace(placeholder, item["reference"]),
            "name": f"{item['patient__first_name']} {item['patient__last_name']}",
            "age": age_on(item["patient__date_of_birth"], today),
            "language": languages.get(item["patient__preferred_language"], ""),
            "submitted_iso": submitted.isoformat(),
            "submitted_title": timetext.moment(submitted),
            "waited": timetext.duration(now - item["submitted_at"]),
            "status": status_labels.get(item["status"], item["status"]),
            "patient_action": action_labels.get(item["patient_action"], ""),
            "verdict": verdict_label(verdict, item["verdict_clarify"], imminent)
            if verdict
            else "Not computed",
            "phq9": f"{phq9} ({scoring.BAND_LABELS[scoring.phq9_band(phq9)].lower()})",
            "followup": _followup_text(item, phq9),
            "risk_ack": _risk_ack(item, now),
            "assignee": _assignee_name(item),
            "next_appointment": timetext.appointment_time(timezone.localtime(next_appointment))
            if next_appointment
            else "",
        }
        row["html"] = queue_row_html(row)
        rows.append(row)
    return rows


def _followup_text(item: dict, baseline: int) -> str:
    """'Follow-up 6: -8 (-57%), response': the latest follow-up PHQ-9 against the intake's."""
    latest = item.get("followup_phq9")
    text = ""
    if latest is not None:
        outcome = followup_rules.OUTCOME_LABELS[followup_rules.Outcome(item["followup_outcome"])]
        change = followup_rules.change_since_baseline(baseline, latest)
        text = f"Follow-up {latest}: {change}, {outcome.lower()}"
    if item.get("followup_overdue"):
        text = f"{text}; follow-up overdue" if text else "Follow-up overdue"
    return text


def _risk_ack(item: dict, now) -> str:
    due = item.get("risk_ack_due_by")
    if due is None:
        return ""
    return "Risk answer: acknowledgement overdue" if due <= now else "Risk answer to acknowledge"


def _assignee_name(item: dict) -> str:
    if item["assigned_to__username"] is None:
        return ""
    full = f"{item['assigned_to__first_name']} {item['assigned_to__last_name']}".strip()
    return full or item["assigned_to__username"]  # as User.get_full_name() or the username


_ROW = (
    '<tr class="{row_class}">\n'
    '    <th scope="row"><a href="{url}">{reference}</a>{risk}{risk_ack}</th>\n'
    '    <td data-label="Name">{name}</td>\n'
    '    <td data-label="Age">{age}</td>\n'
    '    <td data-label="Language">{language}</td>\n'
    '    <td data-label="Submitted"><time datetime="{submitted_iso}" title="{submitted_title}">'
    "{waited} ago</time></td>\n"
    '    <td data-label="Status">{status}{patient_action}</td>\n'
    '    <td data-label="Verdict">{verdict}</td>\n'
    '    <td data-label="PHQ-9">{phq9}{followup}</td>\n'
    '    <td data-label="Assigned to">{assignee}</td>\n'
    '    <td data-label="Next appointment">{next_appointment}</td>\n'
    "  </tr>"
)
_NOBODY = '<span class="text-body-secondary">Nobody</span>'
_NONE = '<span class="text-body-secondary">None</span>'


def queue_row_html(row: dict) -> SafeString:
    """One row of the queue's table. Every text is escaped here, as the template would: the
    names are the patient's own typing."""
    e = html.escape
    return mark_safe(  # noqa: S308 - every text below goes through e()
        _ROW.format(
            row_class=e(row["row_class"]),
            url=e(row["url"]),
            reference=e(row["reference"]),
            risk=f' <span class="badge level-urgent">{e(row["risk"])}</span>'
            if row["risk"]
            else "",
            name=e(row["name"]),
            age=row["age"],
            language=e(row["language"]),
            submitted_iso=e(row["submitted_iso"]),
            submitted_title=e(row["submitted_title"]),
            waited=e(row["waited"]),
            status=e(row["status"]),
            patient_action=(
                f'<br><span class="badge level-consider">Patient {e(row["patient_action"])}</span>'
                if row["patient_action"]
                else ""
            ),
            verdict=e(row["verdict"]),
            phq9=e(row["phq9"]),
            followup=f'<br><span class="small followup-change">{e(row["followup"])}</span>'
            if row["followup"]
            else "",
            risk_ack=f' <span class="badge text-bg-danger risk-ack">{e(row["risk_ack"])}</span>'
            if row["risk_ack"]
            else "",
            assignee=e(row["assignee"]) if row["assignee"] else _NOBODY,
            next_appointment=e(row["next_appointment"]) if row["next_appointment"] else _NONE,
        )
    )
