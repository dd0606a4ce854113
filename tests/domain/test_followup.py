"""The follow-up rules without the database: the schedule (across DST in the clinic's zone, and
pauses), response and remission, when the screener is asked, business-hour escalation."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from intake.domain import followup
from intake.domain.followup import BusinessHours, Mode, Outcome, Pause, Plan

NY = "America/New_York"
NYZ = ZoneInfo(NY)


def test_the_default_plan_is_one_before_the_evaluation_then_every_14_days_for_12_weeks():
    days = followup.due_days(Plan(), start=date(2026, 1, 5), evaluation_day=date(2026, 1, 9))
    assert days == [
        date(2026, 1, 8),  # the day before the evaluation
        date(2026, 1, 19),
        date(2026, 2, 2),
        date(2026, 2, 16),
        date(2026, 3, 2),
        date(2026, 3, 16),
        date(2026, 3, 30),  # 12 weeks after the start
    ]


def test_without_a_booked_evaluation_the_first_measure_is_due_at_the_start():
    days = followup.due_days(Plan(), start=date(2026, 1, 5))
    assert days[0] == date(2026, 1, 5)
    assert len(days) == 7


def test_an_evaluation_on_the_start_day_puts_the_first_measure_on_the_start_day():
    days = followup.due_days(Plan(), start=date(2026, 1, 5), evaluation_day=date(2026, 1, 5))
    assert days[0] == date(2026, 1, 5)


def test_before_appointments_mode_is_the_day_before_each_booked_appointment():
    plan = Plan(mode=Mode.BEFORE_APPOINTMENTS)
    days = followup.due_days(
        plan,
        start=date(2026, 1, 5),
        appointment_days=[
            date(2026, 1, 20),
            date(2026, 1, 5),
            date(2026, 1, 13),
            date(2026, 1, 20),
        ],
    )
    assert days == [date(2026, 1, 12), date(2026, 1, 19)]


def test_a_measure_due_at_nine_stays_at_nine_on_the_clinic_clock_across_both_dst_changes():
    plan = Plan()
    # 2026: DST starts Sunday March 8, ends Sunday November 1 in New York.
    before_spring = followup.due_at(date(2026, 3, 2), plan, NY)
    after_spring = followup.due_at(date(2026, 3, 16), plan, NY)
    assert (before_spring.hour, after_spring.hour) == (9, 9)
    assert before_spring.astimezone(UTC).hour == 14  # EST, UTC-5
    assert after_spring.astimezone(UTC).hour == 13  # EDT, UTC-4
    assert after_spring.astimezone(UTC) - before_spring.astimezone(UTC) == timedelta(
        days=14, hours=-1
    )
    autumn = followup.due_at(date(2026, 11, 2), plan, NY)
    assert autumn.astimezone(UTC).hour == 14 and autumn.astimezone(NYZ).hour == 9


def test_a_due_hour_inside_the_spring_gap_moves_to_the_hour_after_it():
    moment = followup.due_at(date(2026, 3, 8), Plan(send_hour=2), NY)
    assert moment.astimezone(NYZ).hour == 3


def test_a_plan_refuses_nonsense():
    with pytest.raises(ValueError):
        Plan(interval_days=0)
    with pytest.raises(ValueError):
        Plan(weeks=0)
    with pytest.raises(ValueError):
        Plan(send_hour=24)


def test_measures_due_while_paused_are_skipped_and_resume_carries_on():
    times = [datetime(2026, 1, day, 14, tzinfo=UTC) for day in (5, 19)] + [
        datetime(2026, 2, 2, 14, tzinfo=UTC)
    ]
    pause = Pause(start=datetime(2026, 1, 10, tzinfo=UTC), end=datetime(2026, 1, 25, tzinfo=UTC))
    assert followup.outside_pauses(times, [pause]) == [times[0], times[2]]
    still_paused = Pause(start=datetime(2026, 1, 10, tzinfo=UTC), end=None)
    assert followup.outside_pauses(times, [still_paused]) == [times[0]]


def test_one_reminder_after_two_days_then_the_measure_expires():
    sent = datetime(2026, 1, 5, 14, tzinfo=UTC)
    assert followup.reminder_at(sent, 2) == sent + timedelta(days=2)
    assert followup.expires_at(sent, 2, 3) == sent + timedelta(days=5)


@pytest.mark.parametrize(
    ("baseline", "latest", "expected"),
    [
        (20, 4, Outcome.REMISSION),  # under 5 is remission, whatever the drop
        (4, 4, Outcome.REMISSION),
        (20, 10, Outcome.RESPONSE),  # exactly half
        (21, 10, Outcome.RESPONSE),
        (20, 11, Outcome.NO_RESPONSE),  # 45% down
        (12, 16, Outcome.NO_RESPONSE),  # up 4: under the clinic's worsening threshold
        (12, 17, Outcome.WORSENING),
        (0, 5, Outcome.WORSENING),
    ],
)
def test_response_remission_and_worsening_follow_hedis_and_the_clinic_threshold(
    baseline, latest, expected
):
    assert followup.outcome(baseline, latest) == expected


def test_a_baseline_of_zero_can_never_show_a_response():
    assert not followup.is_response(0, 0)


def test_the_change_since_baseline_reads_as_points_and_percent():
    assert followup.change_since_baseline(19, 9) == "-10 (-53%)"
    assert followup.change_since_baseline(10, 13) == "+3 (+30%)"
    assert followup.change_since_baseline(10, 10) == "0"
    assert followup.change_since_baseline(0, 3) == "+3"


@pytest.mark.parametrize(
    ("item9", "last_yes", "due"),
    [(0, False, False), (None, False, False), (1, False, True), (0, True, True), (3, True, True)],
)
def test_the_screener_is_asked_when_item_9_is_above_0_or_the_last_screener_had_a_yes(
    item9, last_yes, due
):
    assert followup.screener_due(item9=item9, last_screener_any_yes=last_yes) is due


def test_a_risk_answer_is_item_9_above_0_or_any_screener_yes():
    assert followup.is_risk_answer(item9=1)
    assert followup.is_risk_answer(item9=0, screener=[False, True, None])
    assert not followup.is_risk_answer(item9=0, screener=[False, None, False])


def _ny(*args) -> datetime:
    return datetime(*args, tzinfo=NYZ)


def test_four_business_hours_within_one_day():
    assert followup.add_business_hours(_ny(2026, 12, 7, 10), 4, NY) == _ny(2026, 12, 7, 14)


def test_four_business_hours_from_friday_afternoon_end_on_monday():
    assert followup.add_business_hours(_ny(2026, 12, 4, 16), 4, NY) == _ny(2026, 12, 7, 12)


def test_a_risk_answer_at_night_counts_from_the_next_opening():
    assert followup.add_business_hours(_ny(2026, 12, 7, 22), 4, NY) == _ny(2026, 12, 8, 13)
    assert followup.add_business_hours(_ny(2026, 12, 5, 11), 4, NY) == _ny(2026, 12, 7, 13)


def test_business_hours_count_on_the_wall_clock_across_a_dst_weekend():
    # Friday Oct 30, 2026, 3 PM EDT + 4 business hours = Monday Nov 2, 11 AM EST.
    deadline = followup.add_business_hours(_ny(2026, 10, 30, 15), 4, NY)
    assert deadline.astimezone(NYZ) == datetime(2026, 11, 2, 11, tzinfo=NYZ)
    assert deadline.astimezone(UTC).hour == 16


def test_business_hours_refuse_nonsense():
    with pytest.raises(ValueError):
        BusinessHours(opens=17, closes=9)
    with pytest.raises(ValueError):
        BusinessHours(weekdays=frozenset())


def test_escalation_periods_count_business_hours_after_the_deadline():
    deadline = _ny(2026, 12, 7, 13)
    assert followup.escalation_period(_ny(2026, 12, 7, 12, 59), deadline, 4, NY) == 0
    assert followup.escalation_period(deadline, deadline, 4, NY) == 1
    assert followup.escalation_period(_ny(2026, 12, 7, 16, 59), deadline, 4, NY) == 1
    # 13:00 + 4 business hours = 17:00, closing time; the next period ends the next day at 13:00
    assert followup.escalation_period(_ny(2026, 12, 7, 17), deadline, 4, NY) == 2
    assert followup.escalation_period(_ny(2026, 12, 8, 9, 30), deadline, 4, NY) == 2
    assert followup.escalation_period(_ny(2026, 12, 8, 13), deadline, 4, NY) == 3
    assert followup.escalation_period(_ny(2026, 12, 8, 17), deadline, 4, NY) == 4


def test_the_summary_gains_a_finding_for_response_remission_and_worsening_with_evidence():
    baseline = ("Dec 1, 2026", 18)
    remission = followup.trend_finding(baseline=baseline, followups=[("Jan 12, 2027", 4)])
    assert remission.code == "followup_remission" and remission.level == "info"
    assert [e.answer for e in remission.evidence] == ["18", "4"]
    assert "Jan 12, 2027" in remission.evidence[1].question
    response = followup.trend_finding(baseline=baseline, followups=[("a", 12), ("b", 9)])
    assert response.code == "followup_response"
    worse = followup.trend_finding(baseline=baseline, followups=[("a", 23)])
    assert worse.code == "followup_worsening" and worse.level == "consider"
    assert followup.trend_finding(baseline=baseline, followups=[("a", 15)]) is None
    assert followup.trend_finding(baseline=baseline, followups=[]) is None
