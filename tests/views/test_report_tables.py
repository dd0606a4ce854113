"""The reports' tables: what each cell shows, with small counts and thin waits suppressed."""

from datetime import UTC, date, datetime

from intake.domain import report_figures as rf
from intake.pages import report_tables
from intake.pages.reports import PeriodFigures, Report

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
            "booked_by_staff": 12,
            "booked_by_patient": 7,
            "moved_by_staff": 2,
            "moved_by_patient": 0,
            "cancelled_by_patient": 0,
            "cancelled_by_staff": 5,
            "no_show": 1,
            "completed": 0,
            "waitlist_offered": 6,
            "waitlist_accepted": 3,
        },
        "verdicts_per_week": {"worth_asking": [1, 5, 5, 5, 6, 0][: len(weeks)]},
        "followup": [
            rf.FollowUpPoint(weeks=4, measured=20, response=5, remission=0),
            rf.FollowUpPoint(weeks=8, measured=10, response=6, remission=3),
            rf.FollowUpPoint(weeks=12, measured=4, response=4, remission=4),
        ],
        "acknowledgements": rf.Acknowledgements(raised=10, within=8, late=2, waiting=0),
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
    # 40 requests minus 20 and 18 would give the "<5" away: its complement, the next-smallest
    # count, is hidden too (issue 32, second round).
    assert rows["Not said"] == rf.HIDDEN
    week_rows = table("requests-per-week").rows
    assert week_rows[0] == ["Feb 23, 2026", "<5"]
    assert week_rows[4] == ["Mar 23, 2026", rf.HIDDEN]  # 6, the smallest week of 5 or more


def test_a_wait_measured_on_fewer_than_five_requests_is_not_shown():
    rows = {row[0]: row[1:] for row in table("waits").rows}
    assert rows["First contact, all requests"][:3] == ["6", "3.5", "5.5"]
    assert rows["First contact, urgent requests"][:3] == ["<5", "–", "–"]
    assert "Urgent answers acknowledged within the target" not in rows


def test_the_funnel_hides_the_drop_off_percentage_beside_a_small_count():
    rows = {row[0]: row[1:] for row in table("funnel").rows}
    assert rows["Submitted"] == ["40", "–", "–"]
    assert rows["Contacted"] == ["30", "10", "75%"]
    # 30 contacted minus 27 not scheduled would give the "<5" scheduled away.
    assert rows["Scheduled"] == ["<5", rf.HIDDEN, "–"]
    assert rows["Evaluated"] == ["0", "<5", "–"]


def test_appointments_are_counted_by_who_booked_moved_or_cancelled_them():
    rows = {row[0]: row[1:] for row in table("appointments").rows}
    assert rows["Booked by staff or the clinic"] == ["12", "12", "no change"]
    assert rows["Booked by the patient"] == ["7", "7", "no change"]
    assert rows["Moved by staff or the clinic"] == ["<5", "<5", "–"]
    assert rows["Moved by the patient"] == ["0", "0", "no change"]
    assert rows["Waitlist offers made"] == ["6", "6", "no change"]
    assert rows["Waitlist offers accepted"] == ["<5", "<5", "–"]
    assert rows["Cancelled by staff or the clinic"] == ["5", "5", "no change"]
    assert rows["No-show"] == ["<5", "<5", "–"]


def test_topics_past_review_list_title_language_and_due_date():
    assert table("topics").rows == [["=cmd|' /C calc'!A0", "English", "Yes", "Jan 1, 2026"]]


def test_urgent_answers_acknowledged_within_the_target_show_counts_and_a_share():
    found = table("acknowledgements")
    rows = {row[0]: row[1:] for row in found.rows}
    assert rows["Urgent follow-up answers"] == ["10", "10", "no change"]
    # 10 raised minus 8 within would give the "<5" late away (and so would 80%): the 8 is
    # hidden as its complement, and the share with it.
    assert rows["Acknowledged within the target"] == [rf.HIDDEN, rf.HIDDEN, "–"]
    assert rows["Acknowledged after the target"] == ["<5", "<5", "–"]
    assert rows["Not acknowledged yet"] == ["0", "0", "no change"]
    assert rows["Share acknowledged within the target"][:2] == ["–", "–"]
    assert "4 business hours" in found.note
    assert "<svg" in found.chart


def test_the_share_acknowledged_within_the_target_shows_when_no_count_is_hidden():
    counted = rf.Acknowledgements(raised=20, within=12, late=8, waiting=0)
    shown = report_tables.acknowledgements_table(
        figures(acknowledgements=counted), figures(acknowledgements=counted)
    )
    rows = {row[0]: row[1:] for row in shown.rows}
    assert rows["Acknowledged within the target"] == ["12", "12", "no change"]
    assert rows["Share acknowledged within the target"][:2] == ["60%", "60%"]


def test_a_hidden_complement_draws_no_bar_either():
    drawn = report_tables.breakdown_table(
        "sources",
        "Where requests heard of the clinic",
        "Heard about us",
        {"search": "Web search", "friend": "Friend or family", "": "Not said"},
        {"search": 20, "friend": 2, "": 18},
        {"search": 20, "friend": 2, "": 18},
    ).chart
    # One bar a period, Web search's: neither the "<5" nor its complement is drawn.
    assert drawn.count("tooltip-trigger") == 2
    assert ">18<" not in drawn and ">20<" in drawn


def test_two_small_counts_hide_each_other_and_nothing_more_is_hidden():
    rows = report_tables._partition_rows(["a", "b", "c"], [2, 3, 30], [2, 3, 30])
    assert [row[1] for row in rows] == ["<5", "<5", "30"]


def test_the_verdicts_per_week_hide_a_complement_within_each_week():
    now = figures(
        verdicts_per_week={
            "worth_asking": [1, 5, 5, 5, 6, 0],
            "other_options_first": [3, 5, 5, 5, 0, 0],
        },
        per_week=[4, 10, 10, 10, 6, 0],
    )
    found = report_tables.verdicts_table(now)
    # Week of 23 Feb: 1 and 3 hide each other; the others have no small count.
    assert found.rows[0][1:] == ["<5", "<5"]
    assert found.rows[1][1:] == ["5", "5"]


def test_follow_up_rates_at_4_8_and_12_weeks_hide_small_counts_and_their_shares():
    found = table("follow-up")
    rows = {row[0]: row[1:] for row in found.rows}
    assert rows["4 weeks"] == ["20", "5", "25%", "0", "0%", "25%", "0%"]
    assert rows["8 weeks"] == ["10", "6", "60%", "<5", "–", "60%", "–"]
    assert rows["12 weeks"] == ["<5", "<5", "–", "<5", "–", "–", "–"]
    assert "nearest N weeks after the intake" in found.note
    assert "not recorded yet" not in found.note


def test_only_a_table_with_a_hidden_complement_explains_it():
    assert "complementary suppression" in table("sources").note
    assert "complementary suppression" not in table("visit-types").note
    assert "complementary suppression" not in table("appointments").note
