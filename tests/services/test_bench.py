"""The queue benchmark's parts (seeding, endpoints, report) and the queue's cheap total count.

gunicorn is never started here: `manage.py bench_staff` is run for real by hand
(docs/performance.md); these tests keep its pieces honest.
"""

import re
from collections import Counter

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intake.bench import load, seed
from intake.forms.staff import REFERENCE_PATTERN
from intake.management.commands import bench_staff
from intake.models import AntidepressantTrial, EvaluationRequest, SafetyAnswers, SymptomAnswers
from tests.support.factories import make_many_requests, make_request

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()


# --- Seeding ----------------------------------------------------------------------------------


def test_seeding_adds_synthetic_requests_with_their_answers():
    report = seed.seed_requests(target=30, batch_size=7)
    assert (report.existing, report.added) == (0, 30)
    requests = seed.bench_requests()
    assert requests.count() == 30
    assert SymptomAnswers.objects.filter(request__in=requests).count() == 30
    assert AntidepressantTrial.objects.filter(request__in=requests).count() >= 30
    urgent = requests.filter(urgent=True).count()
    assert SafetyAnswers.objects.filter(request__in=requests).count() == urgent
    for request in requests.select_related("patient", "symptoms"):
        assert request.patient.email.endswith("@bench.example")
        assert REFERENCE_PATTERN.match(request.reference)
        assert sum(request.symptoms.phq9) == request.phq9_total
        assert request.urgent == (request.symptoms.phq9[8] > 0)


def test_seeding_tops_up_to_the_target_and_never_adds_twice():
    seed.seed_requests(target=20)
    assert seed.seed_requests(target=20).added == 0
    assert seed.seed_requests(target=25).added == 5
    assert seed.bench_requests().count() == 25
    assert len(set(seed.bench_requests().values_list("reference", flat=True))) == 25


def test_the_spread_looks_like_a_clinic_a_few_years_in():
    seed.seed_requests(target=400)
    statuses = Counter(seed.bench_requests().values_list("status", flat=True))
    closed = statuses["closed"] + statuses["evaluated"]
    assert 0.6 < closed / 400 < 0.9
    assert set(statuses) == {value for value, _ in EvaluationRequest.Status.choices}
    assert len(set(seed.bench_requests().values_list("verdict", flat=True))) == 4


def test_synthetic_references_are_distinct_and_readable():
    references = [seed.reference_for(serial) for serial in range(20_000)]
    assert len(set(references)) == len(references)
    assert all(REFERENCE_PATTERN.match(reference) for reference in references)


def test_reset_deletes_only_synthetic_requests():
    real = make_request()
    seed.seed_requests(target=10)
    assert seed.delete_bench_data() == 10
    assert list(EvaluationRequest.objects.all()) == [real]
    assert not seed.bench_patients().exists()


# --- The command ------------------------------------------------------------------------------


def test_the_command_parses_its_options_with_sensible_defaults():
    parser = bench_staff.Command().create_parser("manage.py", "bench_staff")
    defaults = vars(parser.parse_args([]))
    assert defaults["requests"] == 100_000
    assert (defaults["duration"], defaults["concurrency"], defaults["workers"]) == (10, 4, 2)
    options = vars(parser.parse_args(["--requests", "30", "--duration", "2.5", "--seed-only"]))
    assert (options["requests"], options["duration"], options["seed_only"]) == (30, 2.5, True)


def test_the_command_seeds_then_stops_when_asked(capsys):
    call_command("bench_staff", "--requests", "30", "--seed-only")
    assert "0 already there, 30 added" in capsys.readouterr().out
    assert seed.bench_requests().count() == 30
    call_command("bench_staff", "--reset")
    assert "Deleted 30 synthetic requests" in capsys.readouterr().out
    assert not seed.bench_requests().exists()


@pytest.mark.parametrize(
    "arguments",
    [["--requests", "-1"], ["--concurrency", "0"], ["--rounds", "0"], ["--duration", "0"]],
)
def test_the_command_refuses_nonsense(arguments):
    with pytest.raises(CommandError):
        call_command("bench_staff", "--seed-only", *arguments)


def test_the_benchmark_users_have_no_password_and_the_right_roles():
    coordinator, administrator = bench_staff.bench_users()
    assert not coordinator.has_usable_password() and not administrator.has_usable_password()
    assert coordinator.has_perm("intake.view_evaluationrequest") and not coordinator.is_staff
    assert administrator.is_superuser
    assert bench_staff.bench_users() == (coordinator, administrator)  # reused, not duplicated


def test_every_measured_page_answers_200_to_the_user_it_is_measured_as(client, settings):
    settings.ROOT_URLCONF = "clinic.bench_urls"
    coordinator, administrator = bench_staff.bench_users()
    seed.seed_requests(target=120, assignees=[coordinator])
    sample = bench_staff.sample_request()
    sessions = bench_staff.sessions(coordinator, administrator, sample)
    endpoints = bench_staff.choose_endpoints(sample)
    assert {name for name, _, _ in endpoints} >= {
        bench_staff.FLOOR,
        bench_staff.QUEUE,
        bench_staff.ADMIN,
    }
    for name, path, who in endpoints:
        client.logout()
        user, data = sessions[who]
        if user is not None:
            client.force_login(user)
            session = client.session
            session.update(data)
            session.save()
        response = client.get(path)
        assert response.status_code == 200, (name, path, response.status_code)
        if name == bench_staff.QUEUE:
            assert len(response.context["rows"]) == 25
        if name == "queue, search":
            assert sample.reference in {row["reference"] for row in response.context["rows"]}


def test_the_report_judges_both_targets():
    def result(name, count):
        return load.Result(name=name, path="/", seconds=1.0, latencies=[0.01] * count)

    lines = bench_staff.judge(
        [
            result(bench_staff.FLOOR, 1000),
            result(bench_staff.FLOOR_SIGNED_OUT, 1500),
            result(bench_staff.QUEUE, 200),
            result(bench_staff.ADMIN, 10),
        ]
    )
    assert lines[0] == "queue / trivial view = 0.200 (target >= 0.15): PASS"
    assert lines[1] == "queue / admin changelist = 20.0 (target >= 10): PASS"
    slow = bench_staff.judge(
        [
            result(bench_staff.FLOOR, 1000),
            result(bench_staff.FLOOR_SIGNED_OUT, 1500),
            result(bench_staff.QUEUE, 100),
            result(bench_staff.ADMIN, 20),
        ]
    )
    assert slow[0].endswith("FAIL") and slow[1].endswith("FAIL")


def test_the_table_reports_rate_percentiles_and_statuses():
    result = load.Result(
        name="queue",
        path="/staff/",
        seconds=2.0,
        latencies=[n / 1000 for n in range(1, 101)],
        statuses=Counter({200: 100}),
    )
    assert result.rps == 50.0
    assert round(result.percentile_ms(50), 1) == 50.5
    assert round(result.percentile_ms(95), 2) == 95.05
    assert result.all_ok
    row = load.markdown_table([result]).splitlines()[-1]
    assert row == "| queue | `/staff/` | 100 | 50.0 | 50.5 | 95.1 | n/a | n/a | 200: 100 |"


# --- The queue's read path --------------------------------------------------------------------


def counted(queries) -> bool:
    return any(re.search(r"\bCOUNT\(", query["sql"]) for query in queries)


def test_the_queue_takes_its_total_from_the_cached_counts_when_filtered_by_status_alone(
    client, coordinator, settings
):
    settings.QUEUE_PAGE_SIZE = 5
    make_many_requests(12)
    make_many_requests(3, status="closed")
    client.force_login(coordinator)
    client.get("/staff/")  # fills the per-status counts
    for path, total in [("/staff/", 12), ("/staff/?status=closed", 3), ("/staff/?status=all", 15)]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert not counted(queries.captured_queries), path
        assert response.context["page"].paginator.count == total
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/staff/?verdict=other_options_first&urgent=on")
    assert counted(queries.captured_queries)  # another filter: only a COUNT can tell
    assert response.context["page"].paginator.count == 0


def test_the_queue_rows_show_what_the_template_used_to_work_out(client, coordinator):
    request = make_request("imminent")
    client.force_login(coordinator)
    body = client.get("/staff/").content.decode()
    assert f'<a href="/staff/requests/{request.reference}/">{request.reference}</a>' in body
    name = f"{request.patient.first_name} {request.patient.last_name}"
    assert f'<td data-label="Name">{name}</td>' in body
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT[^"]+" title="\w{3} \d+, \d{4}', body)
    assert '<td data-label="Status">New</td>' in body
    assert "table-danger" in body and "Imminent risk" in body
