"""The request page's follow-up section: the PHQ-9 and GAD-7 trend (two charts and the table
beside them), the schedule and its measures, and the risk answers to acknowledge."""

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from intake.domain import followup as rules
from intake.domain import questions, scoring
from intake.models import EvaluationRequest, FollowUpMeasure, FollowUpSchedule, RiskAlert
from intake.pages.charts import Band, Chart, Point, Series, line_chart

# The bands (Kroenke et al. 2001; Spitzer et al. 2006), as domain/scoring.py scores them.
PHQ9_BANDS = [
    Band(0, 5, "Minimal 0-4", 0),
    Band(5, 10, "Mild 5-9", 1),
    Band(10, 15, "Moderate 10-14", 2),
    Band(15, 20, "Moderately severe 15-19", 3),
    Band(20, 27, "Severe 20-27", 4),
]
GAD7_BANDS = [
    Band(0, 5, "Minimal 0-4", 0),
    Band(5, 10, "Mild 5-9", 1),
    Band(10, 15, "Moderate 10-14", 2),
    Band(15, 21, "Severe 15-21", 4),
]


@dataclass
class Row:
    """One line of the table: the intake (baseline) or a follow-up."""

    anchor: str
    day: str
    phq9: int | None
    gad7: int | None
    language: str
    measure: FollowUpMeasure | None = None

    @property
    def phq9_band(self) -> str:
        return "" if self.phq9 is None else scoring.BAND_LABELS[scoring.phq9_band(self.phq9)]

    @property
    def gad7_band(self) -> str:
        return "" if self.gad7 is None else scoring.BAND_LABELS[scoring.gad7_band(self.gad7)]

    def answers(self) -> list[tuple[str, str]]:
        """Each follow-up question with its answer, in English for staff."""
        if self.measure is None:
            return []
        labels = dict(questions.FREQUENCY)
        pairs = [
            (f"PHQ-9 {n}. {text}", labels.get(value, str(value)))
            for n, (text, value) in enumerate(
                zip(questions.PHQ9, self.measure.phq9 or [], strict=False), start=1
            )
        ]
        pairs.append(
            (
                questions.DIFFICULTY_QUESTION,
                questions.label(questions.DIFFICULTY, self.measure.difficulty),
            )
        )
        pairs += [
            (f"GAD-7 {n}. {text}", labels.get(value, str(value)))
            for n, (text, value) in enumerate(
                zip(questions.GAD7, self.measure.gad7 or [], strict=False), start=1
            )
        ]
        for n, key in enumerate(questions.CSSRS_KEYS, start=1):
            if self.measure.screener and key in self.measure.screener:
                value = self.measure.screener[key]
                answer = "Not asked" if value is None else ("Yes" if value else "No")
                pairs.append((f"C-SSRS {n}. {questions.CSSRS[key]}", answer))
        return pairs


def _day(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local:%b} {local.day}, {local.year}"


def trend(evaluation_request: EvaluationRequest, measures: list[FollowUpMeasure]) -> dict:
    answered = [m for m in measures if m.status == FollowUpMeasure.Status.ANSWERED]
    symptoms = getattr(evaluation_request, "symptoms", None)
    baseline = Row(
        anchor="answers-heading",
        day=_day(evaluation_request.submitted_at),
        phq9=evaluation_request.phq9_total,
        gad7=evaluation_request.gad7_total,
        language=getattr(symptoms, "phq9_language", "") or "",
    )
    rows = [baseline] + [
        Row(
            anchor=f"followup-{m.pk}",
            day=_day(m.answered_at),
            phq9=m.phq9_total,
            gad7=m.gad7_total,
            language=m.language,
            measure=m,
        )
        for m in answered
    ]
    labels = [row.day for row in rows]
    context = {"rows": rows, "measures": measures}
    latest = rows[-1]
    outcome = rules.outcome(
        baseline.phq9, latest.phq9, worsening_points=settings.FOLLOWUP_WORSENING_POINTS
    )
    context["outcome"] = rules.OUTCOME_LABELS[outcome] if answered else ""
    context["change"] = rules.change_since_baseline(baseline.phq9, latest.phq9) if answered else ""
    if not answered:
        return context

    def points(attribute: str) -> list[Point]:
        return [
            Point(getattr(row, attribute), link=f"#{row.anchor}", label=row.day) for row in rows
        ]

    flat = [Point(baseline.phq9)] * len(rows)
    half = [Point(baseline.phq9 / 2)] * len(rows)
    context["phq9_chart"] = line_chart(
        Chart(
            title="PHQ-9 total over time",
            description=(
                f"PHQ-9 totals from {rows[0].day} ({baseline.phq9}) to {latest.day} "
                f"({latest.phq9}) over {len(rows)} measures, on the severity bands; the "
                "baseline, the response line (half the baseline) and remission (under 5) are "
                "marked. The table below has the same figures."
            ),
            x_labels=labels,
            series=[
                Series("PHQ-9 total", points("phq9"), "primary"),
                Series(f"Baseline ({baseline.phq9})", flat, "reference"),
                Series("Response: half the baseline or less", half, "threshold"),
                Series("Remission: under 5", [Point(5)] * len(rows), "remission"),
            ],
            y_max=27,
            y_labels=[0, 5, 10, 15, 20, 27],
            bands=PHQ9_BANDS,
        )
    )
    context["gad7_chart"] = line_chart(
        Chart(
            title="GAD-7 total over time",
            description=(
                f"GAD-7 totals from {rows[0].day} ({baseline.gad7}) to {latest.day} "
                f"({latest.gad7}), on the severity bands, with the baseline marked. The table "
                "below has the same figures."
            ),
            x_labels=labels,
            series=[
                Series("GAD-7 total", points("gad7"), "secondary"),
                Series(
                    f"Baseline ({baseline.gad7})", [Point(baseline.gad7)] * len(rows), "reference"
                ),
            ],
            y_max=21,
            y_labels=[0, 5, 10, 15, 21],
            bands=GAD7_BANDS,
        )
    )
    return context


def followup_context(evaluation_request: EvaluationRequest) -> dict:
    """Everything the follow-up section shows, in a few queries."""
    schedule = FollowUpSchedule.objects.filter(request=evaluation_request).first()
    measures = list(FollowUpMeasure.objects.filter(request=evaluation_request))
    alerts = list(
        RiskAlert.objects.filter(request=evaluation_request)
        .select_related("acknowledged_by", "measure")
        .order_by("-raised_at")
    )
    now = timezone.now()
    for alert in alerts:
        alert.overdue = alert.is_overdue(now)
    return {
        "schedule": schedule,
        "open_alerts": [a for a in alerts if a.acknowledged_at is None],
        "done_alerts": [a for a in alerts if a.acknowledged_at is not None],
        "next_measure": next(
            (m for m in measures if m.status == FollowUpMeasure.Status.SCHEDULED), None
        ),
        **trend(evaluation_request, measures),
    }


def trend_finding(evaluation_request: EvaluationRequest, rows: list[Row]):
    """The summary's finding from the table's rows (domain/followup.trend_finding)."""
    return rules.trend_finding(
        baseline=(rows[0].day, rows[0].phq9),
        followups=[(row.day, row.phq9) for row in rows[1:] if row.phq9 is not None],
        worsening_points=settings.FOLLOWUP_WORSENING_POINTS,
    )
