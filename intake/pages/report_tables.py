"""The clinic reports' tables, each with its chart: what the page shows and each CSV download
holds, written once. Counts from 1 to 4 are "<5" in every cell and drawn as no bar (small-cell
suppression, domain/report_figures.py); where counts add up to a total the page shows, the
next-smallest count beside a lone "<5" is hidden too (complementary suppression, the same rule
for the table, its chart and its CSV); a wait measured on fewer than 5 requests is not shown.
"""

from dataclasses import dataclass, field, replace

from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import SafeString

from intake.domain import report_figures as rf
from intake.pages import charts
from intake.pages.reports import (
    APPOINTMENT_EVENTS,
    CACHE_VERSION,
    HEARD_ABOUT_LABELS,
    LANGUAGE_LABELS,
    OUTCOME_LABELS,
    VERDICTS,
    VISIT_TYPE_LABELS,
    PeriodFigures,
    Report,
    report_for,
)

COMPLEMENT_NOTE = (
    f'"{rf.HIDDEN}": a count of 5 or more hidden so that a total shown on the page cannot '
    "give away a count under 5 beside it (complementary suppression)."
)


@dataclass(frozen=True)
class Table:
    slug: str  # its CSV's name: /staff/reports/<slug>.csv
    title: str
    headers: list[str]
    rows: list[list[str]]
    chart: SafeString | None = None
    note: str = ""
    row_headers: bool = True  # the first cell of each row names it
    extra: dict = field(default_factory=dict)


def page_for(period: rf.Period) -> tuple[Report, list[Table]]:
    """The report of `period` with its tables and drawn charts, kept REPORTS_CACHE_SECONDS per
    range like the figures: drawing nine charts costs far more than reading the cache."""
    key = f"report-tables:{CACHE_VERSION}:{period.first}:{period.last}"
    found = cache.get(key)
    if found is None:
        report = report_for(period)
        found = (report, tables_for(report))
        cache.set(key, found, settings.REPORTS_CACHE_SECONDS)
    return found


def tables_for(report: Report) -> list[Table]:
    """Every table of the page, in order; a table with a count hidden as a complement says
    what "hidden" means."""
    return [_explained(table) for table in _tables(report)]


def _explained(table: Table) -> Table:
    if not any(cell == rf.HIDDEN for row in table.rows for cell in row):
        return table
    return replace(table, note=f"{table.note} {COMPLEMENT_NOTE}".strip())


def _tables(report: Report) -> list[Table]:
    now, before = report.current, report.previous
    return [
        summary_table(now, before),
        per_week_table(now),
        breakdown_table(
            "sources",
            "Where requests heard of the clinic",
            "Heard about us",
            HEARD_ABOUT_LABELS,
            now.by_heard_about,
            before.by_heard_about,
        ),
        breakdown_table(
            "languages",
            "Requests by language",
            "Language",
            LANGUAGE_LABELS,
            now.by_language,
            before.by_language,
        ),
        breakdown_table(
            "visit-types",
            "Requests by visit type",
            "Visit type",
            VISIT_TYPE_LABELS,
            now.by_visit_type,
            before.by_visit_type,
        ),
        funnel_table(now),
        outcomes_table(now, before),
        waits_table(now, before),
        acknowledgements_table(now, before),
        appointments_table(now, before),
        verdicts_table(now),
        followup_table(now, before),
        topics_table(report),
    ]


def table_named(tables: list[Table], slug: str) -> Table | None:
    return next((table for table in tables if table.slug == slug), None)


SLUGS = (
    "summary",
    "requests-per-week",
    "sources",
    "languages",
    "visit-types",
    "funnel",
    "outcomes",
    "waits",
    "acknowledgements",
    "appointments",
    "verdicts",
    "follow-up",
    "topics",
)


def _count_row(label: str, current: int, before: int) -> list[str]:
    return [
        label,
        rf.shown_count(current),
        rf.shown_count(before),
        rf.count_change(current, before),
    ]


def _partition_rows(
    names: list[str], now: list[int], before: list[int], *, total_shown: bool = True
) -> list[list[str]]:
    """Rows of counts that add up to a total shown on the page, this period and the period
    before, each column suppressed with its complement (report_figures.suppression): no
    change is given beside a hidden count."""
    shown_now = rf.shown_counts(now, total_shown=total_shown)
    shown_before = rf.shown_counts(before, total_shown=total_shown)
    hidden_now = rf.suppression(now, total_shown=total_shown)
    hidden_before = rf.suppression(before, total_shown=total_shown)
    return [
        [
            name,
            shown_now[i],
            shown_before[i],
            "–"
            if hidden_now.hides(i) or hidden_before.hides(i)
            else rf.count_change(now[i], before[i]),
        ]
        for i, name in enumerate(names)
    ]


def _hours(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def summary_table(now: PeriodFigures, before: PeriodFigures) -> Table:
    steps_now = {step.label: step.count for step in now.funnel}
    steps_before = {step.label: step.count for step in before.funnel}
    rows = [
        _count_row("Requests", now.total, before.total),
        _count_row("Urgent", now.urgent, before.urgent),
        _count_row("Imminent risk", now.imminent, before.imminent),
        *(
            _count_row(label, steps_now[label], steps_before[label])
            for label in ("Contacted", "Scheduled", "Evaluated")
        ),
    ]
    for key, label in (
        ("contact_all", "Median business hours to first contact"),
        ("evaluation_all", "Median business hours to the evaluation"),
    ):
        current, previous = _shown_wait(now.waits[key]), _shown_wait(before.waits[key])
        rows.append(
            [
                label,
                _hours(current),
                _hours(previous),
                rf.change(
                    None if current is None else round(current, 1),
                    None if previous is None else round(previous, 1),
                ),
            ]
        )
    return Table(
        slug="summary",
        title="This period and the one before",
        headers=["Figure", now.period.label(), before.period.label(), "Change"],
        rows=rows,
    )


def per_week_table(now: PeriodFigures) -> Table:
    labels = [f"{week:%b %-d}" for week in now.weeks]
    return Table(
        slug="requests-per-week",
        title="Requests per week",
        headers=["Week starting", "Requests"],
        rows=[
            [f"{week:%b %-d, %Y}", shown]
            for week, shown in zip(now.weeks, rf.shown_counts(now.per_week), strict=True)
        ],
        chart=charts.bar_chart(
            title="Requests per week",
            description=f"One bar per week, {now.period.label()}; weeks with 1 to 4 requests "
            "have no bar. The table beside the chart gives each week's number.",
            labels=labels,
            series=[("Requests", rf.charted_counts(now.per_week))],
        ),
        note="The first and last weeks may hold days outside the period: only the period's "
        "days are counted.",
    )


def breakdown_table(
    slug: str,
    title: str,
    heading: str,
    labels: dict[str, str],
    now: dict[str, int],
    before: dict[str, int],
) -> Table:
    keys = list(labels) + [key for key in now | before if key not in labels]
    names = [labels.get(key, key or "Not said") for key in keys]
    return Table(
        slug=slug,
        title=title,
        headers=[heading, "This period", "Period before", "Change"],
        rows=_partition_rows(
            names, [now.get(key, 0) for key in keys], [before.get(key, 0) for key in keys]
        ),
        chart=charts.bar_chart(
            title=title,
            description="Bars for this period and the period before, one pair per answer; "
            "counts of 1 to 4 have no bar.",
            labels=names,
            series=[
                ("This period", rf.charted_counts([now.get(key, 0) for key in keys])),
                ("Period before", rf.charted_counts([before.get(key, 0) for key in keys])),
            ],
            horizontal=True,
            height=120 + 40 * len(keys),
        ),
    )


def funnel_table(now: PeriodFigures) -> Table:
    return Table(
        slug="funnel",
        title="From request to evaluation",
        headers=["Step", "Requests", "Did not reach this step", "Kept from the step before"],
        rows=[_funnel_row(index, now.funnel) for index in range(len(now.funnel))],
        chart=charts.bar_chart(
            title="From request to evaluation",
            description="One bar per step: requests submitted in the period, then how many "
            "were contacted, scheduled and evaluated.",
            labels=[step.label for step in now.funnel],
            series=[("Requests", [rf.charted_count(step.count) for step in now.funnel])],
            horizontal=True,
            height=260,
        ),
        note="Each step counts the period's requests that reached it, whenever they did. A "
        "booking counts as a contact when no call was logged before it.",
    )


def _funnel_row(index: int, steps: list[rf.FunnelStep]) -> list[str]:
    """A step's row. Those who reached it and those who did not add up to the step before,
    shown on the row above: when the step's count is under 5, those who did not reach it are
    hidden too (complementary suppression), and no percentage is given beside a hidden count.
    (A "<5" who did not reach a step lies between two counts the page shows; see
    docs/performance.md.)"""
    step = steps[index]
    if not index:
        return [step.label, rf.shown_count(step.count), "–", "–"]
    before = steps[index - 1].count
    small = 0 < step.count < rf.SMALL_CELL
    dropped = rf.HIDDEN if small and step.dropped >= rf.SMALL_CELL else rf.shown_count(step.dropped)
    kept = (
        "–"
        if step.kept_percent is None
        or small
        or 0 < step.dropped < rf.SMALL_CELL
        or before < rf.SMALL_CELL
        else f"{step.kept_percent:g}%"
    )
    return [step.label, rf.shown_count(step.count), dropped, kept]


def outcomes_table(now: PeriodFigures, before: PeriodFigures) -> Table:
    keys = [key for key in OUTCOME_LABELS if key in now.outcomes or key in before.outcomes]
    return Table(
        slug="outcomes",
        title="Evaluations by outcome",
        headers=["Outcome", "This period", "Period before", "Change"],
        rows=_partition_rows(
            [OUTCOME_LABELS[key] for key in keys],
            [now.outcomes.get(key, 0) for key in keys],
            [before.outcomes.get(key, 0) for key in keys],
        ),
        chart=charts.bar_chart(
            title="Evaluations by outcome",
            description="Bars for this period and the period before, one pair per outcome the "
            "clinician recorded; counts of 1 to 4 have no bar.",
            labels=[OUTCOME_LABELS[key] for key in keys],
            series=[
                ("This period", rf.charted_counts([now.outcomes.get(key, 0) for key in keys])),
                (
                    "Period before",
                    rf.charted_counts([before.outcomes.get(key, 0) for key in keys]),
                ),
            ],
            horizontal=True,
            height=120 + 40 * len(keys),
        ),
        note="Requests submitted in the period and evaluated since, by the outcome recorded.",
    )


WAITS = (
    ("contact_all", "First contact, all requests"),
    ("contact_urgent", "First contact, urgent requests"),
    ("evaluation_all", "Evaluation, all requests"),
    ("evaluation_urgent", "Evaluation, urgent requests"),
)


def _shown_wait(waits: rf.Waits, which: str = "median") -> float | None:
    if waits.count < rf.SMALL_CELL:
        return None
    return getattr(waits, which)


def waits_table(now: PeriodFigures, before: PeriodFigures) -> Table:
    rows = []
    for key, label in WAITS:
        current, previous = now.waits[key], before.waits[key]
        rows.append(
            [
                label,
                rf.shown_count(current.count),
                _hours(_shown_wait(current)),
                _hours(_shown_wait(current, "p90")),
                _hours(_shown_wait(previous)),
                _hours(_shown_wait(previous, "p90")),
            ]
        )
    return Table(
        slug="waits",
        title="How long requests wait, in business hours",
        headers=[
            "Wait from submission to",
            "Requests",
            "Median",
            "90th percentile",
            "Median, period before",
            "90th percentile, period before",
        ],
        rows=rows,
        chart=charts.bar_chart(
            title="Business hours waited, this period",
            description="For each wait, a bar for the median and one for the 90th percentile, "
            "in business hours; waits measured on fewer than 5 requests have no bar.",
            labels=[label for _key, label in WAITS],
            series=[
                ("Median", [_shown_wait(now.waits[key]) for key, _label in WAITS]),
                ("90th percentile", [_shown_wait(now.waits[key], "p90") for key, _label in WAITS]),
            ],
            horizontal=True,
            height=300,
        ),
        note="Business hours are the clinic's working hours on its working days, on its own "
        "clock (settings BUSINESS_HOURS_OPEN, _CLOSE and BUSINESS_DAYS). Waits measured on "
        "fewer than 5 requests are not shown. Urgent follow-up answers have their own table.",
    )


def acknowledgements_table(now: PeriodFigures, before: PeriodFigures) -> Table:
    fates = (
        ("within", "Acknowledged within the target"),
        ("late", "Acknowledged after the target"),
        ("waiting", "Not acknowledged yet"),
    )
    current, previous = now.acknowledgements, before.acknowledgements
    fates_now = [getattr(current, name) for name, _label in fates]
    fates_before = [getattr(previous, name) for name, _label in fates]
    hidden_now, hidden_before = rf.suppression(fates_now), rf.suppression(fates_before)
    rows = [_count_row("Urgent follow-up answers", current.raised, previous.raised)]
    if hidden_now.total or hidden_before.total:
        rows[0][1:] = [
            rf.HIDDEN if hidden_now.total else rows[0][1],
            rf.HIDDEN if hidden_before.total else rows[0][2],
            "–",
        ]
    rows += _partition_rows([label for _name, label in fates], fates_now, fates_before)
    rows.append(
        [
            "Share acknowledged within the target",
            "–" if hidden_now.hides(0) else rf.percent_of(current.within, current.raised),
            "–" if hidden_before.hides(0) else rf.percent_of(previous.within, previous.raised),
            "–",
        ]
    )
    return Table(
        slug="acknowledgements",
        title="Urgent follow-up answers acknowledged within the target",
        headers=["Urgent follow-up answers", "This period", "Period before", "Change"],
        rows=rows,
        chart=charts.bar_chart(
            title="Urgent follow-up answers acknowledged within the target",
            description="Bars for this period and the period before: urgent follow-up answers "
            "acknowledged within the target, after it, and not yet; counts of 1 to 4 have no "
            "bar.",
            labels=[label for _name, label in fates],
            series=[
                ("This period", rf.charted_counts(fates_now)),
                ("Period before", rf.charted_counts(fates_before)),
            ],
            horizontal=True,
            height=240,
        ),
        note="An urgent follow-up answer is a follow-up with PHQ-9 item 9 above 0 or a yes to "
        "the safety screener; staff acknowledge it within "
        f"{settings.FOLLOWUP_ACK_BUSINESS_HOURS} business hours (setting "
        "FOLLOWUP_ACK_BUSINESS_HOURS). Answers given in the period, whenever acknowledged.",
    )


def appointments_table(now: PeriodFigures, before: PeriodFigures) -> Table:
    rows = [
        _count_row(label, now.appointments[name], before.appointments[name])
        for name, *_rest, label in APPOINTMENT_EVENTS
    ]
    return Table(
        slug="appointments",
        title="Appointments",
        headers=["What happened", "This period", "Period before", "Change"],
        rows=rows,
        chart=charts.bar_chart(
            title="Appointments",
            description="Bars for this period and the period before: bookings and moves by "
            "staff and by the patient, cancellations by whom, no-shows, completed evaluations "
            "and waitlist offers; counts of 1 to 4 have no bar.",
            labels=[label for *_rest, label in APPOINTMENT_EVENTS],
            series=[
                (
                    "This period",
                    [rf.charted_count(now.appointments[name]) for name, *_ in APPOINTMENT_EVENTS],
                ),
                (
                    "Period before",
                    [
                        rf.charted_count(before.appointments[name])
                        for name, *_ in APPOINTMENT_EVENTS
                    ],
                ),
            ],
            horizontal=True,
            height=520,
        ),
        note="Counted when they happened, whenever the request was made. A patient books or "
        "moves from their private link; accepting a waitlist offer is a move by the patient. "
        '"The clinic" is a change made automatically, by no one signed in.',
    )


def verdicts_table(now: PeriodFigures) -> Table:
    keys = [key for key in VERDICTS if any(now.verdicts_per_week.get(key, ()))]
    # Each week's verdicts add up to its requests, shown in the table per week: each week's
    # row is suppressed with its complement, in the table and the chart alike.
    weeks = [[now.verdicts_per_week[key][i] for key in keys] for i in range(len(now.weeks))]
    charted = [rf.charted_counts(row) for row in weeks]
    return Table(
        slug="verdicts",
        title="The summary's verdicts per week",
        headers=["Week starting", *(VERDICTS[key] for key in keys)],
        rows=[
            [f"{week:%b %-d, %Y}", *rf.shown_counts(weeks[i])] for i, week in enumerate(now.weeks)
        ],
        chart=charts.bar_chart(
            title="The summary's verdicts per week",
            description="Stacked bars, one per week: how many requests' summaries reached each "
            "verdict; counts of 1 to 4 have no segment.",
            labels=[f"{week:%b %-d}" for week in now.weeks],
            series=[
                (VERDICTS[key], [row[column] for row in charted]) for column, key in enumerate(keys)
            ],
            stacked=True,
            height=380 + 22 * len(keys),
        ),
        note="The verdict is the educational summary's, as stored for the queue; it is not a "
        "clinical decision.",
    )


def topics_table(report: Report) -> Table:
    return Table(
        slug="topics",
        title="Learn topics past their review date",
        headers=["Topic", "Language", "Published", "Review was due"],
        rows=[
            [
                topic["title"],
                LANGUAGE_LABELS.get(topic["language"], topic["language"]),
                "Yes" if topic["is_published"] else "No (draft)",
                f"{topic['due']:%b %-d, %Y}",
            ]
            for topic in report.topics_past_review
        ],
        note="Today, whatever the period. A topic awaiting its first review is not listed.",
    )


def followup_table(now: PeriodFigures, before: PeriodFigures) -> Table:
    previous = {point.weeks: point for point in before.followup}
    rows = []
    for point in now.followup:
        earlier = previous.get(point.weeks, rf.FollowUpPoint(point.weeks, 0, 0, 0))
        rows.append(
            [
                f"{point.weeks} weeks",
                rf.shown_count(point.measured),
                rf.shown_count(point.response),
                rf.percent_of(point.response, point.measured),
                rf.shown_count(point.remission),
                rf.percent_of(point.remission, point.measured),
                rf.percent_of(earlier.response, earlier.measured),
                rf.percent_of(earlier.remission, earlier.measured),
            ]
        )
    return Table(
        slug="follow-up",
        title="Follow-up: response and remission at 4, 8 and 12 weeks",
        headers=[
            "After the intake",
            "Requests measured",
            "Response",
            "Response rate",
            "Remission",
            "Remission rate",
            "Response rate, period before",
            "Remission rate, period before",
        ],
        rows=rows,
        chart=charts.bar_chart(
            title="Follow-up: response and remission rates, this period",
            description="For 4, 8 and 12 weeks after the intake, a bar for the share of "
            "requests measured then in response and one for the share in remission, in "
            "percent; points with fewer than 5 requests, or a count of 1 to 4, have no bar.",
            labels=[f"{point.weeks} weeks" for point in now.followup],
            series=[
                (
                    "Response rate (%)",
                    [_rate(p.response, p.measured) for p in now.followup],
                ),
                (
                    "Remission rate (%)",
                    [_rate(p.remission, p.measured) for p in now.followup],
                ),
            ],
            height=320,
        ),
        note="Requests submitted in the period, whenever followed up. At N weeks is the "
        "follow-up PHQ-9 answered nearest N weeks after the intake's (the baseline), within "
        f"{rf.FOLLOWUP_WINDOW_DAYS} days either side; a request with none then is not "
        "measured at that point. Response: at least 50% below the intake's PHQ-9; remission: "
        "a PHQ-9 under 5 (NCQA HEDIS DRR-E), each counted on its own.",
    )


def _rate(part: int, whole: int) -> float | None:
    shown = rf.percent_of(part, whole)
    return None if shown == "–" else round(100 * part / whole)
