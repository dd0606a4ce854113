"""Patients racing for one time, on PostgreSQL where the exclusion constraint decides: two
patients choosing it at the same moment, and a waitlist offer accepted while another patient
chooses it. Exactly one gets it, the other a clear refusal, never an error."""

import threading

import pytest
from django.db import connection

from intake.models import Appointment, EvaluationRequest, SlotOffer
from intake.services import scheduling, self_scheduling, waitlist
from tests.support.databases import require_postgresql
from tests.support.factories import make_request
from tests.support.scheduling_setup import at, make_clinician

NOW = at(2026, 5, 29, 7)


def invited_request():
    request = make_request()
    EvaluationRequest.objects.filter(pk=request.pk).update(
        visit_type="telehealth", self_booking_invited_at=NOW, urgent=False, imminent_risk=False
    )
    request.refresh_from_db()
    return request


def at_once(*attempts) -> list[str]:
    barrier = threading.Barrier(len(attempts))
    outcomes = []

    def run(attempt):
        try:
            barrier.wait()
            attempt()
            outcomes.append("booked")
        except scheduling.BookingError as refusal:
            outcomes.append(str(refusal))
        except Exception as error:  # anything else fails the test
            outcomes.append(f"error: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(attempt,)) for attempt in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_patients_choosing_one_time_at_once_get_exactly_one_booking(reference_data, clinician):
    require_postgresql("the no-double-booking guarantee is proven on PostgreSQL")
    make_clinician(clinician, weekdays=range(7), start=8, end=20)
    one, two = invited_request(), invited_request()
    for repetition in range(10):
        when = at(2026, 6, 1 + repetition, 10)

        def choose(request, when=when):
            return lambda: self_scheduling.choose_time(
                evaluation_request=request,
                starts_at=when,
                clinician=None,
                mode="telehealth",
                now=NOW,
            )

        outcomes = at_once(choose(one), choose(two))
        assert sorted(outcomes) == sorted(["booked", scheduling.CONFLICT_MESSAGE]), outcomes
        assert Appointment.objects.active().filter(starts_at=when).count() == 1
        Appointment.objects.update(status="cancelled")


@pytest.mark.django_db(transaction=True)
def test_an_offer_accepted_while_another_patient_chooses_the_time_goes_to_one(
    reference_data, clinician
):
    require_postgresql("the no-double-booking guarantee is proven on PostgreSQL")
    doctor = make_clinician(clinician, weekdays=range(7), start=8, end=20)
    early, later = at(2026, 6, 2, 10), at(2026, 6, 9, 10)
    waiting, chooser, leaving = invited_request(), invited_request(), invited_request()
    for request, when in ((waiting, later), (leaving, early)):
        scheduling.book_evaluation(
            evaluation_request=request,
            clinician=doctor,
            starts_at=when,
            mode="telehealth",
            actor=None,
            now=NOW,
        )
    waitlist.join_waitlist(evaluation_request=waiting, weekdays=[], now=NOW)
    scheduling.cancel_appointment(
        appointment=Appointment.objects.get(request=leaving), reason="Away", now=NOW
    )
    offer = SlotOffer.objects.get()
    outcomes = at_once(
        lambda: self_scheduling.accept_offer(offer=offer, now=NOW),
        lambda: self_scheduling.choose_time(
            evaluation_request=chooser,
            starts_at=early,
            clinician=doctor,
            mode="telehealth",
            now=NOW,
        ),
    )
    assert outcomes.count("booked") == 1, outcomes
    assert not [outcome for outcome in outcomes if outcome.startswith("error")], outcomes
    assert Appointment.objects.active().filter(starts_at=early).count() == 1
