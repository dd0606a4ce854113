"""The waitlist and video rooms: a freed slot is offered in order (urgent first, then longest
waiting), one offer at a time, held for WAITLIST_OFFER_HOURS; the first to accept gets it; each
video visit has its own room, retired when moved or cancelled."""

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from intake.models import (
    Appointment,
    EvaluationRequest,
    OutboxEmail,
    SlotOffer,
    TextMessage,
    WaitlistEntry,
)
from intake.services import scheduling, self_scheduling, waitlist
from tests.support.factories import make_request
from tests.support.scheduling_setup import make_clinician

pytestmark = pytest.mark.django_db


@pytest.fixture
def doctor(clinician):
    return make_clinician(clinician, weekdays=range(7), start=8, end=20)


def slots_on(doctor, days_ahead):
    day = timezone.localdate() + timedelta(days=days_ahead)
    return [i.slot for i in scheduling.free_slots(first_day=day, last_day=day, clinician=doctor)]


def booked(doctor, slot, *, urgent=False, visit_type="either"):
    request = make_request()
    EvaluationRequest.objects.filter(pk=request.pk).update(urgent=urgent, visit_type=visit_type)
    request.refresh_from_db()
    return scheduling.book_evaluation(
        evaluation_request=request,
        clinician=doctor,
        starts_at=slot.starts_at,
        mode="telehealth",
        actor=None,
    )


def cancel(appointment):
    return scheduling.cancel_appointment(appointment=appointment, reason="Away", by_patient=True)


def test_a_freed_slot_goes_to_the_urgent_patient_first_then_the_longest_waiting(doctor):
    early, *_ = slots_on(doctor, 2)
    later = slots_on(doctor, 9)
    freed = booked(doctor, early)
    first_waiting = booked(doctor, later[0])
    urgent = booked(doctor, later[1], urgent=True)
    waitlist.join_waitlist(evaluation_request=first_waiting.request, weekdays=[])
    waitlist.join_waitlist(evaluation_request=urgent.request, weekdays=[])
    cancel(freed)
    [offer] = SlotOffer.objects.all()
    assert offer.entry.request == urgent.request
    assert offer.starts_at == early.starts_at
    email = OutboxEmail.objects.filter(kind="waitlist.offer").get()
    assert "to=offer" in email.body and urgent.request.patient.email in email.to


def test_an_offer_expires_and_passes_to_the_next_patient(doctor, settings):
    early = slots_on(doctor, 2)[0]
    later = slots_on(doctor, 9)
    freed = booked(doctor, early)
    one, two = booked(doctor, later[0]), booked(doctor, later[1])
    waitlist.join_waitlist(evaluation_request=one.request, weekdays=[])
    waitlist.join_waitlist(evaluation_request=two.request, weekdays=[])
    cancel(freed)
    first = SlotOffer.objects.get()
    assert first.expires_at == first.created_at + timedelta(hours=settings.WAITLIST_OFFER_HOURS)
    assert waitlist.expire_offers(now=first.expires_at + timedelta(minutes=1)) == 1
    first.refresh_from_db()
    assert first.status == SlotOffer.Status.EXPIRED
    second = SlotOffer.objects.exclude(pk=first.pk).get()
    assert second.entry.request == two.request


def test_accepting_moves_the_booking_and_frees_the_later_slot_for_the_next(doctor):
    early = slots_on(doctor, 2)[0]
    later = slots_on(doctor, 9)
    freed = booked(doctor, early)
    mover = booked(doctor, later[2])
    behind = booked(doctor, slots_on(doctor, 12)[0])
    waitlist.join_waitlist(evaluation_request=mover.request, weekdays=[])
    waitlist.join_waitlist(evaluation_request=behind.request, weekdays=[])
    cancel(freed)
    offer = SlotOffer.objects.get(entry__request=mover.request)
    moved = self_scheduling.accept_offer(offer=offer)
    assert moved.pk == mover.pk and moved.starts_at == early.starts_at
    assert moved.moved_by == Appointment.By.PATIENT
    assert WaitlistEntry.objects.get(request=mover.request).status == "moved"
    # The slot it left is offered to the patient behind, whose evaluation is later still.
    assert SlotOffer.objects.get(entry__request=behind.request).starts_at == later[2].starts_at


def test_an_offer_taken_meanwhile_is_gone_and_never_double_books(doctor):
    early = slots_on(doctor, 2)[0]
    freed = booked(doctor, early)
    waiting = booked(doctor, slots_on(doctor, 9)[0])
    waitlist.join_waitlist(evaluation_request=waiting.request, weekdays=[])
    cancel(freed)
    offer = SlotOffer.objects.get()
    booked(doctor, early)  # staff give the freed time to someone else first
    with pytest.raises(scheduling.BookingError):
        self_scheduling.accept_offer(offer=offer)
    offer.refresh_from_db()
    assert offer.status == SlotOffer.Status.GONE
    assert Appointment.objects.active().filter(starts_at=early.starts_at).count() == 1


def test_certain_days_only_get_offers_on_those_days(doctor):
    early = slots_on(doctor, 2)[0]
    weekday = timezone.localtime(early.starts_at).weekday()
    freed = booked(doctor, early)
    other_days = booked(doctor, slots_on(doctor, 9)[0])
    waitlist.join_waitlist(
        evaluation_request=other_days.request, weekdays=[(weekday + 1) % 7, (weekday + 2) % 7]
    )
    cancel(freed)
    assert not SlotOffer.objects.exists()


def test_a_cancelled_appointment_leaves_the_waitlist(doctor):
    waiting = booked(doctor, slots_on(doctor, 9)[0])
    waitlist.join_waitlist(evaluation_request=waiting.request, weekdays=[])
    cancel(waiting)
    assert WaitlistEntry.objects.get().status == "withdrawn"


def test_each_video_visit_has_its_own_room_in_the_email_and_ics(doctor, settings):
    settings.VIDEO_ROOM_BASE = "https://meet.clinic.example"
    one, two = slots_on(doctor, 2)[:2]
    first, second = booked(doctor, one), booked(doctor, two)
    assert first.video_room and first.video_room != second.video_room
    assert len(first.video_room) >= 32  # 192 random bits
    assert first.request.reference not in first.video_room
    email = OutboxEmail.objects.filter(kind="appointment.booked").earliest("pk")
    assert first.video_link in email.body
    event = Calendar.from_ical(email.calendar).walk("VEVENT")[0]
    assert str(event["location"]) == first.video_link
    assert str(event["url"]) == first.video_link


def test_a_moved_or_cancelled_visit_retires_its_room(doctor, settings):
    settings.VIDEO_ROOM_BASE = "https://meet.clinic.example"
    appointment = booked(doctor, slots_on(doctor, 2)[0])
    old = appointment.video_room
    moved = scheduling.reschedule_appointment(
        appointment=appointment,
        clinician=doctor,
        starts_at=slots_on(doctor, 3)[0].starts_at,
        mode="telehealth",
        actor=None,
    )
    assert moved.video_room and moved.video_room != old
    cancelled = cancel(moved)
    cancelled.refresh_from_db()
    assert cancelled.video_room == "" and cancelled.video_link == ""


def test_the_join_button_shows_from_the_settings_minutes_before(doctor, settings):
    settings.VIDEO_ROOM_BASE = "https://meet.clinic.example"
    appointment = booked(doctor, slots_on(doctor, 2)[0])
    opens = appointment.starts_at - timedelta(minutes=settings.VIDEO_JOIN_MINUTES)
    assert not appointment.can_be_joined(opens - timedelta(minutes=1))
    assert appointment.can_be_joined(opens)
    assert not appointment.can_be_joined(appointment.ends_at)


def test_a_clinicians_fixed_link_wins_and_in_person_visits_have_none(doctor, settings):
    settings.VIDEO_ROOM_BASE = ""
    appointment = booked(doctor, slots_on(doctor, 2)[0])
    assert appointment.video_link == ""
    doctor.video_link = "https://video.example/dr-lee"
    doctor.save()
    appointment.refresh_from_db()
    assert appointment.video_link == "https://video.example/dr-lee"
    Appointment.objects.filter(pk=appointment.pk).update(mode="in_person")
    appointment.refresh_from_db()
    assert appointment.video_link == ""


def test_the_cron_command_expires_offers_and_passes_them_on(doctor, settings):
    from django.core.management import call_command

    early = slots_on(doctor, 2)[0]
    freed = booked(doctor, early)
    one, two = booked(doctor, slots_on(doctor, 9)[0]), booked(doctor, slots_on(doctor, 9)[1])
    waitlist.join_waitlist(evaluation_request=one.request, weekdays=[])
    waitlist.join_waitlist(evaluation_request=two.request, weekdays=[])
    cancel(freed)
    SlotOffer.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    call_command("expire_slot_offers")
    assert list(SlotOffer.objects.values_list("status", flat=True).order_by("pk")) == [
        "expired",
        "offered",
    ]


def test_an_offer_is_texted_too_to_a_patient_who_chose_texts_with_the_emails_link(doctor):
    early = slots_on(doctor, 2)[0]
    freed = booked(doctor, early)
    waiting = booked(doctor, slots_on(doctor, 9)[0])
    patient = waiting.request.patient
    patient.phone, patient.preferred_contact = "+12025550123", "text"
    patient.save(update_fields=["phone", "preferred_contact"])
    EvaluationRequest.objects.filter(pk=waiting.request.pk).update(
        texts_consent_version="2026-12-1", texts_consented_at=timezone.now()
    )
    waitlist.join_waitlist(evaluation_request=waiting.request, weekdays=[])
    cancel(freed)
    text = TextMessage.objects.get(kind="waitlist.offer")
    assert text.phone == "+12025550123"
    email = OutboxEmail.objects.get(kind="waitlist.offer")
    link = next(word for word in text.body.split() if word.startswith("http"))
    assert link in email.body


def test_an_offer_is_not_texted_to_a_patient_who_did_not_agree_to_texts(doctor):
    freed = booked(doctor, slots_on(doctor, 2)[0])
    waiting = booked(doctor, slots_on(doctor, 9)[0])
    waiting.request.patient.phone = "+12025550123"
    waiting.request.patient.save(update_fields=["phone"])
    waitlist.join_waitlist(evaluation_request=waiting.request, weekdays=[])
    cancel(freed)
    assert OutboxEmail.objects.filter(kind="waitlist.offer").exists()
    assert not TextMessage.objects.filter(kind="waitlist.offer").exists()
