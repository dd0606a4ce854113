"""The waitlist in the administrators' admin: read-only lists of entries and slot offers, named
by the request's reference only, audited, and as cheap with many rows as with a few."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from intake.models import AuditEvent, EvaluationRequest, SlotOffer, WaitlistEntry
from tests.support.factories import make_request
from tests.support.scheduling_setup import make_clinician

pytestmark = pytest.mark.django_db

ENTRIES = "/admin/intake/waitlistentry/"
OFFERS = "/admin/intake/slotoffer/"


@pytest.fixture
def signed_in(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def doctor(clinician):
    return make_clinician(clinician)


def make_offers(doctor, count: int) -> list[SlotOffer]:
    now = timezone.now()
    offers = []
    for n in range(count):
        entry = WaitlistEntry.objects.create(request=make_request(), weekdays=[0, 4] if n else [])
        offers.append(
            SlotOffer.objects.create(
                entry=entry,
                clinician=doctor,
                starts_at=now + timedelta(days=2, hours=n),
                ends_at=now + timedelta(days=2, hours=n + 1),
                mode="telehealth",
                expires_at=now + timedelta(hours=2),
            )
        )
    return offers


def test_the_lists_show_state_times_and_the_reference_but_no_name(signed_in, doctor):
    [offer] = make_offers(doctor, 1)
    request = offer.entry.request
    patient = request.patient
    # Names no page text could hold by chance.
    patient.first_name, patient.last_name = "Zebulonia", "Quixtanobel"
    patient.email = "zq-canary@example.com"
    patient.save(update_fields=["first_name", "last_name", "email"])
    EvaluationRequest.objects.filter(pk=request.pk).update(
        patient_first_name="Zebulonia", patient_last_name="Quixtanobel"
    )
    for url in (ENTRIES, OFFERS, f"{OFFERS}{offer.pk}/change/"):
        body = signed_in.get(url).content.decode()
        assert request.reference in body
        for name in ("Zebulonia", "Quixtanobel", "zq-canary"):
            assert name not in body
    entries = signed_in.get(ENTRIES).content.decode()
    assert "Waiting" in entries and "any time earlier" in entries
    offers = signed_in.get(OFFERS).content.decode()
    assert "Offered" in offers and "Dr. Morgan Lee" in offers


def test_the_lists_filter_on_state_and_find_a_reference(signed_in, doctor):
    first, second = make_offers(doctor, 2)
    SlotOffer.objects.filter(pk=second.pk).update(status=SlotOffer.Status.EXPIRED)
    expired = signed_in.get(OFFERS, {"status__exact": "expired"})
    assert [o.pk for o in expired.context["cl"].result_list] == [second.pk]
    found = signed_in.get(ENTRIES, {"q": first.entry.request.reference})
    assert [e.pk for e in found.context["cl"].result_list] == [first.entry.pk]
    # A lookup the lists do not declare would put patient data in the address: refused.
    assert signed_in.get(ENTRIES, {"request__patient__last_name": "x"}).status_code == 400


@pytest.mark.parametrize("url", [ENTRIES, OFFERS])
def test_each_list_costs_the_same_queries_whatever_the_rows(
    signed_in, doctor, url, django_assert_max_num_queries
):
    make_offers(doctor, 3)
    signed_in.get(url)  # what the first page of a session caches is cached
    # Session, user, second factor, the count, clinic details, the page of rows joined to their
    # requests (and clinicians), and the audit event (chain head, insert, update): nine on
    # SQLite and on PostgreSQL, whatever the rows.
    with django_assert_max_num_queries(9) as few:
        signed_in.get(url)
    make_offers(doctor, 30)
    with django_assert_max_num_queries(9) as many:
        response = signed_in.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(response.context["cl"].result_list) == 33


@pytest.mark.parametrize("url", [ENTRIES, OFFERS])
def test_nothing_can_be_added_changed_or_deleted(signed_in, doctor, url):
    [offer] = make_offers(doctor, 1)
    pk = offer.pk if url == OFFERS else offer.entry.pk
    assert signed_in.get(f"{url}add/").status_code == 403
    assert signed_in.get(f"{url}{pk}/change/").status_code == 200  # read only
    assert signed_in.post(f"{url}{pk}/change/", {"status": "accepted"}).status_code == 403
    assert signed_in.get(f"{url}{pk}/delete/").status_code == 403
    offer.refresh_from_db()
    assert offer.status == SlotOffer.Status.OFFERED


def test_listing_and_viewing_are_audited(signed_in, doctor):
    [offer] = make_offers(doctor, 1)
    signed_in.get(OFFERS)
    listed = AuditEvent.objects.get(action="slotoffer.listed")
    assert listed.detail["shown"] == [str(offer.pk)]
    signed_in.get(f"{ENTRIES}{offer.entry.pk}/change/")
    viewed = AuditEvent.objects.get(action="waitlistentry.viewed")
    assert viewed.object_id == str(offer.entry.pk)


@pytest.mark.parametrize("url", [ENTRIES, OFFERS])
def test_only_administrators_see_the_lists(client, coordinator, editor, url):
    User.objects.filter(pk=coordinator.pk).update(is_staff=True)
    for user in (coordinator, editor):
        client.force_login(user)
        assert client.get(url).status_code == 403
