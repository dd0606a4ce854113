"""/staff/reports/: who may open it, the range form, the figures, the CSV downloads, the audit
trail and a query count that does not grow with the number of requests."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from intake.models import AuditEvent, EvaluationRequest
from intake.pages import report_tables
from intake.security import roles
from intake.security.audit_actions import Action
from tests.conftest import force_login_without_second_factor, make_user
from tests.support.factories import make_many_requests, make_request

pytestmark = pytest.mark.django_db

URL = "/staff/reports/"


@pytest.fixture
def lead(db):
    return make_user("lead", group=roles.CLINIC_LEADS)


@pytest.fixture
def lead_client(client, lead):
    client.force_login(lead)
    return client


def test_the_clinic_lead_opens_the_reports_for_this_month_by_default(lead_client):
    response = lead_client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Clinic reports" in page
    assert "Requests per week" in page
    assert 'role="img"' in page  # the charts
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]


def test_administrators_open_the_reports(client, administrator):
    client.force_login(administrator)
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("who", ["coordinator", "clinician", "editor", "outsider"])
def test_other_roles_are_refused(client, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403
    assert client.get(URL + "summary.csv").status_code == 403


def test_coordinators_open_the_reports_when_the_clinic_allows_it(client, coordinator, settings):
    settings.REPORTS_FOR_COORDINATORS = True
    client.force_login(coordinator)
    assert client.get(URL).status_code == 200
    assert 'href="/staff/reports/"' in client.get("/staff/").content.decode()


def test_editors_never_open_the_reports_even_when_coordinators_may(client, editor, settings):
    settings.REPORTS_FOR_COORDINATORS = True
    client.force_login(editor)
    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_clinic_lead_lands_on_the_reports_and_sees_no_queue_link(client, lead):
    client.force_login(lead)
    assert client.get("/accounts/home/", follow=False)["Location"] == URL
    page = client.get(URL).content.decode()
    assert 'href="/staff/"' not in page
    assert 'aria-current="page">Reports' in page


def test_the_page_names_no_patient(lead_client):
    request = make_request()
    page = lead_client.get(URL).content.decode()
    assert request.patient.last_name not in page
    assert request.reference not in page


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("range=custom", "first", "Enter the first day of the period."),
        ("range=custom&first=2026-03-10&last=2026-03-01", "last", "Swap the two dates."),
        ("range=custom&first=2020-01-01&last=2026-01-01", "last", "Choose at most two years"),
        ("range=custom&first=nonsense&last=2026-01-01", "first", "Enter a date, e.g."),
        ("range=fortnight", "range", "Choose one of the periods listed."),
    ],
)
def test_a_bad_range_is_explained_and_keeps_what_was_typed(lead_client, query, field, message):
    response = lead_client.get(f"{URL}?{query}")
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Fix the period above to see the figures." in page
    if "nonsense" in query:
        assert 'value="nonsense"' in page


def test_a_future_last_day_is_refused(lead_client):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = lead_client.get(f"{URL}?range=custom&first=2026-01-01&last={tomorrow:%Y-%m-%d}")
    assert response.status_code == 400
    assert "The last day is in the future" in response.content.decode()


def test_a_custom_range_shows_its_dates_and_the_period_before(lead_client):
    page = lead_client.get(f"{URL}?range=custom&first=2026-03-01&last=2026-03-31").content
    assert "Mar 1 – Mar 31, 2026" in page.decode()
    assert "compared with Feb 1 – Feb 28, 2026" in page.decode()


def test_every_view_of_the_reports_is_audited_with_its_period(lead_client, lead):
    lead_client.get(f"{URL}?range=custom&first=2026-03-01&last=2026-03-31")
    event = AuditEvent.objects.filter(action=Action.REPORTS_VIEWED).get()
    assert event.actor_id == lead.pk
    assert event.detail == {"first": "2026-03-01", "last": "2026-03-31"}


def rows_of(response) -> list[list[str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    decoded = text.decode("utf-8")
    assert decoded.startswith("\ufeff")
    return list(csv.reader(io.StringIO(decoded[1:])))


def test_a_table_downloads_as_csv_with_small_counts_suppressed_and_is_audited(lead_client):
    make_many_requests(3, heard_about="friend")
    make_many_requests(6, heard_about="search")
    response = lead_client.get(URL + "sources.csv?range=90_days")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    rows = rows_of(response)
    assert rows[0] == ["Heard about us", "This period", "Period before", "Change"]
    by_source = {row[0]: row[1:] for row in rows[1:]}
    assert by_source["Friend or family"][0] == "<5"
    # 9 requests minus the 6 would give the "<5" away: the 6 is hidden as its complement.
    assert by_source["Web search"][0] == "hidden"
    assert by_source["Friend or family"][2] == "–"
    event = AuditEvent.objects.filter(action=Action.REPORTS_EXPORTED).get()
    assert event.object_id == "sources"


TABLES = [
    "summary",
    "requests-per-week",
    "sources",
    "languages",
    "visit-types",
    "funnel",
    "outcomes",
    "waits",
    "acknowledgements",
    "appointments",
    "verdicts",
    "follow-up",
    "topics",
]


def test_every_table_on_the_page_is_one_of_the_downloads():
    assert sorted(TABLES) == sorted(report_tables.SLUGS)


@pytest.mark.parametrize("table", TABLES)
def test_every_table_downloads(lead_client, table):
    response = lead_client.get(f"{URL}{table}.csv?range=year")
    assert response.status_code == 200
    assert rows_of(response)[0]


def test_an_unknown_table_is_not_found_and_a_bad_range_is_refused(lead_client):
    assert lead_client.get(URL + "patients.csv").status_code == 404
    assert lead_client.get(URL + "summary.csv?range=custom").status_code == 400


def test_csv_cells_never_run_as_formulas(lead_client):
    make_many_requests(8, heard_about="search")
    rows = rows_of(lead_client.get(URL + "summary.csv?range=this_month"))
    changes = {row[0]: row[3] for row in rows[1:]}
    assert changes["Requests"] == "+8"  # a plain number, which a spreadsheet only reads as one
    for cell in (cell for row in rows for cell in row):
        assert not cell.startswith(("=", "@")), cell
        assert not cell.startswith(("+", "-")) or cell.lstrip("+-").isdigit(), cell


def test_patient_bookings_follow_up_rates_and_acknowledgements_have_their_tables(lead_client):
    page = lead_client.get(URL).content.decode()
    assert "Booked by the patient" in page
    assert "Follow-up: response and remission at 4, 8 and 12 weeks" in page
    assert "Urgent follow-up answers acknowledged within the target" in page
    assert 'href="#report-follow-up"' in page and 'href="#report-acknowledgements"' in page
    assert "not recorded yet" not in page


def test_an_empty_clinic_shows_zeroes_and_no_bars(lead_client):
    EvaluationRequest.objects.all().delete()
    page = lead_client.get(URL).content.decode()
    assert "No Learn topic is past its review date." in page or "Review was due" in page
    assert "<svg" in page


def test_the_page_reads_a_fixed_number_of_queries_whatever_the_number_of_requests(
    lead_client, django_assert_max_num_queries
):
    # Session, user, second factor, permissions; seven figure queries per period (two periods)
    # and the topics; the audit event; the clinic's details; the session's save. SQLite reads
    # the stored waits in one more query per period (PostgreSQL takes their percentiles in
    # the funnel's aggregate): 30 here, 28 on PostgreSQL.
    make_many_requests(5)
    with django_assert_max_num_queries(30):
        assert lead_client.get(URL + "?range=year").status_code == 200
    make_many_requests(200)
    cache.clear()
    with django_assert_max_num_queries(30):
        assert lead_client.get(URL + "?range=year").status_code == 200
    # Cached per range: a second look within minutes reads no figures again.
    with django_assert_max_num_queries(12):
        assert lead_client.get(URL + "?range=year").status_code == 200


def test_the_clinic_lead_needs_the_second_factor_like_every_staff_account(client, lead):
    force_login_without_second_factor(client, lead)
    for url in (URL, URL + "summary.csv"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/second-factor/")
    assert not AuditEvent.objects.filter(action=Action.REPORTS_VIEWED).exists()


def test_the_clinic_lead_sees_no_patient_page(lead_client, lead):
    request = make_request()
    assert lead_client.get("/staff/").status_code == 403
    assert lead_client.get(f"/staff/requests/{request.reference}/").status_code == 403
    assert lead_client.get("/staff/calendar/").status_code == 403
    assert lead_client.get("/staff/export.csv").status_code == 403
    assert lead.get_all_permissions() == {"intake.view_reports"}
