"""The request page's follow-up section: the schedule's controls, the trend chart with its table,
the summary's finding, and the acknowledgement of a risk answer."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from intake.models import FollowUpMeasure, RiskAlert, TimelineEntry
from intake.pages.charts import Band, Chart, Point, Series, line_chart
from intake.services import followup
from tests.support.factories import make_request

pytestmark = pytest.mark.django_db


def answer(request, phq9, gad7=None, *, days_later=14):
    """A follow-up answered `days_later` days after the intake."""
    measure = FollowUpMeasure.objects.create(
        request=request,
        due_at=request.submitted_at + timedelta(days=days_later),
        status=FollowUpMeasure.Status.SENT,
        sent_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=5),
    )
    return followup.record_answers(
        measure=measure,
        phq9=phq9,
        difficulty="somewhat",
        gad7=gad7 or [1, 1, 1, 0, 0, 0, 0],
        language="en",
        now=request.submitted_at + timedelta(days=days_later),
    )


def test_the_chart_helper_returns_accessible_svg_without_script_or_inline_style():
    svg = str(
        line_chart(
            Chart(
                title="Scores <over> time",
                description="A & B",
                x_labels=["Dec 1", "Dec 15"],
                series=[Series("Total", [Point(10, "#a"), Point(4, "#b")], "primary")],
                y_max=27,
                y_labels=[0, 5, 10, 27],
                bands=[Band(0, 5, "Minimal", 0), Band(5, 27, "Above", 4)],
            )
        )
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title " in svg and "Scores &lt;over&gt; time" in svg and "A &amp; B" in svg
    assert "<script" not in svg and "<style" not in svg and "style=" not in svg
    assert svg.count('class="band band-') == 2
    assert 'href="#a"' in svg


def test_a_request_without_follow_up_offers_to_start_it(client, coordinator):
    request = make_request()
    client.force_login(coordinator)
    page = client.get(f"/staff/requests/{request.reference}/").content.decode()
    assert "Follow-up has not been started" in page
    assert 'value="start"' in page
    assert "<svg" not in page


def test_a_coordinator_starts_and_pauses_follow_up_from_the_page(client, coordinator):
    request = make_request()
    client.force_login(coordinator)
    url = f"/staff/requests/{request.reference}/follow-up/"
    response = client.post(
        url, {"operation": "start", "mode": "interval", "interval_days": "14", "weeks": "12"}
    )
    assert response.status_code == 302
    refused = client.post(url, {"operation": "pause", "reason": ""})
    assert refused.status_code == 400 and b"Say why, for the timeline." in refused.content
    client.post(url, {"operation": "pause", "reason": "Travelling"})
    request.followup_schedule.refresh_from_db()
    assert request.followup_schedule.status == "paused"
    assert TimelineEntry.objects.filter(request=request, summary="Follow-up paused").exists()


def test_the_trend_has_both_charts_a_table_with_the_same_figures_and_the_summary_finding(
    client, coordinator
):
    request = make_request()
    baseline = request.phq9_total
    assert baseline >= 10
    answer(request, [0, 0, 1, 1, 1, 0, 0, 0, 0], days_later=14)
    client.force_login(coordinator)
    page = client.get(f"/staff/requests/{request.reference}/").content.decode()
    assert page.count('class="trend-chart"') == 2
    assert "PHQ-9 total over time" in page and "GAD-7 total over time" in page
    table = page.split('class="table table-sm align-middle followup-table"', 1)[1]
    assert f"<td>{baseline} " in table and "<td>3 " in table
    assert "Follow-up: remission" in page
    assert re.search(r'href="#followup-\d+"', page)  # each point opens its answers


def test_a_risk_answer_is_shown_first_and_acknowledged_by_name(client, coordinator):
    request = make_request()
    answer(request, [1, 1, 1, 1, 1, 1, 1, 1, 1])
    client.force_login(coordinator)
    page = client.get(f"/staff/requests/{request.reference}/").content.decode()
    assert "Follow-up risk answer to acknowledge" in page
    alert = RiskAlert.objects.get()
    url = f"/staff/requests/{request.reference}/follow-up/acknowledge/"
    refused = client.post(url, {"alert": alert.pk, "action": "no_action", "note": ""})
    assert refused.status_code == 400 and b"Say why no action was needed." in refused.content
    done = client.post(url, {"alert": alert.pk, "action": "called", "note": "Spoke with them"})
    assert done.status_code == 302
    alert.refresh_from_db()
    assert alert.acknowledged_by == coordinator
    after = client.get(f"/staff/requests/{request.reference}/").content.decode()
    assert "Follow-up risk answer to acknowledge" not in after
    assert "Called the patient, by Casey" in after


def test_another_requests_alert_cannot_be_acknowledged_through_this_one(client, coordinator):
    mine, other = make_request(), make_request()
    answer(other, [1, 1, 1, 1, 1, 1, 1, 1, 1])
    client.force_login(coordinator)
    response = client.post(
        f"/staff/requests/{mine.reference}/follow-up/acknowledge/",
        {"alert": RiskAlert.objects.get().pk, "action": "called"},
    )
    assert response.status_code == 404


def test_an_editor_cannot_reach_the_follow_up_actions(client, editor):
    request = make_request()
    client.force_login(editor)
    response = client.post(f"/staff/requests/{request.reference}/follow-up/", {})
    assert response.status_code in (403, 404)


def test_the_page_with_26_follow_ups_stays_within_its_queries(
    client, coordinator, django_assert_max_num_queries
):
    request = make_request()
    for index in range(26):
        answer(request, [2, 2, 1, 1, 1, 1, 1, 0, 0], days_later=14 * (index + 1))
    client.force_login(coordinator)
    client.get(f"/staff/requests/{request.reference}/")  # warm caches
    with django_assert_max_num_queries(60):
        page = client.get(f"/staff/requests/{request.reference}/")
    assert page.status_code == 200


def test_the_queue_shows_the_latest_score_its_change_and_the_risk_mark(client, coordinator):
    calm, risky = make_request(), make_request()
    answer(calm, [0, 0, 1, 1, 1, 0, 0, 0, 0])
    answer(risky, [1, 1, 1, 1, 1, 1, 1, 1, 1])
    client.force_login(coordinator)
    page = client.get("/staff/").content.decode()
    assert "Follow-up 3: -" in page and "remission" in page
    assert "Risk answer to acknowledge" in page
    rows = page.split("<tbody>", 1)[1]
    assert rows.index(risky.reference) < rows.index(calm.reference)  # urgent now: first


def test_the_queue_filters_on_follow_up(client, coordinator):
    remission, response, none, overdue = (make_request() for _ in range(4))
    answer(remission, [0, 0, 1, 1, 1, 0, 0, 0, 0])
    assert response.phq9_total >= 10
    answer(response, [2, 2, 1, 0, 0, 0, 0, 0, 0])  # 5: half the baseline or less, not under 5
    answer(none, [3, 3, 2, 2, 2, 2, 0, 0, 0])
    type(overdue).objects.filter(pk=overdue.pk).update(followup_overdue=True)
    client.force_login(coordinator)

    def shown(value):
        page = client.get(f"/staff/?status=all&followup={value}").content.decode()
        return {r.reference for r in (remission, response, none, overdue) if r.reference in page}

    assert shown("remission") == {remission.reference}
    assert shown("response") == {response.reference}
    assert shown("overdue") == {overdue.reference}
    assert none.reference in shown("no_response") | shown("worsening")


def test_an_overdue_risk_answer_puts_a_red_mark_on_the_queue(client, coordinator):
    request = make_request()
    answer(request, [0, 0, 0, 0, 0, 0, 0, 0, 2])
    type(request).objects.filter(pk=request.pk).update(
        risk_ack_due_by=timezone.now() - timedelta(hours=1)
    )
    client.force_login(coordinator)
    page = client.get("/staff/").content.decode()
    assert "1 follow-up risk answer not acknowledged in time" in page
    assert "acknowledgement overdue" in page


def test_the_queue_with_follow_up_filters_keeps_its_query_count(
    client, coordinator, django_assert_max_num_queries
):
    for _ in range(3):
        answer(make_request(), [0, 0, 1, 1, 1, 0, 0, 0, 1])
    client.force_login(coordinator)
    client.get("/staff/?followup=unacknowledged")
    with django_assert_max_num_queries(16):
        assert client.get("/staff/?followup=unacknowledged").status_code == 200
