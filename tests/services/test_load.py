"""Many patients at once, and the database going away mid-load, through gunicorn on PostgreSQL.

The security brief's targets: 50 concurrent patients submitting intakes give 0 errors and 0
acknowledged-but-missing requests; while the database is unreachable, patients get clean error
pages (never a dropped connection or a traceback), the service answers again within 2 s of the
database coming back, and answers kept in a draft are submitted afterwards exactly once.
"""

import http.client
import re
import time
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest
from django.db import connection

from intake.models import EvaluationRequest, OutboxEmail
from tests.support import intake_steps as steps
from tests.support.databases import require_postgresql
from tests.support.live_servers import get_status, gunicorn_servers

pytestmark = pytest.mark.django_db(transaction=True)

PATIENTS = 50
REFERENCE = re.compile(r'id="reference">([A-Z0-9]{3}-[A-Z0-9]{3})<')


class Patient:
    """One patient's browser: its own cookies, following redirects as a browser does."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.statuses: list[int] = []

    def get(self, path: str) -> tuple[int, str, str]:
        return self._request("GET", path)

    def post(self, path: str, data: dict) -> tuple[int, str, str]:
        body = urlencode({**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}, True)
        return self._request("POST", path, body)

    def _request(self, method: str, path: str, body: str | None = None) -> tuple[int, str, str]:
        for _ in range(5):
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
                if body is not None:
                    headers["Content-Type"] = "application/x-www-form-urlencoded"
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                text = response.read().decode()
                self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
            finally:
                conn.close()
            self.statuses.append(response.status)
            if response.status not in (301, 302, 303):
                return response.status, path, text
            method, body, path = "GET", None, urlsplit(response.headers["Location"]).path
        raise AssertionError("too many redirects")

    def _keep_cookies(self, headers: list[str]) -> None:
        for header in headers:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value


def answers_for(number: int) -> list[tuple[str, dict]]:
    """Every step's answers for patient `number`; every fifth answers item 9 with 1."""
    item9 = 1 if number % 5 == 0 else 0
    about = {**steps.ABOUT, "email": f"patient{number}@load.example", "first_name": f"P{number}"}
    pages = [("about", about), ("feelings", steps.feelings(item9))]
    if item9:
        pages.append(("safety", steps.SAFETY_NO_INTENT))
    return pages + [
        ("history", steps.two_failed_trials()),
        ("screening", steps.screening()),
        ("request", steps.REQUEST),
        ("payment", steps.SELF_PAY),
    ]


def fill_in(patient: Patient, pages: list[tuple[str, dict]]) -> None:
    patient.get("/intake/about/")  # the CSRF cookie, as a browser gets it
    for name, data in pages:
        status, _, _ = patient.post(f"/intake/{name}/", data)
        assert status == 200, (name, status)


def submit(patient: Patient) -> str | None:
    """Submit the review page; the reference shown, or None if the page did not confirm."""
    status, path, text = patient.post("/intake/review/", steps.CONSENT)
    found = REFERENCE.search(text)
    return found.group(1) if status == 200 and path == "/intake/done/" and found else None


def test_fifty_patients_submitting_at_once_lose_nothing(reference_data):
    require_postgresql("app servers share the test database only on PostgreSQL")
    forms = [answers_for(number) for number in range(PATIENTS)]
    with gunicorn_servers(1, workers=3) as (port,):

        def one_patient(number: int) -> tuple[str | None, list[int]]:
            patient = Patient(port)
            fill_in(patient, forms[number])
            return submit(patient), patient.statuses

        with ThreadPoolExecutor(max_workers=PATIENTS) as pool:
            results = list(pool.map(one_patient, range(PATIENTS)))

    statuses = [status for _, answered in results for status in answered]
    assert [status for status in statuses if status >= 400] == []
    acknowledged = [reference for reference, _ in results]
    assert None not in acknowledged
    stored = EvaluationRequest.objects.select_related("patient")
    assert sorted(request.reference for request in stored) == sorted(acknowledged)
    assert sorted(request.patient.email for request in stored) == sorted(
        f"patient{number}@load.example" for number in range(PATIENTS)
    )
    assert stored.filter(urgent=True).count() == PATIENTS // 5
    confirmations = OutboxEmail.objects.filter(kind="intake.confirmation")
    assert confirmations.count() == PATIENTS
    assert set(confirmations.values_list("status", flat=True)) == {OutboxEmail.Status.SENT}


def database_reachable(name: str, reachable: bool) -> None:
    """Refuse (or allow again) new connections to the test database and drop the servers'
    current ones: what the app servers see while PostgreSQL restarts. Said from the maintenance
    database, since a database cannot refuse connections to itself; the test's own connection
    stays."""
    import psycopg

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (own_pid,) = cursor.fetchone()
    db = connection.settings_dict
    with psycopg.connect(
        dbname="postgres",
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or "5432",
        autocommit=True,
    ) as maintenance:
        allow = "true" if reachable else "false"
        maintenance.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS {allow}')
        if not reachable:
            maintenance.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> %s",
                [name, own_pid],
            )


def test_a_database_outage_gives_clean_errors_and_loses_no_answers(reference_data):
    require_postgresql("app servers share the test database only on PostgreSQL")
    name = connection.settings_dict["NAME"]
    # Persistent, health-checked connections, as in production.
    with gunicorn_servers(1, workers=2, env={"DB_CONN_MAX_AGE": "60"}) as (port,):
        before, during = Patient(port), Patient(port)
        fill_in(before, answers_for(1))
        assert submit(before) is not None
        fill_in(during, answers_for(2))

        database_reachable(name, False)
        try:
            outage = [get_status(port, "/healthz") for _ in range(4)]
            status, _, page = during.post("/intake/review/", steps.CONSENT)
            home_status, _, home = Patient(port).get("/")
        finally:
            database_reachable(name, True)
        back_at = time.monotonic()
        while get_status(port, "/healthz") != 200:
            assert time.monotonic() - back_at < 2, "not answering 2 s after the database returned"
            time.sleep(0.05)

        assert outage == [503] * 4
        assert status == 500
        assert "Something went wrong on our side" in page and 'href="tel:988"' in page
        assert home_status in (200, 500)  # the home page may come from the cache
        for text in (page, home):
            assert "Traceback" not in text and "OperationalError" not in text
        # The draft survived the outage: the same browser submits it now, once.
        reference = submit(during)
        assert reference is not None
        assert submit(during) == reference  # a second submit (back button) adds nothing

    assert EvaluationRequest.objects.count() == 2
    assert EvaluationRequest.objects.filter(reference=reference).exists()
    assert OutboxEmail.objects.filter(kind="intake.confirmation").count() == 2
