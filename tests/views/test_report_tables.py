"""The reports' tables: what each cell shows, with small counts and thin waits suppressed."""

from datetime import UTC, date, datetime

from intake import report_tables
from intake.domain import report_figures as rf
from intake.reports import PeriodFigures, Report

MARCH = rf.Period(date(2026, 3, 1), date(2026, 3, 31))


def figures(period=MARCH, **overrides) -> PeriodFigures:
    weeks = rf.week_starts(period)
    values = {
        "period": period,
        "weeks": weeks,
        "total": 40,
        "urgent": 3,
        "imminent": 0,
        "per_week": [4, 10, 10, 10, 6, 0][: len(weeks)],
        "by_language": {"en": 37, "es": 3},
        "by_heard_about": {"search": 20, "friend": 2, "": 18},
        "by_visit_type": {"in_person": 10, "telehealth": 30, "either": 0},
        "funnel": rf.funnel(
            [("Submitted", 40), ("Contacted", 30), ("Scheduled", 3), ("Evaluated", 0)]
        ),
        "outcomes": {"recommend": 0, "not_recommended": 0, "more_information": 0, "referred": 0},
        "waits": {
            "contact_all": rf.waits([1, 2, 3, 4, 5, 6]),
            "contact_urgent": rf.waits([1, 2]),
            "evaluation_all": rf.waits([]),
            "evaluation_urgent": rf.waits([]),
        },
        "appointments": {
            "booked": 12,
            "moved": 2,
            "cancelled_by_patient": 0,
            "cancelled_by_staff": 5,
            "no_show": 1,
            "completed": 0,
        },
        "verdicts_per_week": {"worth_asking": [1, 5, 5, 5, 6, 0][: len(weeks)]},
    }
    return PeriodFigures(**(values | overrides))


def report() -> Report:
    return Report(
        current=figures(),
        previous=figures(MARCH.previous(), total=36, urgent=8),
        topics_past_review=[
            {
                "title": "=cmd|' /C calc'!A0",
                "language": "en",
                "is_published": True,
                "due": date(2026, 1, 1),
            }
        ],
        computed_at=datetime(2026, 4, 1, tzinfo=UTC),
    )


def table(slug: str) -> report_tables.Table:
    return report_tables.table_named(report_tables.tables_for(report()), slug)


def test_every_table_has_a_slug_its_download_answers_to():
    assert [t.slug for t in report_tables.tables_for(report())] == list(report_tables.SLUGS)


def test_the_summary_compares_with_the_period_before_and_hides_small_changes():
    rows = {row[0]: row[1:] for row in table("summary").rows}
    assert rows["Requests"] == ["40", "36", "+4 (+11%)"]
    assert rows["Urgent"] == ["<5", "8", "–"]
    assert rows["Scheduled"] == ["<5", "<5", "–"]
    assert rows["Median business hours to first contact"] == ["3.5", "3.5", "no change"]


def test_small_counts_show_as_under_five_and_draw_no_bar():
    rows = {row[0]: row[1] for row in table("sources").rows}
    assert rows["Friend or family"] == "<5"
    assert rows["Web search"] == "20"
    assert rows["Not said"] == "18"
    week_rows = table("requests-per-week").rows
    assert week_rows[0] == ["Feb 23, 2026", "<5"]


def test_a_wait_measured_on_fewer_than_five_requests_is_not_shown():
    rows = {row[0]: row[1:] for row in table("waits").rows}
    assert rows["First contact, all requests"][:3] == ["6", "3.5", "5.5"]
    assert rows["First contact, urgent requests"][:3] == ["<5", "–", "–"]
    assert rows["Urgent answers acknowledged within the target"][0] == "not recorded yet"


def test_the_funnel_hides_the_drop_off_percentage_beside_a_small_count():
    rows = {row[0]: row[1:] for row in table("funnel").rows}
    assert rows["Submitted"] == ["40", "–", "–"]
    assert rows["Contacted"] == ["30", "10", "75%"]
    assert rows["Scheduled"] == ["<5", "27", "–"]
    assert rows["Evaluated"] == ["0", "<5", "–"]


def test_appointments_say_patient_booking_is_not_recorded_yet():
    rows = {row[0]: row[1:] for row in table("appointments").rows}
    assert rows["Booked by the patient"][0] == "not recorded yet"
    assert rows["Cancelled by staff or the clinic"] == ["5", "5", "no change"]
    assert rows["No-show"] == ["<5", "<5", "–"]


def test_topics_past_review_list_title_language_and_due_date():
    assert table("topics").rows == [["=cmd|' /C calc'!A0", "English", "Yes", "Jan 1, 2026"]]
