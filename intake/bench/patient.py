"""The patient's path for the benchmark: browsers with their own session and CSRF token.

Each `Browser` keeps its cookies and the CSRF token of the last form it was shown, as a real
one does, and talks to our gunicorn on 127.0.0.1 only. `walk_to_review` fills every wizard step
(GET the step, POST its answers), so a browser ends on the review page with a draft ready to
submit. The measured endpoints (`endpoints`) then repeat one step's GET or POST with the same
answers (each POST saves the draft again, as a patient going back and forth does), submit each
prepared draft exactly once, and open the done and status pages of submitted ones.

Every synthetic patient here has an e-mail at `PATIENT_DOMAIN`, so `seed.delete_bench_data`
finds them and the count of stored submissions can be checked after the run.
"""

import http.client
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from intake.bench.load import LOOPBACK, Result
from intake.domain import questions

PATIENT_DOMAIN = "patient.bench.example"
_CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class PathError(Exception):
    """A response the path did not expect: the run counts it and fails."""


class Browser:
    def __init__(self, port: int, serial: int):
        self.port = port
        self.serial = serial
        self.cookies: dict[str, str] = {}
        self.csrf = ""
        self.connection = http.client.HTTPConnection(LOOPBACK, port, timeout=60)

    @property
    def email(self) -> str:
        return f"patient{self.serial}@{PATIENT_DOMAIN}"

    def send(self, method: str, path: str, data: dict | None = None) -> int:
        headers = {"Host": f"{LOOPBACK}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if method == "POST":
            body = urlencode({**(data or {}), "csrfmiddlewaretoken": self.csrf}, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            text = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            return 0
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        if response.status == 200 and b"csrfmiddlewaretoken" in text:
            found = _CSRF_FIELD.search(text.decode())
            if found:
                self.csrf = found.group(1)
        return response.status

    def close(self) -> None:
        self.connection.close()


def step_answers(*, email: str, medications: list[int], item9: int) -> list[tuple[str, dict]]:
    """(step, answers) for every step this patient sees: Safety only when item 9 is above 0."""
    feelings = {f"phq9_{n}": "2" for n in range(1, 9)}
    feelings.update({"phq9_9": str(item9), "difficulty": "very"})
    feelings.update({f"gad7_{n}": "1" for n in range(1, 8)})
    history = {
        "episode_length": "1_to_2_years",
        "trials-TOTAL_FORMS": str(len(medications)),
        "trials-INITIAL_FORMS": "0",
        "trials-MIN_NUM_FORMS": "0",
        "trials-MAX_NUM_FORMS": "20",
    }
    for index, medication in enumerate(medications):
        row = {
            "medication": str(medication),
            "other_name": "",
            "dose_mg": "100",
            "weeks": "8",
            "still_taking": "no",
            "current_episode": "yes",
            "response": "not_at_all",
            "side_effects_other": "",
            "stop_reason": "no_help",
        }
        history.update({f"trials-{index}-{key}": value for key, value in row.items()})
    screening = dict.fromkeys(questions.SCREENING_ASKED_OF_ALL, "no")
    screening["current_medicines"] = "Sertraline 100 mg"
    steps = [
        (
            "about",
            {
                "first_name": "Pat",
                "last_name": "Benchley",
                "preferred_name": "",
                "date_of_birth": "1985-04-12",
                "email": email,
                "phone": "(202) 555-0147",
                "preferred_contact": "email",
                "preferred_language": "en",
            },
        ),
        ("feelings", feelings),
    ]
    if item9:
        steps.append(
            ("safety", {"wished_dead": "yes", "suicidal_thoughts": "no", "behaviour_ever": "no"})
        )
    steps += [
        ("history", history),
        ("screening", screening),
        (
            "request",
            {
                "visit_type": "telehealth",
                "preferred_times": ["weekday_mornings", "weekends"],
                "referring_provider": "",
                "heard_about": "clinician",
                "anything_else": "",
            },
        ),
        ("payment", {"payment": "self_pay"}),
    ]
    return steps


CONSENT = {
    "consent_contact": "on",
    "consent_not_emergency": "on",
    "consent_privacy": "on",
    "signature": "Pat Benchley",
}


@dataclass
class Walk:
    """What walking the wizard cost, per step and method, under the concurrency it ran at."""

    results: dict[str, Result] = field(default_factory=dict)
    errors: Counter = field(default_factory=Counter)

    def record(self, name: str, path: str, seconds: float, status: int, expected: int) -> None:
        result = self.results.setdefault(name, Result(name=name, path=path))
        result.latencies.append(seconds)
        result.statuses[status] += 1
        if status != expected:
            self.errors[f"{name}: {status}"] += 1


def walk_to_review(browser: Browser, steps, walk: Walk) -> bool:
    """Start the intake and fill every step; True when the browser stands on the review page."""

    def timed(name, method, path, data=None, expected=200) -> bool:
        began = time.perf_counter()
        status = browser.send(method, path, data)
        walk.record(name, path, time.perf_counter() - began, status, expected)
        return status == expected

    if not timed("start page GET", "GET", "/intake/"):
        return False
    for step, answers in steps:
        path = f"/intake/{step}/"
        if not timed(f"{step} GET", "GET", path):
            return False
        if not timed(f"{step} POST", "POST", path, answers, expected=302):
            return False
    return timed("review GET", "GET", "/intake/review/")


@dataclass(frozen=True)
class Plan:
    patients: int  # browsers at once
    submissions: int  # drafts prepared, each submitted once
    medications: list[int]
    first_serial: int


def next_serial() -> int:
    """One past the highest patient number used so far, so a second run adds new patients."""
    from intake.models import Patient

    emails = Patient.objects.filter(email__endswith=f"@{PATIENT_DOMAIN}").values_list(
        "email", flat=True
    )
    numbers = [int(email.removeprefix("patient").split("@")[0]) for email in emails.iterator()]
    return max(numbers, default=-1) + 1


def prepare(
    *, port, count, first_serial, medications, concurrency, walk: Walk, item9: int | None = None
) -> list[Browser]:
    """`count` browsers on the review page, walked there by `concurrency` patients at once.
    Item 9 (and so the Safety step) is `item9`, or every other patient's when None."""
    ready: list[Browser] = []
    lock = threading.Lock()
    serials = iter(range(first_serial, first_serial + count))

    def patient():
        while True:
            with lock:
                serial = next(serials, None)
            if serial is None:
                return
            browser = Browser(port, serial)
            nine = serial % 2 if item9 is None else item9
            steps = step_answers(email=browser.email, medications=medications, item9=nine)
            if walk_to_review(browser, steps, walk):
                with lock:
                    ready.append(browser)
            else:
                browser.close()

    run_threads(patient, concurrency)
    ready.sort(key=lambda browser: browser.serial)
    return ready


def run_threads(target, concurrency: int) -> float:
    threads = [threading.Thread(target=target, daemon=True) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def repeat(*, name, path, browsers, method, data_for, expected, seconds) -> Result:
    """Each browser (one thread each) sends the same request back to back for `seconds`."""
    result = Result(name=name, path=path, expected=expected)
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    queue = list(browsers)

    def worker():
        with lock:
            browser = queue.pop()
        latencies, statuses = [], Counter()
        data = data_for(browser) if data_for else None
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            statuses[browser.send(method, path, data)] += 1
            latencies.append(time.perf_counter() - began)
        with lock:
            result.latencies.extend(latencies)
            result.statuses.update(statuses)

    result.seconds = run_threads(worker, len(browsers))
    return result


def submit_all(*, browsers, concurrency) -> tuple[Result, list[Browser]]:
    """Post each prepared browser's consent once, `concurrency` at a time; returns the timing
    and the browsers whose submission was acknowledged (a redirect to the done page)."""
    path = "/intake/review/"
    result = Result(name="submission", path=path, expected=302)
    acknowledged: list[Browser] = []
    lock = threading.Lock()
    queue = list(browsers)

    def worker():
        while True:
            with lock:
                if not queue:
                    return
                browser = queue.pop()
            began = time.perf_counter()
            status = browser.send("POST", path, CONSENT)
            seconds = time.perf_counter() - began
            with lock:
                result.latencies.append(seconds)
                result.statuses[status] += 1
                if status == 302:
                    acknowledged.append(browser)

    result.seconds = run_threads(worker, concurrency)
    return result, acknowledged


def stored_once(acknowledged: list[Browser], all_emails: list[str]) -> tuple[int, list[str]]:
    """How many acknowledged submissions are stored exactly once, and what is wrong, if any:
    an acknowledged one missing or doubled, or one stored that was never acknowledged."""
    from django.db.models import Count

    from intake.models import EvaluationRequest

    counts = dict(
        EvaluationRequest.objects.filter(patient__email__in=all_emails)
        .values_list("patient__email")
        .annotate(n=Count("pk"))
        .values_list("patient__email", "n")
    )
    wanted = {browser.email for browser in acknowledged}
    problems = [
        f"{email}: stored {counts.get(email, 0)} times"
        for email in sorted(wanted)
        if counts.get(email, 0) != 1
    ]
    problems += [
        f"{email}: stored but never acknowledged" for email in sorted(counts) if email not in wanted
    ]
    return sum(1 for email in wanted if counts.get(email, 0) == 1), problems
