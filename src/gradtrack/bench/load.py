"""The load driver: N concurrent clients, each logged in with its own session cookie, over plain HTTP.

Bounded twice: at most ``requests`` requests per page and at most ``seconds`` per page. Latency is the time
from sending the request to reading the whole body (a new connection each time: gunicorn's sync workers close
connections after each response anyway).
"""

import http.client
import statistics
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Sample:
    latencies: list[float] = field(default_factory=list)  # seconds
    errors: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.latencies)

    def percentile(self, p: float) -> float | None:
        if not self.latencies:
            return None
        if len(self.latencies) == 1:
            return self.latencies[0]
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[round(p) - 1]

    @property
    def p50(self) -> float | None:
        return self.percentile(50)

    @property
    def p95(self) -> float | None:
        return self.percentile(95)


def fetch(host: str, port: int, path: str, cookie: str, timeout: float = 120) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Cookie": cookie, "Host": host})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def drive(
    host: str,
    port: int,
    paths: list[str],
    cookies: list[str],
    *,
    requests: int,
    seconds: float,
    warmup: int = 1,
) -> Sample:
    """One client per cookie, all at once, cycling through ``paths``; returns every request's latency."""
    sample = Sample()
    lock = threading.Lock()
    remaining = [requests]
    deadline = time.monotonic() + seconds

    def client(number: int, cookie: str) -> None:
        for index in range(warmup):  # first requests warm each worker's caches; not counted
            fetch(host, port, paths[(number + index) % len(paths)], cookie)
        turn = number
        while time.monotonic() < deadline:
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
            path = paths[turn % len(paths)]
            turn += 1
            started = time.perf_counter()
            try:
                status, _body = fetch(host, port, path, cookie)
            except OSError as exc:
                with lock:
                    sample.errors.append(f"{path}: {exc}")
                continue
            elapsed = time.perf_counter() - started
            with lock:
                if status == 200:
                    sample.latencies.append(elapsed)
                else:
                    sample.errors.append(f"{path}: HTTP {status}")

    threads = [threading.Thread(target=client, args=(n, c)) for n, c in enumerate(cookies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sample
