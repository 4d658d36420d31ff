"""The benchmark's parts that need no database: sizes, percentiles, the load driver's bounds, the table."""

import http.server
import threading

import pytest

from gradtrack.bench import load, report
from gradtrack.bench.runner import Page, Target
from gradtrack.bench.scale import Scale


def scale(graduates, jobs, changes, employers, history=None):
    return Scale(graduates, jobs, changes, employers, history or changes)


@pytest.mark.parametrize(
    ("factor", "overrides", "expected"),
    [
        (1.0, {}, scale(100_000, 300_000, 1_000_000, 5_000)),
        (0.1, {}, scale(10_000, 30_000, 100_000, 500)),
        (1.0, {"graduates": 10_000}, scale(10_000, 30_000, 100_000, 500)),
        (1.0, {"graduates": 1_000, "jobs": 500}, scale(1_000, 500, 10_000, 50)),
        (1.0, {"graduates": 1_000, "history": 50_000}, scale(1_000, 3_000, 10_000, 50, history=50_000)),
        # Every graduate and job has a creation entry, so the history never has fewer entries than records.
        (1.0, {"graduates": 1_000, "changes": 10}, scale(1_000, 3_000, 10, 50, history=4_000)),
    ],
)
def test_the_scale_is_the_issues_default_times_the_factor_unless_given(factor, overrides, expected):
    assert Scale.of(factor, **overrides) == expected


def test_percentiles_of_a_sample():
    sample = load.Sample(latencies=[i / 1000 for i in range(1, 101)])
    assert (sample.p50, sample.p95) == pytest.approx((0.0505, 0.09505))
    assert load.Sample().p95 is None


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        status = 500 if self.path == "/broken" else 200
        seen = self.headers.get("Cookie", "")
        body = seen.encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def test_the_driver_sends_at_most_the_requests_asked_for_with_each_clients_cookie(server):
    cookies = [f"sessionid=client{n}" for n in range(4)]
    sample = load.drive("127.0.0.1", server, ["/a", "/b"], cookies, requests=25, seconds=30, warmup=0)
    assert sample.count == 25
    assert sample.errors == []


def test_the_driver_counts_errors_apart_from_latencies(server):
    sample = load.drive("127.0.0.1", server, ["/ok", "/broken"], ["c=1"], requests=10, seconds=30, warmup=0)
    assert (sample.count, len(sample.errors)) == (5, 5)
    assert sample.errors[0] == "/broken: HTTP 500"


def test_the_table_compares_each_page_with_the_ping_and_its_targets():
    ping = Page("ping", "ping", ["/bench/ping/"], queries={"small": 0, "full": 0})
    ping.sample = load.Sample(latencies=[0.010] * 20)
    fast = Page("dashboard", "工作台", ["/"], queries={"small": 7, "full": 7})
    fast.sample = load.Sample(latencies=[0.050] * 20)
    growing = Page("graduate", "毕业生档案页", ["/g/1/"], queries={"small": 7, "full": 9})
    growing.sample = load.Sample(latencies=[0.050] * 20)
    missing = Page("stats", "统计页", [], note="n/a：统计页尚未上线")
    figures = report.Figures(
        scale=Scale.of(),
        small=Scale.of(graduates=1000),
        clients=10,
        workers=3,
        pages=[ping, fast, growing, missing],
        generated={"graduates": 100_000, "jobs": 300_000, "changes": 1_000_000, "history": 1_000_000},
        report_seconds=12.5,
        report_note="全校 2025届 .docx",
        import_rows=10_000,
        import_result={"read": 3.0, "plan": 4.0, "apply": 5.0, "total": 12.0, "max_rss_kb": 512_000},
        worker_peak_kb=204_800,
        bench_peak_kb=409_600,
    )
    lines = report.render(figures, Target()).splitlines()
    rows = {line.split(" | ")[0].lstrip("| "): line for line in lines if line.startswith("| ")}
    assert "| 50 | 50 | 5.0× | 5.0× | 7 → 7 | 20（0） |" in rows["工作台"]
    assert rows["工作台"].endswith("| 达标 |")
    assert rows["毕业生档案页"].endswith("| 未达标 |")  # more queries with more data
    assert "n/a：统计页尚未上线" in rows["统计页"]
    assert "12.5 s" in rows["全校报告生成（全校 2025届 .docx）"]
    assert rows["全校报告生成（全校 2025届 .docx）"].endswith("| 未达标 |")
    assert any("12.0 s" in line and line.endswith("| 达标 |") for line in lines)
    assert any("gunicorn 工作进程 200 MB；导入进程 500 MB" in line for line in lines)
