"""The queue benchmark's parts (seeding, endpoints, report) and the queue's cheap total count.

gunicorn is never started here: `manage.py bench_staff` is run for real by hand
(docs/performance.md); these tests keep its pieces honest.
"""

import re
import socket
from collections import Counter

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from intake.bench import load, seed
from intake.management.commands import bench_staff
from intake.models import AntidepressantTrial, EvaluationRequest, SafetyAnswers, SymptomAnswers
from intake.selectors import REFERENCE_PATTERN
from intake.views import staff as staff_views
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
    [
        ["--requests", "-1"],
        ["--concurrency", "0"],
        ["--rounds", "0"],
        ["--duration", "0"],
        ["--port", "-1"],
        ["--port", "65536"],
    ],
)
def test_the_command_refuses_nonsense(arguments):
    with pytest.raises(CommandError):
        call_command("bench_staff", "--seed-only", *arguments)


def test_the_port_defaults_to_a_free_one_and_takes_the_one_asked_for():
    parser = bench_staff.Command().create_parser("manage.py", "bench_staff")
    assert vars(parser.parse_args([]))["port"] == 0
    assert vars(parser.parse_args(["--port", "8123"]))["port"] == 8123
    assert bench_staff.chosen_port(0) > 0
    port = bench_staff.free_port()
    assert bench_staff.chosen_port(port) == port


def test_a_port_another_run_listens_on_is_refused_rather_than_measured():
    with socket.socket() as other_run:
        other_run.bind((load.LOOPBACK, 0))
        other_run.listen()
        busy = other_run.getsockname()[1]
        with pytest.raises(CommandError, match=f"Port {busy} .* in use"):
            bench_staff.chosen_port(busy)


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
    followed = seed.ensure_followup_sample()
    sample = bench_staff.sample_request()
    sessions = bench_staff.sessions(coordinator, administrator, sample)
    endpoints = bench_staff.choose_endpoints(sample)
    assert {name for name, _, _ in endpoints} >= {
        bench_staff.FLOOR,
        bench_staff.QUEUE,
        bench_staff.ADMIN,
        bench_staff.REPORTS,
        *bench_staff.FOLLOWUP_PAGES,
    }
    assert (
        bench_staff.FOLLOWUP_REQUEST_PAGE,
        f"/staff/requests/{followed.reference}/",
        "staff",
    ) in endpoints
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
        if name == bench_staff.ACCENT_SEARCH:
            accented = bench_staff.accent_sample()
            typed = data[staff_views.SEARCH_SESSION_KEY]["text"]
            assert typed.isascii() and typed.islower()
            assert not accented.patient.last_name.lower().startswith(typed)  # an accent apart
            assert accented.reference in {row["reference"] for row in response.context["rows"]}


# --- Follow-up, scheduling and the reports (issues 28, 29, 32) --------------------------------


def test_seeded_follow_up_is_what_the_services_would_have_left():
    from intake.domain import followup as rules
    from intake.models import FollowUpMeasure, FollowUpSchedule

    seed.seed_requests(target=400)
    schedules = FollowUpSchedule.objects.filter(request__in=seed.bench_requests())
    assert 20 < schedules.count() < 120  # about 13% of requests
    assert set(schedules.values_list("request__status", flat=True)) <= set(seed.FOLLOWUP_SHARE)
    measured = 0
    for schedule in schedules.select_related("request"):
        request = schedule.request
        measures = list(FollowUpMeasure.objects.filter(request=request).order_by("due_at"))
        assert 6 <= len(measures) <= 8  # before the evaluation, then every 14 days, 12 weeks
        answered = [m for m in measures if m.status == FollowUpMeasure.Status.ANSWERED]
        for measure in answered:
            assert sum(measure.phq9) == measure.phq9_total and measure.phq9[8] == 0
            assert sum(measure.gad7) == measure.gad7_total
        if answered:
            measured += 1
            assert request.followup_phq9 == answered[-1].phq9_total
            assert request.followup_outcome == rules.outcome(
                request.phq9_total, answered[-1].phq9_total
            )
        else:
            assert request.followup_phq9 is None and request.followup_outcome == ""
        done = [m for m in measures if m.status in ("answered", "expired")]
        assert request.followup_overdue == bool(done and done[-1].status == "expired")
    assert measured


def test_every_evaluated_request_had_its_evaluation_with_a_benchmark_clinician():
    from intake.models import Appointment

    seed.seed_requests(target=120)
    evaluated = seed.bench_requests().filter(status="evaluated")
    completed = Appointment.objects.filter(request__in=evaluated, status="completed")
    assert completed.count() == evaluated.count() > 0
    assert {a.clinician.user.username[:16] for a in completed} == {seed.CLINICIAN_PREFIX}


def test_the_clinicians_work_weekdays_and_half_their_coming_slots_are_booked():
    from intake.models import Appointment, AvailabilityWindow

    seed.seed_requests(target=2000, batch_size=1000)
    clinicians = seed.ensure_clinicians()
    assert len(clinicians) == seed.CLINICIANS
    windows = AvailabilityWindow.objects.filter(clinician__in=clinicians)
    assert windows.count() == 5 * seed.CLINICIANS
    added = seed.ensure_booked_slots(clinicians)
    assert added > 0
    assert seed.ensure_booked_slots(clinicians) == 0  # once
    booked = Appointment.objects.active().filter(clinician__in=clinicians)
    assert booked.count() == added
    assert len({(a.clinician_id, a.starts_at) for a in booked}) == added  # never two at once
    assert all(a.request.status == "scheduled" for a in booked)


def test_the_follow_up_sample_has_a_year_of_fortnightly_answers_made_by_the_services():
    from intake.models import FollowUpMeasure, TimelineEntry

    seed.seed_requests(target=120)
    request = seed.ensure_followup_sample()
    assert seed.ensure_followup_sample() == request == seed.followup_sample()  # made once
    measures = FollowUpMeasure.objects.filter(request=request)
    assert measures.count() == measures.answered().count() == seed.FOLLOWUP_SAMPLE_MEASURES
    days = [m.due_at for m in measures.order_by("due_at")]
    assert {(b - a).days for a, b in zip(days, days[1:], strict=False)} <= {13, 14, 15}
    entries = TimelineEntry.objects.filter(request=request, summary__startswith="Follow-up")
    assert entries.count() == seed.FOLLOWUP_SAMPLE_MEASURES + 1  # started, then each answer
    request.refresh_from_db()
    assert request.followup_phq9 == measures.order_by("due_at").last().phq9_total


def test_the_invited_patients_open_their_link_and_see_the_open_times(client, settings):
    settings.ROOT_URLCONF = "clinic.bench_urls"
    seed.seed_requests(target=400)
    seed.ensure_booked_slots(seed.ensure_clinicians())
    links = seed.invite_to_choose(3)
    assert len(links) == 3 and all(link.startswith("/r/") and "to=book" in link for link in links)
    for link in links:
        client.cookies.clear()
        opened = client.get(link)
        assert opened.status_code == 302 and opened.url.startswith(bench_staff.SLOT_PATH)
        response = client.get(bench_staff.SLOT_PATH)
        assert response.status_code == 200
        assert response.context["allowed"] and response.context["days"]
        assert Client().get(link).status_code != 302  # spent on opening


def test_the_uncached_reports_view_reads_the_figures_again(client, settings):
    settings.ROOT_URLCONF = "clinic.bench_urls"
    _, administrator = bench_staff.bench_users()
    seed.seed_requests(target=60)
    client.force_login(administrator)
    session = client.session
    session.update({})
    session.save()
    assert client.get(bench_staff.REPORTS_PATH).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        assert client.get(bench_staff.REPORTS_PATH).status_code == 200
    bench_staff.forget_reports()
    with CaptureQueriesContext(connection) as cold:
        assert client.get(bench_staff.REPORTS_PATH).status_code == 200
    assert len(cold.captured_queries) >= len(warm.captured_queries) + 10  # the figures, again


def test_one_at_a_time_sets_up_before_every_view():
    calls = []
    result = load.one_at_a_time(
        name="x", port=1, path="/", headers={}, seconds=0, before_each=lambda: calls.append(1)
    )
    assert calls == [1] and result.count == 1 and result.statuses == Counter({0: 1})


def test_the_new_pages_are_judged_by_cpu_against_their_floor():
    def result(name, count, cpu_ms):
        item = load.Result(name=name, path="/", seconds=1.0, latencies=[0.01] * count)
        item.app_cpu = count * cpu_ms / 1000
        return item

    results = [
        result(bench_staff.FLOOR, 100, 5),
        result(bench_staff.FOLLOWUP_REQUEST_PAGE, 10, 50),
        result(bench_staff.REPORTS_COLD, 1, 1000),
        result(bench_staff.PATIENT_FLOOR, 100, 4),
        result(bench_staff.SLOT_PAGE, 20, 10),
    ]
    lines = bench_staff.judge(results, pages={"staff", "slots"})
    assert (
        "request page, 26 follow-ups / trivial view, by CPU = 0.100 (target >= 0.15): FAIL "
        "(from throughput 0.100)"
    ) in lines
    assert any(
        line.startswith("reports, 90 days, uncached / trivial view, by CPU = 0.005")
        for line in lines
    )
    assert (
        "slot page / patient trivial view, by CPU = 0.400 (target >= 0.25): PASS "
        "(from throughput 0.200)"
    ) in lines


def test_the_report_judges_every_target_it_measured():
    def result(name, count, *, ms=10):
        return load.Result(name=name, path="/", seconds=1.0, latencies=[ms / 1000] * count)

    staff = [
        result(bench_staff.FLOOR, 1000),
        result(bench_staff.FLOOR_SIGNED_OUT, 1500),
        result(bench_staff.QUEUE, 310),
        *[result(name, 160) for name in bench_staff.STAFF_PAGES],
        result(bench_staff.ADMIN, 60, ms=60),
    ]
    lines = bench_staff.judge(staff, pages={"staff"})
    assert lines[0] == "queue / trivial view = 0.310 (target >= 0.3): PASS"
    assert lines[5] == "admin changelist / trivial view = 0.060 (target >= 0.05): PASS"
    assert lines[11] == "admin changelist p95 = 60.000 ms (target < 50 ms): FAIL"
    assert lines[-1] == "responses not as expected = 0.000 (target < 1): PASS"
    slow = bench_staff.judge([*staff[:2], result(bench_staff.QUEUE, 100), *staff[3:]])
    assert slow[0].endswith("FAIL")


def test_the_report_judges_the_public_pages_and_the_patient_path():
    def result(name, count, *, ms=10, expected=200):
        return load.Result(
            name=name,
            path="/",
            seconds=1.0,
            latencies=[ms / 1000] * count,
            statuses=Counter({expected: count}),
            expected=expected,
        )

    results = [
        result(bench_staff.FLOOR_SIGNED_OUT, 1000),
        result("home", 600),
        result("learn", 400),
        result("privacy", 500),
        result(bench_staff.PATIENT_FLOOR, 1000),
        result("about GET", 250),
        result("about POST", 200, expected=302),
        result(bench_staff.SUBMISSION, 60, ms=120, expected=302),
    ]
    lines = bench_staff.judge(results, pages={"public", "patient"})
    assert [line.rsplit(" ", 1)[-1] for line in lines] == [
        "PASS", "FAIL", "PASS", "PASS", "FAIL", "PASS", "FAIL", "PASS"
    ]  # fmt: skip
    assert lines[4] == "about POST / patient trivial view = 0.200 (target >= 0.25): FAIL"


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
    """Whether the queue counted its rows. The red mark's count of risk answers past their
    target is not that: it reads a partial index that holds only those few rows."""
    return any(
        re.search(r"\bCOUNT\(", query["sql"]) and "risk_ack_due_by" not in query["sql"]
        for query in queries
    )


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
    assert response.context["count_seconds"] == 60  # the caption says how old it may be
    with CaptureQueriesContext(connection) as queries:
        client.get("/staff/?verdict=other_options_first&urgent=on")
    assert not counted(queries.captured_queries)  # kept a minute in the cache


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


# --- The patient's path -----------------------------------------------------------------------


def test_the_patient_paths_answers_walk_the_wizard_and_the_check_finds_each_submission_once(
    client,
):
    from intake.bench import patient

    medications = bench_staff.bench_medications()
    assert len(medications) == 2
    browser = patient.Browser(port=0, serial=patient.next_serial())
    steps = patient.step_answers(email=browser.email, medications=medications, item9=1)
    assert [step for step, _ in steps] == [
        "about", "feelings", "safety", "history", "screening", "request", "payment"
    ]  # fmt: skip
    assert client.get("/intake/").status_code == 200
    for step, answers in steps:
        assert client.post(f"/intake/{step}/", answers).status_code == 302, step
    assert client.post("/intake/review/", patient.CONSENT).status_code == 302
    assert patient.stored_once([browser], [browser.email]) == (1, [])
    unacknowledged = patient.stored_once([], [browser.email])
    assert unacknowledged[0] == 0 and "never acknowledged" in unacknowledged[1][0]
    seed.delete_bench_data()
    assert not EvaluationRequest.objects.filter(patient__email=browser.email).exists()
