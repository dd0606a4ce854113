"""Follow-up measures through the services: the schedule staff control, what cron sends (one
reminder, then expiry), answers stored once, risk answers acknowledged or escalated once per
period."""

from datetime import UTC, datetime, timedelta

import pytest

from intake.models import (
    AuditEvent,
    FollowUpMeasure,
    OutboxEmail,
    RiskAlert,
    TextMessage,
    TimelineEntry,
)
from intake.services import followup
from tests.support.factories import make_request

pytestmark = pytest.mark.django_db

# Monday, December 7, 2026, 10:00 in New York (EST, UTC-5)
MONDAY_10 = datetime(2026, 12, 7, 15, tzinfo=UTC)
CALM_PHQ9 = [1, 1, 1, 1, 0, 0, 0, 0, 0]
CALM_GAD7 = [1, 1, 0, 0, 0, 0, 0]


def start(request, coordinator, **kwargs):
    return followup.start_followup(
        evaluation_request=request, actor=coordinator, now=MONDAY_10, **kwargs
    )


def sent_measure(request, coordinator):
    start(request, coordinator)
    followup.send_due_measures(now=MONDAY_10)
    return FollowUpMeasure.objects.get(request=request, status=FollowUpMeasure.Status.SENT)


def test_starting_follow_up_plans_seven_measures_and_says_so_on_the_timeline(coordinator):
    request = make_request()
    start(request, coordinator, reason="Agreed at the first call")
    measures = list(FollowUpMeasure.objects.filter(request=request))
    assert len(measures) == 7
    assert measures[0].due_at == MONDAY_10  # started after 9:00: the first is due at once
    assert (measures[1].due_at - MONDAY_10).days == 13  # Dec 21, 9:00
    entry = TimelineEntry.objects.filter(request=request, summary__startswith="Follow-up started")
    assert entry.get().text == "Agreed at the first call"
    assert AuditEvent.objects.filter(action="followup.started", object_id=request.reference)


def test_follow_up_cannot_be_started_twice(coordinator):
    request = make_request()
    start(request, coordinator)
    with pytest.raises(followup.FollowUpError):
        start(request, coordinator)


def test_cron_sends_the_due_measure_once_with_a_fresh_followup_link(coordinator):
    request = make_request()
    start(request, coordinator)
    before = request.status_token_hash
    report = followup.send_due_measures(now=MONDAY_10)
    again = followup.send_due_measures(now=MONDAY_10 + timedelta(minutes=10))
    assert (report.sent, again.sent) == (1, 0)
    request.refresh_from_db()
    assert request.status_token_hash != before
    email = OutboxEmail.objects.get(kind="followup.due")
    assert email.to == request.patient.email
    assert "to=followup" in email.body
    assert "PHQ" not in email.body and request.patient.first_name not in email.body


def test_a_patient_who_chose_texts_gets_the_same_link_by_text_without_clinical_words(
    coordinator,
):
    request = make_request(language="es")
    request.patient.phone, request.patient.preferred_contact = "+12025550123", "text"
    request.patient.save(update_fields=["phone", "preferred_contact"])
    request.texts_consent_version, request.texts_consented_at = "2026-12-1", MONDAY_10
    request.save(update_fields=["texts_consent_version", "texts_consented_at"])
    start(request, coordinator)
    followup.send_due_measures(now=MONDAY_10)
    text = TextMessage.objects.get(kind="followup.link")
    email = OutboxEmail.objects.get(kind="followup.due")
    link = next(word for word in text.body.split() if word.startswith("http"))
    assert "to=followup" in link and link in email.body
    assert text.language == "es"
    assert "PHQ" not in text.body and request.patient.first_name not in text.body


def test_no_text_goes_to_a_patient_who_did_not_agree_to_texts(coordinator):
    request = make_request()
    request.patient.phone = "+12025550123"
    request.patient.save(update_fields=["phone"])
    start(request, coordinator)
    followup.send_due_measures(now=MONDAY_10)
    assert OutboxEmail.objects.filter(kind="followup.due").exists()
    assert not TextMessage.objects.exists()


def test_the_email_is_in_the_patients_language(coordinator):
    request = make_request(language="es")
    start(request, coordinator)
    followup.send_due_measures(now=MONDAY_10)
    email = OutboxEmail.objects.get(kind="followup.due")
    assert email.language == "es"
    assert "Hola" in email.body


def test_one_reminder_after_two_days_then_expiry_and_no_more_messages(coordinator):
    request = make_request()
    start(request, coordinator)
    followup.send_due_measures(now=MONDAY_10)
    assert followup.send_due_measures(now=MONDAY_10 + timedelta(days=1)).reminded == 0
    assert followup.send_due_measures(now=MONDAY_10 + timedelta(days=2)).reminded == 1
    assert followup.send_due_measures(now=MONDAY_10 + timedelta(days=3)).reminded == 0
    assert followup.send_due_measures(now=MONDAY_10 + timedelta(days=5)).expired == 1
    assert OutboxEmail.objects.filter(kind__startswith="followup.").count() == 2


def test_measures_due_while_paused_are_skipped_and_resume_carries_on(coordinator):
    request = make_request()
    start(request, coordinator)
    followup.pause_followup(
        evaluation_request=request, actor=coordinator, reason="In hospital", now=MONDAY_10
    )
    report = followup.send_due_measures(now=MONDAY_10 + timedelta(days=1))
    assert (report.sent, report.skipped) == (0, 1)
    followup.resume_followup(
        evaluation_request=request, actor=coordinator, now=MONDAY_10 + timedelta(days=2)
    )
    later = followup.send_due_measures(now=MONDAY_10 + timedelta(days=14))
    assert later.sent == 1
    summaries = set(TimelineEntry.objects.values_list("summary", flat=True))
    assert {"Follow-up paused", "Follow-up resumed"} <= summaries


def test_pausing_or_stopping_needs_a_reason(coordinator):
    request = make_request()
    start(request, coordinator)
    with pytest.raises(followup.FollowUpError):
        followup.pause_followup(evaluation_request=request, actor=coordinator, reason=" ")
    with pytest.raises(followup.FollowUpError):
        followup.stop_followup(evaluation_request=request, actor=coordinator, reason="")


def test_changing_the_schedule_replans_the_future_measures(coordinator):
    request = make_request()
    start(request, coordinator)
    followup.change_followup(
        evaluation_request=request,
        actor=coordinator,
        mode="interval",
        interval_days=7,
        weeks=4,
        reason="Weekly while starting treatment",
        now=MONDAY_10 + timedelta(hours=1),
    )
    assert FollowUpMeasure.objects.filter(request=request).count() == 5  # now + 4 weekly


def test_the_patient_stopping_messages_stops_every_future_measure(coordinator):
    request = make_request()
    start(request, coordinator)
    assert followup.stop_messages_by_patient(evaluation_request=request)
    assert followup.send_due_measures(now=MONDAY_10).sent == 0
    assert AuditEvent.objects.filter(action="followup.stopped_by_patient").exists()


def test_answers_are_stored_once_with_their_language(coordinator):
    request = make_request()
    measure = sent_measure(request, coordinator)
    stored = followup.record_answers(
        measure=measure, phq9=CALM_PHQ9, difficulty="somewhat", gad7=CALM_GAD7, language="es"
    )
    assert (stored.phq9_total, stored.gad7_total, stored.language) == (4, 2, "es")
    assert not stored.risk
    with pytest.raises(followup.AlreadyAnswered):
        followup.record_answers(
            measure=measure, phq9=CALM_PHQ9, difficulty="somewhat", gad7=CALM_GAD7, language="es"
        )
    assert FollowUpMeasure.objects.answered().count() == 1


def test_answers_outside_the_scale_are_refused():
    from intake.domain import scoring

    with pytest.raises(ValueError):
        scoring.phq9_total([4, 0, 0, 0, 0, 0, 0, 0, 0])


def test_item_9_above_0_makes_the_request_urgent_and_raises_an_alert(coordinator):
    request = make_request()
    measure = sent_measure(request, coordinator)
    followup.record_answers(
        measure=measure,
        phq9=[1, 1, 1, 1, 0, 0, 0, 0, 1],
        difficulty="somewhat",
        gad7=CALM_GAD7,
        language="en",
        now=MONDAY_10,
    )
    request.refresh_from_db()
    assert request.urgent
    alert = RiskAlert.objects.get(request=request)
    assert alert.due_by == datetime(2026, 12, 7, 19, tzinfo=UTC)  # 14:00 in New York
    email = OutboxEmail.objects.get(kind="staff.followup_risk")
    assert "PHQ" not in email.body and "item" not in email.body


def test_a_screener_with_intent_marks_imminent_risk(coordinator):
    request = make_request()
    measure = sent_measure(request, coordinator)
    followup.record_answers(
        measure=measure,
        phq9=CALM_PHQ9,
        difficulty="somewhat",
        gad7=CALM_GAD7,
        language="en",
        screener={"wished_dead": True, "suicidal_thoughts": True, "intent": True},
    )
    request.refresh_from_db()
    assert request.imminent_risk and request.urgent


def test_acknowledgement_records_who_and_what_and_no_action_needs_a_reason(coordinator):
    request = make_request()
    measure = sent_measure(request, coordinator)
    followup.record_answers(
        measure=measure,
        phq9=[0, 0, 0, 0, 0, 0, 0, 0, 2],
        difficulty="somewhat",
        gad7=CALM_GAD7,
        language="en",
    )
    alert = RiskAlert.objects.get()
    with pytest.raises(followup.FollowUpError):
        followup.acknowledge_risk(alert=alert, actor=coordinator, action="no_action")
    followup.acknowledge_risk(alert=alert, actor=coordinator, action="called", note="Safe plan")
    alert.refresh_from_db()
    assert alert.acknowledged_by == coordinator and alert.action == "called"
    assert AuditEvent.objects.filter(action="risk.acknowledged").exists()
    with pytest.raises(followup.FollowUpError):
        followup.acknowledge_risk(alert=alert, actor=coordinator, action="called")


def test_an_unacknowledged_alert_escalates_once_per_period(coordinator):
    request = make_request()
    measure = sent_measure(request, coordinator)
    followup.record_answers(
        measure=measure,
        phq9=[0, 0, 0, 0, 0, 0, 0, 0, 1],
        difficulty="somewhat",
        gad7=CALM_GAD7,
        language="en",
        now=MONDAY_10,
    )
    due = datetime(2026, 12, 7, 19, tzinfo=UTC)
    assert followup.escalate_overdue(now=due - timedelta(minutes=1)) == 0
    assert followup.escalate_overdue(now=due) == 1
    assert followup.escalate_overdue(now=due + timedelta(minutes=30)) == 0  # same period
    assert followup.escalate_overdue(now=due + timedelta(hours=3)) == 0  # 17:00: 3 hours in
    # 14:00 + 4 business hours = Tuesday 10:00 in New York: the second period
    assert followup.escalate_overdue(now=datetime(2026, 12, 8, 15, tzinfo=UTC)) == 1
    escalations = OutboxEmail.objects.filter(kind="staff.followup_escalation")
    assert escalations.count() == 2
    assert {e.to for e in escalations} == {"clinical-lead@clinic.example"}
    assert AuditEvent.objects.filter(action="risk.escalated").count() == 2
    followup.acknowledge_risk(alert=RiskAlert.objects.get(), actor=coordinator, action="called")
    assert followup.escalate_overdue(now=due + timedelta(days=3)) == 0


def test_the_clinic_setting_starts_follow_up_for_every_new_request(settings):
    settings.FOLLOWUP_START_ON_SUBMIT = True
    request = make_request()
    assert request.followup_schedule.status == "active"
    assert FollowUpMeasure.objects.filter(request=request).count() == 7


def test_the_cron_commands_run_and_say_what_they_did(coordinator):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("send_followups", stdout=out)
    call_command("escalate_risk", stdout=out)
    assert "Sent 0" in out.getvalue() and "Escalated 0" in out.getvalue()


def test_anonymising_a_request_stops_its_follow_up_and_clears_acknowledgement_notes(
    coordinator,
):
    from intake.services.retention import _anonymise_request

    request = make_request()
    measure = sent_measure(request, coordinator)
    followup.record_answers(
        measure=measure,
        phq9=[0, 0, 0, 0, 0, 0, 0, 0, 1],
        difficulty="somewhat",
        gad7=CALM_GAD7,
        language="en",
    )
    followup.acknowledge_risk(
        alert=RiskAlert.objects.get(), actor=coordinator, action="called", note="Private"
    )
    _anonymise_request(request, now=MONDAY_10)
    assert RiskAlert.objects.get().note == ""
    assert request.followup_schedule.__class__.objects.get().status == "stopped"
    assert not FollowUpMeasure.objects.filter(status="scheduled").exists()


def test_a_patients_exported_record_holds_their_follow_up(coordinator):
    from intake.services.retention import patient_record

    request = make_request()
    measure = sent_measure(request, coordinator)
    followup.record_answers(
        measure=measure, phq9=CALM_PHQ9, difficulty="somewhat", gad7=CALM_GAD7, language="es"
    )
    [exported] = patient_record(request.patient)["requests"]
    assert exported["followup_schedule"]["status"] == "active"
    assert any(m["phq9_total"] == 4 for m in exported["followups"])


def test_the_acknowledgement_targets_count_the_same_business_days_as_the_reports(settings):
    settings.BUSINESS_HOURS_OPEN, settings.BUSINESS_HOURS_CLOSE = 8, 12
    settings.BUSINESS_DAYS = [5]  # Saturdays only
    hours = followup.business_hours()
    assert (hours.opens, hours.closes, hours.weekdays) == (8, 12, frozenset({5}))
