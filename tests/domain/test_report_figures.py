"""The reports' arithmetic: periods, percentiles, business hours (across a DST change), the
funnel and small-cell suppression, without the database."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from intake.domain import report_figures as rf

NEW_YORK = ZoneInfo("America/New_York")
HOURS = rf.BusinessHours(zone=NEW_YORK)


def local(*args) -> datetime:
    return datetime(*args, tzinfo=NEW_YORK)


@pytest.mark.parametrize(
    ("choice", "today", "first", "last"),
    [
        (rf.THIS_MONTH, date(2026, 3, 18), date(2026, 3, 1), date(2026, 3, 18)),
        (rf.LAST_MONTH, date(2026, 3, 18), date(2026, 2, 1), date(2026, 2, 28)),
        (rf.LAST_MONTH, date(2026, 1, 5), date(2025, 12, 1), date(2025, 12, 31)),
        (rf.LAST_90_DAYS, date(2026, 3, 31), date(2026, 1, 1), date(2026, 3, 31)),
        (rf.LAST_YEAR, date(2026, 3, 31), date(2025, 4, 1), date(2026, 3, 31)),
    ],
)
def test_each_range_choice_means_the_days_a_clinic_lead_expects(choice, today, first, last):
    assert rf.period_for(choice, today) == rf.Period(first, last)


def test_a_custom_range_is_the_two_dates_given_and_an_unknown_choice_is_refused():
    assert rf.period_for(rf.CUSTOM, date(2026, 3, 1), first=date(2026, 1, 2), last=date(2026, 1, 9))
    with pytest.raises(ValueError):
        rf.period_for("fortnight", date(2026, 3, 1))
    with pytest.raises(ValueError):
        rf.period_for(rf.CUSTOM, date(2026, 3, 1))


def test_this_month_so_far_is_compared_with_the_same_days_of_last_month():
    assert rf.Period(date(2026, 3, 1), date(2026, 3, 18)).previous() == rf.Period(
        date(2026, 2, 1), date(2026, 2, 18)
    )
    # 31 March has no 31 February: the comparison stops at February's end.
    assert rf.Period(date(2026, 3, 1), date(2026, 3, 30)).previous() == rf.Period(
        date(2026, 2, 1), date(2026, 2, 28)
    )


def test_a_whole_month_is_compared_with_the_whole_month_before():
    assert rf.Period(date(2026, 3, 1), date(2026, 3, 31)).previous() == rf.Period(
        date(2026, 2, 1), date(2026, 2, 28)
    )


def test_other_periods_are_compared_with_as_many_days_just_before():
    period = rf.Period(date(2026, 1, 1), date(2026, 3, 31))
    assert period.days == 90
    assert period.previous() == rf.Period(date(2025, 10, 3), date(2025, 12, 31))


def test_a_period_s_bounds_are_local_midnights_whatever_daylight_saving_does():
    # 8 March 2026: New York moves to daylight saving time; the day is 23 hours long.
    first, after = rf.Period(date(2026, 3, 8), date(2026, 3, 8)).bounds(NEW_YORK)
    assert first.astimezone(UTC) == datetime(2026, 3, 8, 5, tzinfo=UTC)
    assert after.astimezone(UTC) == datetime(2026, 3, 9, 4, tzinfo=UTC)


def test_weeks_start_on_the_monday_on_or_before_the_first_day():
    weeks = rf.week_starts(rf.Period(date(2026, 3, 4), date(2026, 3, 16)))
    assert weeks == [date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 16)]


@pytest.mark.parametrize(
    ("values", "share", "expected"),
    [
        ([], 50, None),
        ([7], 50, 7),
        ([7], 90, 7),
        ([1, 2, 3, 4], 50, 2.5),
        ([4, 1, 3, 2], 50, 2.5),
        (list(range(1, 11)), 90, 9.1),
        (list(range(1, 11)), 50, 5.5),
        ([1, 2, 3], 100, 3),
        ([1, 2, 3], 0, 1),
    ],
)
def test_percentiles_interpolate_between_the_closest_ranks(values, share, expected):
    found = rf.percentile(values, share)
    if expected is None:
        assert found is None
    else:
        assert found == pytest.approx(expected)


def test_waits_give_the_count_the_median_and_the_90th_percentile():
    assert rf.waits([2.0, 4.0, 6.0, 8.0, 10.0]) == rf.Waits(5, 6.0, pytest.approx(9.2))
    assert rf.waits([]) == rf.Waits(0, None, None)


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        (local(2026, 3, 2, 10), local(2026, 3, 2, 12), 2),  # Monday morning
        (local(2026, 3, 2, 16), local(2026, 3, 3, 10), 2),  # 1 h Monday, 1 h Tuesday
        (local(2026, 3, 2, 18), local(2026, 3, 2, 23), 0),  # after closing
        (local(2026, 3, 6, 16), local(2026, 3, 9, 10), 2),  # over a weekend
        (local(2026, 3, 7, 10), local(2026, 3, 8, 15), 0),  # a weekend only
        (local(2026, 3, 2, 12), local(2026, 3, 2, 11), 0),  # backwards
        (local(2026, 3, 2, 9), local(2026, 3, 9, 9), 40),  # a whole week
    ],
)
def test_business_hours_count_only_weekday_working_hours(start, end, hours):
    assert rf.business_hours_between(start, end, HOURS) == pytest.approx(hours)


def test_business_hours_across_the_spring_change_still_count_a_full_working_day():
    # Friday 6 March 17:00 to Monday 9 March 17:00 (the clocks went forward on Sunday): the
    # wall-clock working day is 8 hours, and the 23-hour Sunday adds nothing.
    assert rf.business_hours_between(
        local(2026, 3, 6, 17), local(2026, 3, 9, 17), HOURS
    ) == pytest.approx(8)
    # The same instants counted in UTC would see the same: nothing shifts by an hour.
    start = local(2026, 3, 6, 12).astimezone(UTC)
    end = local(2026, 3, 9, 12).astimezone(UTC)
    assert rf.business_hours_between(start, end, HOURS) == pytest.approx(8)


def test_business_hours_across_the_autumn_change_keep_nine_to_five():
    # 1 November 2026: New York leaves daylight saving time on a Sunday.
    assert rf.business_hours_between(
        local(2026, 10, 30, 9), local(2026, 11, 2, 17), HOURS
    ) == pytest.approx(16)


def test_a_clinic_open_on_saturday_mornings_counts_them():
    hours = rf.BusinessHours(zone=NEW_YORK, opens=time(8), closes=time(12), weekdays=frozenset({5}))
    assert rf.business_hours_between(local(2026, 3, 6, 9), local(2026, 3, 9, 9), hours) == 4


def test_the_funnel_says_how_many_each_step_lost():
    steps = rf.funnel([("Submitted", 20), ("Contacted", 15), ("Scheduled", 6), ("Evaluated", 0)])
    assert [(s.count, s.dropped, s.kept_percent) for s in steps] == [
        (20, 0, None),
        (15, 5, 75.0),
        (6, 9, 40.0),
        (0, 6, 0.0),
    ]
    after_zero = rf.funnel([("Submitted", 0), ("Contacted", 0)])
    assert after_zero[1].kept_percent is None


@pytest.mark.parametrize(
    ("count", "shown", "charted"),
    [(0, "0", 0), (1, "<5", None), (4, "<5", None), (5, "5", 5), (120, "120", 120)],
)
def test_counts_from_one_to_four_are_suppressed_in_tables_and_charts(count, shown, charted):
    assert rf.shown_count(count) == shown
    assert rf.charted_count(count) == charted


@pytest.mark.parametrize(
    ("current", "before", "text"),
    [
        (12, 8, "+4 (+50%)"),
        (6, 12, "−6 (−50%)"),
        (9, 9, "no change"),
        (7, 0, "+7"),
        (3, 9, "–"),  # 3 is suppressed: "−6" beside 9 would give it away
        (9, 2, "–"),
    ],
)
def test_the_change_from_the_period_before_never_gives_a_small_count_away(current, before, text):
    assert rf.count_change(current, before) == text


def test_a_change_of_waits_is_in_tenths_and_unknown_waits_have_no_change():
    assert rf.change(4.5, 3.0) == "+1.5 (+50%)"
    assert rf.change(None, 3.0) == "–"


def test_period_labels_are_short_and_unambiguous():
    assert rf.Period(date(2026, 3, 1), date(2026, 3, 18)).label() == "Mar 1 – Mar 18, 2026"
    assert rf.Period(date(2025, 12, 1), date(2026, 1, 5)).label() == "Dec 1, 2025 – Jan 5, 2026"
    assert rf.Period(date(2026, 3, 1), date(2026, 3, 1)).label() == "Mar 1, 2026"


# --- Follow-up at 4, 8 and 12 weeks, and acknowledgements' shares ---------------------------

BASELINE = datetime(2026, 3, 2, 15, tzinfo=UTC)


def days_after(days: float) -> datetime:
    return BASELINE + timedelta(days=days)


def test_the_score_at_n_weeks_is_the_answer_nearest_n_weeks_after_the_baseline():
    answered = [(days_after(14), 20), (days_after(27), 12), (days_after(30), 9)]
    assert rf.score_at_weeks(BASELINE, answered, 4) == 12  # day 27 is 1 day off 28; day 30, 2


def test_two_answers_equally_near_n_weeks_count_the_earlier_one():
    assert rf.score_at_weeks(BASELINE, [(days_after(30), 9), (days_after(26), 11)], 4) == 11


@pytest.mark.parametrize(
    ("day", "weeks", "expected"),
    [
        (14, 4, 7),  # the window's first instant is in it
        (13.99, 4, None),
        (41.99, 4, 7),
        (42, 4, None),  # the window's end is the next point's start
        (42, 8, 7),
        (97.99, 12, 7),
        (98, 12, None),
    ],
)
def test_the_windows_of_4_8_and_12_weeks_are_two_weeks_either_side_and_never_overlap(
    day, weeks, expected
):
    assert rf.score_at_weeks(BASELINE, [(days_after(day), 7)], weeks) == expected


def test_response_and_remission_are_counted_per_point_on_their_own():
    requests = [
        # 20 -> 10 at 4 weeks: a 50% drop, response; 20 -> 4 at 8 weeks: both.
        (BASELINE, 20, [(days_after(28), 10), (days_after(56), 4)]),
        # 6 -> 4 at 4 weeks: remission without response; nothing at 8 weeks; 2 at 12 weeks.
        (BASELINE, 6, [(days_after(29), 4), (days_after(84), 2)]),
        # 18 -> 10 at 4 weeks: neither (10 is more than half of 18).
        (BASELINE, 18, [(days_after(28), 10)]),
        # Answered only at 1 week: measured at no point.
        (BASELINE, 15, [(days_after(7), 3)]),
    ]
    assert rf.followup_points(requests) == [
        rf.FollowUpPoint(weeks=4, measured=3, response=1, remission=1),
        rf.FollowUpPoint(weeks=8, measured=1, response=1, remission=1),
        rf.FollowUpPoint(weeks=12, measured=1, response=1, remission=1),
    ]


def test_a_baseline_of_zero_cannot_respond_but_can_remit():
    [four, *_rest] = rf.followup_points([(BASELINE, 0, [(days_after(28), 0)])])
    assert (four.measured, four.response, four.remission) == (1, 0, 1)


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [(6, 8, "75%"), (0, 8, "0%"), (8, 8, "100%"), (3, 8, "–"), (2, 4, "–"), (0, 0, "–")],
)
def test_a_share_is_hidden_beside_a_small_count(part, whole, shown):
    assert rf.percent_of(part, whole) == shown


# --- Complementary suppression (issue 32, second round) -------------------------------------


def test_a_lone_small_count_beside_a_shown_total_hides_the_next_smallest_count_too():
    found = rf.suppression([20, 2, 18, 0])
    assert (found.small, found.complementary, found.total) == ({1}, {2}, False)
    assert rf.shown_counts([20, 2, 18, 0]) == ["20", "<5", rf.HIDDEN, "0"]
    assert rf.charted_counts([20, 2, 18, 0]) == [20, None, None, 0]


def test_a_zero_is_never_the_complement():
    # A hidden zero would leave the total minus the shown counts equal to the small one.
    assert rf.suppression([0, 3, 7, 9]).complementary == {2}


def test_two_small_counts_hide_each_other_without_a_complement():
    found = rf.suppression([1, 4, 30])
    assert (found.small, found.complementary, found.total) == ({0, 1}, frozenset(), False)


def test_a_lone_small_count_with_nothing_else_hides_the_total():
    found = rf.suppression([0, 3, 0])
    assert (found.complementary, found.total) == (frozenset(), True)


def test_no_complement_is_needed_when_the_total_is_not_shown():
    assert rf.suppression([20, 2, 18], total_shown=False).complementary == frozenset()
    assert rf.shown_counts([20, 2, 18], total_shown=False) == ["20", "<5", "18"]


def test_without_a_small_count_nothing_is_hidden():
    found = rf.suppression([5, 0, 12])
    assert not (found.small or found.complementary or found.total)


# --- One request's stored waits ---------------------------------------------------------------

ZONE = NEW_YORK


def test_a_request_s_waits_run_to_its_first_contact_and_its_evaluation():
    friday = datetime(2026, 3, 6, 16, tzinfo=ZONE)
    found = rf.request_waits(
        submitted_at=friday,
        contacted_at=datetime(2026, 3, 9, 10, tzinfo=ZONE),  # across the DST change
        booked_at=datetime(2026, 3, 9, 11, tzinfo=ZONE),
        evaluated_at=datetime(2026, 3, 11, 9, tzinfo=ZONE),
        hours=HOURS,
    )
    assert found.first_contact_at == datetime(2026, 3, 9, 10, tzinfo=ZONE)
    assert (found.contact_hours, found.evaluation_hours) == (2.0, 17.0)


def test_a_booking_before_any_logged_call_is_the_first_contact():
    tuesday = datetime(2026, 3, 10, 12, tzinfo=ZONE)
    found = rf.request_waits(
        submitted_at=tuesday,
        contacted_at=None,
        booked_at=datetime(2026, 3, 10, 13, tzinfo=ZONE),
        evaluated_at=None,
        hours=HOURS,
    )
    assert (found.first_contact_at, found.contact_hours) == (
        datetime(2026, 3, 10, 13, tzinfo=ZONE),
        1.0,
    )
    assert found.evaluation_hours is None


def test_a_request_nobody_contacted_has_no_waits():
    found = rf.request_waits(
        submitted_at=datetime(2026, 3, 10, 12, tzinfo=ZONE),
        contacted_at=None,
        booked_at=None,
        evaluated_at=None,
        hours=HOURS,
    )
    assert found == rf.RequestWaits(None, None, None, None, None)
