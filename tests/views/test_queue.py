"""The staff queue: ordering, filters, search, pagination, counts, export and query counts."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from intake import selectors
from intake.models import AuditEvent, EvaluationRequest, Patient
from intake.selectors import search_condition
from tests.support.databases import require_postgresql
from tests.support.factories import make_many_requests, make_request, rename_patient

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


def references_on(response) -> list[str]:
    return [row["reference"] for row in response.context["rows"]]


def test_an_urgent_request_submitted_last_is_listed_first(signed_in):
    older = make_request()
    EvaluationRequest.objects.filter(pk=older.pk).update(
        submitted_at=timezone.now() - timedelta(days=3)
    )
    urgent = make_request("urgent_two_failed")
    imminent = make_request("imminent")
    EvaluationRequest.objects.filter(pk=imminent.pk).update(
        submitted_at=timezone.now() - timedelta(days=1)
    )
    newest = make_request()
    assert references_on(signed_in.get("/staff/")) == [
        imminent.reference,
        urgent.reference,
        older.reference,
        newest.reference,
    ]


def test_the_queue_shows_the_columns_of_the_brief(signed_in):
    request = make_request()
    body = signed_in.get("/staff/").content.decode()
    for heading in (
        "Reference",
        "Name",
        "Age",
        "Submitted",
        "Status",
        "Verdict",
        "PHQ-9",
        "Assigned to",
        "Next appointment",
    ):
        assert f'<th scope="col">{heading}</th>' in body
    assert request.reference in body
    assert request.patient.last_name in body
    assert "Worth asking about" in body


def test_a_row_escapes_what_the_patient_typed_and_says_who_and_when(signed_in, coordinator):
    request = make_request()
    Patient.objects.filter(pk=request.patient_id).update(first_name='<b>Ana</b>"&')
    EvaluationRequest.objects.filter(pk=request.pk).update(
        assigned_to=coordinator, patient_action="reschedule"
    )
    body = signed_in.get("/staff/").content.decode()
    assert "&lt;b&gt;Ana&lt;/b&gt;&quot;&amp; " in body and "<b>Ana" not in body
    assert f'<td data-label="Assigned to">{coordinator.get_full_name()}</td>' in body
    assert "Patient asked to reschedule</span>" in body
    assert '<td data-label="Next appointment"><span class="text-body-secondary">None' in body


def test_the_filter_form_shows_back_the_filters_asked_for(signed_in):
    make_request()
    body = signed_in.get(
        "/staff/?status=closed&verdict=worth_asking&language=es&urgent=on&followup=response"
        "&submitted_from=2026-01-02&submitted_to=2026-03-04"
    ).content.decode()
    assert '<option value="closed" selected>' in body
    assert '<option value="worth_asking" selected>' in body
    assert '<option value="es" selected>' in body
    assert '<option value="response" selected>' in body
    assert body.count(" selected>") == 4
    assert 'id="id_urgent" checked>' in body and 'id="id_mine" checked>' not in body
    assert 'value="2026-01-02"' in body and 'value="2026-03-04"' in body
    plain = signed_in.get("/staff/").content.decode()
    assert '<option value="" selected>Open requests</option>' in plain
    assert '<option value="" selected>Any verdict</option>' in plain


def test_open_requests_are_the_default_and_closed_ones_are_a_filter_away(signed_in):
    open_request = make_request()
    closed = make_request(status="closed")
    assert references_on(signed_in.get("/staff/")) == [open_request.reference]
    assert references_on(signed_in.get("/staff/?status=closed")) == [closed.reference]
    assert set(references_on(signed_in.get("/staff/?status=all"))) == {
        open_request.reference,
        closed.reference,
    }


@pytest.mark.parametrize(
    "status", ["new", "in_review", "contacted", "scheduled", "evaluated", "closed"]
)
def test_the_status_filter(signed_in, status):
    wanted = make_request(status=status)
    make_request(status="new" if status != "new" else "contacted")
    assert references_on(signed_in.get(f"/staff/?status={status}")) == [wanted.reference]


def test_the_verdict_filter(signed_in):
    worth = make_request("two_failed")
    make_request("mild")
    assert references_on(signed_in.get("/staff/?verdict=worth_asking")) == [worth.reference]


def test_the_urgent_filter(signed_in):
    urgent = make_request("urgent_one_failed")
    make_request()
    assert references_on(signed_in.get("/staff/?urgent=on")) == [urgent.reference]


def test_the_assigned_to_me_filter(signed_in, coordinator, clinician):
    mine = make_request()
    theirs = make_request()
    EvaluationRequest.objects.filter(pk=mine.pk).update(assigned_to=coordinator)
    EvaluationRequest.objects.filter(pk=theirs.pk).update(assigned_to=clinician)
    assert references_on(signed_in.get("/staff/?mine=on")) == [mine.reference]


def test_the_date_range_filter(signed_in):
    old = make_request()
    EvaluationRequest.objects.filter(pk=old.pk).update(
        submitted_at=timezone.now() - timedelta(days=30)
    )
    recent = make_request()
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    until = (timezone.localdate() - timedelta(days=20)).isoformat()
    assert references_on(signed_in.get(f"/staff/?submitted_from={since}")) == [recent.reference]
    assert references_on(signed_in.get(f"/staff/?submitted_to={until}")) == [old.reference]


@pytest.mark.parametrize(
    "query",
    ["status=maybe", "verdict=eligible", "submitted_from=yesterday", "q=" + "x" * 101],
    ids=["status", "verdict", "date", "long-search"],
)
def test_an_unknown_filter_value_is_ignored_with_a_message(signed_in, query):
    request = make_request()
    response = signed_in.get(f"/staff/?{query}", follow=True)
    assert response.status_code == 200
    assert "Ignored an unknown value" in response.content.decode()
    assert references_on(response) == [request.reference]


@pytest.mark.parametrize(
    "how",
    ["reference", "reference-lower", "reference-no-dash", "email", "phone", "name", "full-name"],
)
def test_search_finds_a_request(signed_in, how):
    request = make_request()
    make_request()
    patient = request.patient
    term = {
        "reference": request.reference,
        "reference-lower": request.reference.lower(),
        "reference-no-dash": request.reference.replace("-", ""),
        "email": patient.email.upper(),
        "phone": patient.phone.as_national,
        "name": patient.last_name[:4].lower(),
        "full-name": f"{patient.first_name} {patient.last_name}",
    }[how]
    response = signed_in.get("/staff/", {"q": term, "status": "all"}, follow=True)
    assert references_on(response) == [request.reference]


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("Hernández Ruiz", "hernandez"),
        ("Hernández Ruiz", "HERNÁNDEZ"),
        ("Hernandez", "Hernández"),
        ("Núñez", "nunez"),
        ("Müller", "MULLER"),
        ("Søren", "soren"),
        ("Łukasz", "lukasz"),
        ("Straße", "strasse"),
        ("Gonçalves", "goncal"),
    ],
)
def test_a_name_search_ignores_accents_and_case(signed_in, stored, typed):
    request = make_request()
    make_request()
    rename_patient(request, last_name=stored)
    response = signed_in.get("/staff/", {"q": typed, "status": "all"}, follow=True)
    assert references_on(response) == [request.reference]


def test_every_word_of_a_name_search_ignores_accents(signed_in):
    request = make_request()
    rename_patient(request, first_name="María José", last_name="Hernández Ruiz")
    other = make_request()
    rename_patient(other, first_name="José", last_name="Ruiz")
    response = signed_in.get("/staff/", {"q": "maria hernandez", "status": "all"}, follow=True)
    assert references_on(response) == [request.reference]


NAMES = [
    *("Hernández", "Núñez", "Müller", "Søren", "Łukasz", "Straße", "Gonçalves", "Æsir"),
    *("Œuvre", "Dvořák", "Çelik", "Zoë", "Ðorđe", "Þór", "O'Connor", "Ngô Bảo Châu", "Íñigo"),
]


def test_on_postgresql_the_database_folds_names_as_python_does():
    require_postgresql("intake_fold() over unaccent is PostgreSQL's (migration 0029)")
    from intake.domain.names import fold

    with connection.cursor() as cursor:
        cursor.execute("SELECT intake_fold(name) FROM unnest(%s::text[]) AS name", [NAMES])
        assert [row[0] for row in cursor.fetchall()] == [fold(name) for name in NAMES]


@pytest.mark.parametrize(
    ("term", "index"),
    [
        ("Parin", "request_last_name_fold_idx"),
        ("Jo", "request_preferred_name_fold_idx"),
        ("Jordan.Rivera@Example.com", "patient_email_upper_idx"),
        ("(202) 555-0147", "patient_phone_idx"),
    ],
)
def test_on_postgresql_each_kind_of_search_is_served_by_an_index(term, index):
    require_postgresql("the search indexes are PostgreSQL's (migrations 0008 and 0029)")
    with connection.cursor() as cursor:
        # On an almost empty table a scan is cheaper; forbid it to see whether an index serves.
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = EvaluationRequest.objects.filter(search_condition(term)).explain()
    assert index in plan


def test_on_postgresql_a_name_search_reads_its_matches_from_the_name_indexes_alone():
    require_postgresql("the folded name indexes are PostgreSQL's (migration 0029)")
    make_many_requests(1000)
    make_many_requests(2000, status="closed")
    rename_patient(make_request(), last_name="Hernández")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE intake_evaluationrequest")
        # A table this small is cheaper to read whole; forbid it, to see which indexes serve.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
    plan = selectors.named_in_queue_order(["hernández"], {}, None).explain()
    for name in ("first_name", "last_name", "preferred_name"):
        # Index-only: the entries hold the status and the queue's order, no table row is read.
        assert f"Index Only Scan using request_{name}_fold_idx" in plan, plan
    assert "~~" not in plan  # a range of the index, never LIKE rechecked row by row
    assert "Scan on intake_patient" not in plan


@pytest.mark.parametrize("name", ["Hannah", "Robert"])
def test_a_six_letter_name_is_found_though_it_looks_like_a_reference(signed_in, name):
    request = make_request()
    rename_patient(request, last_name=name)
    response = signed_in.get("/staff/", {"q": name.lower(), "status": "all"}, follow=True)
    assert references_on(response) == [request.reference]


def test_a_name_search_finds_every_request_of_every_patient_it_matches(signed_in):
    first, second = make_request(), make_request()
    rename_patient(first, last_name="Parini")
    rename_patient(second, last_name="Parini")
    make_request()
    response = signed_in.get("/staff/", {"q": "pari", "status": "all"}, follow=True)
    assert sorted(references_on(response)) == sorted([first.reference, second.reference])


def parinis(count: int) -> list:
    """`count` requests of patients named Parini, each submitted a day after the one before."""
    requests = [make_request() for _ in range(count)]
    start = timezone.now() - timedelta(days=count + 1)
    for day, request in enumerate(requests):
        rename_patient(request, last_name="Parini")
        EvaluationRequest.objects.filter(pk=request.pk).update(
            submitted_at=start + timedelta(days=day)
        )
    return requests


def test_a_search_wider_than_the_newest_n_shows_them_in_queue_order_and_says_so(
    signed_in, settings
):
    settings.QUEUE_SEARCH_NEWEST = 2
    settings.QUEUE_PAGE_SIZE = 1
    oldest, middle, newest = parinis(3)
    EvaluationRequest.objects.filter(pk=newest.pk).update(urgent=True)
    response = signed_in.get("/staff/", {"q": "pari", "status": "all"}, follow=True)
    assert references_on(response) == [newest.reference]  # urgent first, as always
    assert response.context["page"].paginator.num_pages == 2
    second = signed_in.get("/staff/?status=all&search=1&page=2")
    assert references_on(second) == [middle.reference]  # the oldest is not shown
    page = response.content.decode()
    assert "Showing the newest 2; refine the search." in page
    assert "The newest 2 matching requests, imminent risk first" in page


def test_a_reference_or_e_mail_search_is_held_to_the_newest_n_too(signed_in, settings):
    settings.QUEUE_SEARCH_NEWEST = 1
    first, second = make_request(), make_request()
    Patient.objects.filter(pk=second.patient_id).update(email=first.patient.email.upper())
    response = signed_in.get("/staff/", {"q": first.patient.email, "status": "all"}, follow=True)
    assert len(references_on(response)) == 1
    assert "Showing the newest 1; refine the search." in response.content.decode()


def test_a_search_with_no_more_matches_than_shown_gives_its_count_and_no_notice(
    signed_in, settings
):
    settings.QUEUE_SEARCH_NEWEST = 3
    parinis(3)
    response = signed_in.get("/staff/", {"q": "pari", "status": "all"}, follow=True)
    page = response.content.decode()
    assert "3 requests, imminent risk first" in page
    assert "refine the search" not in page


@pytest.mark.parametrize("matches", [4, 40])
def test_a_search_runs_the_same_queries_however_many_match_and_never_counts_them(
    signed_in, settings, django_assert_num_queries, matches
):
    settings.QUEUE_SEARCH_NEWEST = 3
    parinis(matches)
    signed_in.post("/staff/", {"q": "pari", "status": "all"})
    signed_in.get("/staff/?status=all&search=1")
    # session, user, the second-factor device, two permission lookups, the newest matches'
    # ids, the page's rows, the overdue risk count, and the audit event (three statements on
    # SQLite: the head, the event, the head moved; one on PostgreSQL).
    expected = {"sqlite": 11, "postgresql": 9}[connection.vendor]
    with django_assert_num_queries(expected) as queries:
        response = signed_in.get("/staff/?status=all&search=1")
    assert len(references_on(response)) == 3
    counts = [query["sql"] for query in queries.captured_queries if "COUNT(" in query["sql"]]
    assert len(counts) == 1 and "risk_ack_due_by" in counts[0]  # the red mark's, not the matches'


def test_the_notice_is_in_both_languages():
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override("es"):
        assert gettext("Showing the newest %(newest)s; refine the search.") == (
            "Se muestran las %(newest)s más recientes; afine la búsqueda."
        )
        assert gettext("The newest %(newest)s matching requests") == (
            "Las %(newest)s solicitudes más recientes que coinciden"
        )


def test_search_input_never_reaches_sql_unparameterised(signed_in):
    make_request()
    response = signed_in.get("/staff/", {"q": "x' OR '1'='1"}, follow=True)
    assert response.status_code == 200
    assert references_on(response) == []


def test_a_search_keeps_its_text_out_of_every_address(signed_in, settings):
    settings.QUEUE_PAGE_SIZE = 1
    first, second = make_request(), make_request()
    email = first.patient.email
    Patient.objects.filter(pk=second.patient_id).update(email=email.upper())
    response = signed_in.post("/staff/", {"q": email, "status": "all"})
    assert response.status_code == 302
    assert response["Location"] == "/staff/?status=all&search=1"
    page = signed_in.get(response["Location"])
    assert len(page.context["rows"]) == 1 and page.context["page"].paginator.count == 2
    links = re.findall(r'href="([^"]*)"', page.content.decode())
    assert any("page=2" in link for link in links)
    assert not any(email.split("@")[0] in link.lower() for link in links)
    assert f'value="{email}"' in page.content.decode()  # the box still shows what was searched
    rows = read_csv(signed_in.get("/staff/export.csv?status=all&search=1"))
    assert len(rows) == 3


def test_a_search_typed_into_the_address_is_moved_out_of_it(signed_in):
    request = make_request()
    response = signed_in.get("/staff/", {"q": request.reference})
    assert response["Location"] == "/staff/?search=1"
    assert references_on(signed_in.get(response["Location"])) == [request.reference]


def test_clear_filters_forgets_the_search(signed_in):
    request, other = make_request(), make_request()
    signed_in.post("/staff/", {"q": request.reference})
    assert references_on(signed_in.get("/staff/")) == [request.reference, other.reference]


def test_an_empty_queue_says_so(signed_in):
    assert b"No requests here yet" in signed_in.get("/staff/").content


def test_a_search_with_no_match_offers_to_clear_filters(signed_in):
    make_request()
    assert (
        b"No requests match these filters" in signed_in.get("/staff/?q=zzzz", follow=True).content
    )


def test_pagination_and_an_out_of_range_page_shows_the_last_page(signed_in, settings):
    settings.QUEUE_PAGE_SIZE = 5
    make_many_requests(12)
    first = signed_in.get("/staff/")
    assert len(first.context["rows"]) == 5
    last = signed_in.get("/staff/?page=99")
    assert last.context["page"].number == 3
    assert len(last.context["rows"]) == 2
    assert signed_in.get("/staff/?page=abc").context["page"].number == 1


def test_counts_per_status(signed_in):
    make_many_requests(3)
    make_many_requests(2, status="closed")
    counts = {value: count for value, _, count in signed_in.get("/staff/").context["status_counts"]}
    assert counts["new"] == 3 and counts["closed"] == 2 and counts["evaluated"] == 0


def test_the_counts_follow_a_status_change(
    signed_in, coordinator, django_capture_on_commit_callbacks
):
    from intake.services import requests

    request = make_request()
    signed_in.get("/staff/")
    with django_capture_on_commit_callbacks(execute=True):
        requests.change_status(evaluation_request=request, to="in_review", actor=coordinator)
    counts = {value: count for value, _, count in signed_in.get("/staff/").context["status_counts"]}
    assert counts["in_review"] == 1 and counts["new"] == 0


@pytest.mark.parametrize("rows", [10, 1000])
def test_the_queue_runs_a_fixed_number_of_queries(signed_in, django_assert_max_num_queries, rows):
    make_many_requests(rows)
    signed_in.get("/staff/")
    # session, user, two permission lookups, clinic details, the page count, the rows, and the
    # audit event (its chain's head locked, the event, the head moved; in a test's transaction
    # also a savepoint, its release and, on PostgreSQL, the transaction's id)
    with django_assert_max_num_queries(13):
        response = signed_in.get("/staff/?verdict=other_options_first&urgent=")
    assert len(response.context["rows"]) == 10 if rows == 10 else 25


# --- Export ----------------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_the_export_holds_contact_details_statuses_and_triage_but_no_clinical_answers(
    signed_in,
):
    request = make_request("urgent_two_failed")
    response = signed_in.get("/staff/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    header, row = read_csv(response)
    assert header[:4] == ["Reference", "First name", "Last name", "E-mail"]
    assert row[0] == request.reference
    assert row[3] == request.patient.email
    cells = dict(zip(header, row, strict=True))
    assert cells["Phone (E.164)"] == str(request.patient.phone)  # no apostrophe before +1
    assert cells["Urgency"] == "Urgent"
    assert cells["PHQ-9 band"] and cells["Next appointment"] == ""
    text = ",".join(header + row)
    for clinical in ("Sertraline", "suicid", "bipolar"):
        assert clinical not in text


def test_the_export_starts_with_a_byte_order_mark_so_excel_reads_accents(signed_in):
    request = make_request()
    Patient.objects.filter(pk=request.patient_id).update(last_name="Hernández")
    body = b"".join(signed_in.get("/staff/export.csv").streaming_content)
    assert body.startswith(b"\xef\xbb\xbfReference,")
    assert "Hernández".encode() in body


def test_the_export_names_the_patients_language_as_the_queue_does(signed_in):
    make_request(language="es")
    header, row = read_csv(signed_in.get("/staff/export.csv"))
    assert dict(zip(header, row, strict=True))["Language"] == "Spanish"
    assert "Spanish" in signed_in.get("/staff/").content.decode()


@pytest.mark.parametrize(
    ("stored", "dialled"),
    [("+12025550123", "(202) 555-0123"), ("+442079460958", "+44 20 7946 0958")],
    ids=["the clinic's region", "abroad"],
)
def test_the_export_gives_each_phone_number_as_dialled_here_beside_e164(signed_in, stored, dialled):
    request = make_request()
    Patient.objects.filter(pk=request.patient_id).update(phone=stored)
    header, row = read_csv(signed_in.get("/staff/export.csv"))
    cells = dict(zip(header, row, strict=True))
    assert (cells["Phone"], cells["Phone (E.164)"]) == (dialled, stored)
    assert header.index("Phone (E.164)") == header.index("Phone") + 1


def test_the_export_follows_the_filters(signed_in):
    wanted = make_request(status="contacted")
    make_request()
    rows = read_csv(signed_in.get("/staff/export.csv?status=contacted"))
    assert [row[0] for row in rows[1:]] == [wanted.reference]


@pytest.mark.parametrize("payload", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTab"])
def test_the_export_neutralises_formulas(signed_in, payload):
    request = make_request()
    request.patient.__class__.objects.filter(pk=request.patient_id).update(first_name=payload)
    _, row = read_csv(signed_in.get("/staff/export.csv"))
    assert row[1] == "'" + payload


def test_every_export_is_audited_without_the_search_text(signed_in, coordinator):
    make_request()
    signed_in.post("/staff/", {"q": "rivera", "status": "all"})
    signed_in.get("/staff/export.csv?search=1&status=all")
    event = AuditEvent.objects.get(action="queue.exported")
    assert event.actor == coordinator
    assert "rivera" not in str(event.detail)
    assert event.detail["searched"] is True


@pytest.mark.parametrize("who", ["editor", "outsider"])
def test_only_staff_may_export(client, request, who):
    make_request()
    client.force_login(request.getfixturevalue(who))
    assert client.get("/staff/export.csv").status_code == 403


def test_a_search_waits_in_the_session_only_for_the_staff_idle_limit(signed_in, settings):
    settings.STAFF_IDLE_MINUTES = 15
    email = make_request().patient.email
    signed_in.post("/staff/", {"q": email, "status": "all"})
    assert email in str(signed_in.session.get("queue_search"))
    session = signed_in.session
    session["queue_search"]["at"] -= 15 * 60 + 1
    session.save()
    page = signed_in.get("/staff/?status=all&search=1").content.decode()
    assert f'value="{email}"' not in page
    assert "queue_search" not in signed_in.session


def test_on_postgresql_the_open_queue_reads_only_open_requests_in_queue_order():
    require_postgresql("the planner's choice of a partial index is PostgreSQL's")

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
    rows = selectors.queue_requests(EvaluationRequest.objects.for_queue_page(), {}, None)
    assert "queue_open_idx" in rows[:25].explain()


def test_on_postgresql_a_follow_up_filter_on_the_open_queue_reads_only_its_open_matches():
    require_postgresql("the planner's choice of a partial index is PostgreSQL's")

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
    rows = selectors.queue_requests(
        EvaluationRequest.objects.for_queue_page(), {"followup": "response"}, None
    )
    assert "queue_open_followup_idx" in rows.explain()
    assert "queue_open_followup_idx" in rows[:25].explain()
