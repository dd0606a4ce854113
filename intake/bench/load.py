"""A small HTTP load driver for the benchmark: threads sending GETs to 127.0.0.1 for a while.

Standard library only (http.client), so the benchmark needs nothing the project does not
already install. It only ever connects to the loopback address: it measures our own gunicorn,
and cannot be pointed at anyone else's server.
"""

import http.client
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

LOOPBACK = "127.0.0.1"


@dataclass
class Result:
    name: str
    path: str
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)  # seconds, one per response
    statuses: Counter = field(default_factory=Counter)
    # CPU seconds used by the app server's workers and the database backends, when measured.
    app_cpu: float | None = None
    db_cpu: float | None = None
    expected: int = 200  # the status every response must have (302 for a form's post)

    def add(self, other: "Result") -> None:
        """Fold in another run of the same endpoint."""
        self.seconds += other.seconds
        self.latencies.extend(other.latencies)
        self.statuses.update(other.statuses)
        for name in ("app_cpu", "db_cpu"):
            mine, theirs = getattr(self, name), getattr(other, name)
            if theirs is not None:
                setattr(self, name, (mine or 0.0) + theirs)

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def rps(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    def percentile_ms(self, percent: int) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] * 1000 if self.latencies else 0.0
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[percent - 1] * 1000

    def cpu_ms(self, name: str) -> str:
        used = getattr(self, name)
        return f"{used / self.count * 1000:.1f}" if used is not None and self.count else "n/a"

    @property
    def all_ok(self) -> bool:
        return bool(self.statuses) and set(self.statuses) == {self.expected}

    @property
    def cpu_per_request(self) -> float | None:
        """App plus database CPU seconds per response, when measured."""
        if self.app_cpu is None or not self.count:
            return None
        return (self.app_cpu + (self.db_cpu or 0.0)) / self.count


def get_once(port: int, path: str, headers: dict[str, str], timeout: float = 30) -> int:
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def hammer(
    *,
    name: str,
    port: int,
    path: str,
    headers: dict[str, str],
    seconds: float,
    concurrency: int,
) -> Result:
    """GET `path` from `concurrency` threads, back to back, for `seconds`."""
    result = Result(name=name, path=path)
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker():
        # Reused between requests; http.client reconnects by itself when gunicorn's sync
        # workers close the connection after each response.
        connection = http.client.HTTPConnection(LOOPBACK, port, timeout=60)
        latencies, statuses = [], Counter()
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                status = 0  # counted, and fails the run: every response must be a 200
            latencies.append(time.perf_counter() - began)
            statuses[status] += 1
        connection.close()
        with lock:
            result.latencies.extend(latencies)
            result.statuses.update(statuses)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result


def one_at_a_time(
    *, name: str, port: int, path: str, headers: dict[str, str], seconds: float, before_each
) -> Result:
    """GET `path` one request at a time for `seconds` (at least once), calling `before_each`
    first every time (unmeasured), e.g. to empty a cache so each view is a first view."""
    result = Result(name=name, path=path)
    deadline = time.perf_counter() + seconds
    while not result.latencies or time.perf_counter() < deadline:
        before_each()
        began = time.perf_counter()
        try:
            status = get_once(port, path, headers, timeout=600)
        except (OSError, http.client.HTTPException):
            status = 0
        elapsed = time.perf_counter() - began
        result.latencies.append(elapsed)
        result.seconds += elapsed
        result.statuses[status] += 1
    return result


def markdown_table(results: list[Result]) -> str:
    lines = [
        "| endpoint | path | requests | req/s | p50 ms | p95 ms "
        "| app CPU ms/req | DB CPU ms/req | statuses |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for item in results:
        statuses = ", ".join(f"{code}: {n}" for code, n in sorted(item.statuses.items()))
        lines.append(
            f"| {item.name} | `{item.path}` | {item.count} | {item.rps:.1f} | "
            f"{item.percentile_ms(50):.1f} | {item.percentile_ms(95):.1f} | "
            f"{item.cpu_ms('app_cpu')} | {item.cpu_ms('db_cpu')} | {statuses} |"
        )
    return "\n".join(lines)
