"""The benchmark from start to end: database, two dataset sizes, query counts, gunicorn under load, the report,
an import, memory; then one table.

Query counts are taken in-process with Django's test client (CaptureQueriesContext) at a small size and at
the full size: a page whose count grows with the data has an N+1 query. Latencies are taken over HTTP against
gunicorn, and each is also given as a multiple of the same percentile of /bench/ping/ (the cheapest Django
view, served the same way in the same run), which factors out the machine.
"""

import argparse
import io
import json
import math
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import dj_database_url
import psycopg

GUNICORN_TIMEOUT = 120


@dataclass(frozen=True)
class Target:
    p95_ms: float = 200
    queries: int = 20
    report_s: float = 10
    import_s: float = 15


@dataclass
class Page:
    key: str
    label: str
    paths: list[str]
    note: str = ""
    queries: dict[str, int] = field(default_factory=dict)  # size label → queries of the first path
    sample: object = None


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="gradtrack bench",
        description="压力测试：在 PostgreSQL 上生成大规模数据，用 gunicorn 提供服务并以并发客户端访问，输出一张结果表。",
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="数据规模倍数（1 = 10 万毕业生、30 万就业记录、100 万条变动通报、100 万条修改历史）",
    )
    parser.add_argument("--graduates", type=int, help="毕业生人数（覆盖 --scale）")
    parser.add_argument("--jobs", type=int, help="就业记录数")
    parser.add_argument("--changes", type=int, help="变动通报条数")
    parser.add_argument("--history", type=int, help="修改历史条数（默认与变动通报相同）")
    parser.add_argument("--small", type=int, default=1000, help="统计 SQL 查询数时较小数据量的毕业生人数")
    parser.add_argument("--clients", type=int, default=10, help="并发客户端数")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn 工作进程数")
    parser.add_argument("--requests", type=int, default=200, help="每个页面最多请求次数")
    parser.add_argument("--seconds", type=float, default=30, help="每个页面最长压测秒数")
    parser.add_argument("--import-rows", type=int, default=10_000, help="导入测试的行数（0 = 跳过）")
    parser.add_argument("--no-report", action="store_true", help="跳过报告生成测试")
    parser.add_argument("--keep", action="store_true", help="结束后保留压测数据库")
    return parser.parse_args(argv)


# --- The database -------------------------------------------------------------------------------------------


def bench_database() -> dict:
    from gradtrack.bench.settings import BENCH_DATABASE_URL

    config = dj_database_url.parse(BENCH_DATABASE_URL)
    if not config["ENGINE"].endswith("postgresql"):
        raise SystemExit("压测需要 PostgreSQL：GRADTRACK_BENCH_DATABASE_URL 应为 postgres://…")
    if "bench" not in config["NAME"]:
        raise SystemExit(f"压测会删除并重建数据库 {config['NAME']}；为安全起见，库名中须含“bench”。")
    return config


def maintenance_connection(config: dict, **options) -> psycopg.Connection:
    """A connection to the server's ``postgres`` database, to create and drop the benchmark's own."""
    return psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
        **options,
    )


def recreate_database(config: dict) -> None:
    with maintenance_connection(config) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{config["NAME"]}"')


def drop_database(config: dict) -> None:
    from django.db import connections

    connections.close_all()
    with maintenance_connection(config) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}" WITH (FORCE)')


# --- Pages ------------------------------------------------------------------------------------------------------


def stats_page_url() -> str | None:
    from django.urls import NoReverseMatch, reverse

    from gradtrack.site.navigation import NAV_ITEMS

    for item in NAV_ITEMS:
        if item.url_name.startswith("stats:"):
            try:
                return reverse(item.url_name)
            except NoReverseMatch:
                continue
    return None


def pages() -> list[Page]:
    """The pages of the issue, with addresses chosen from the data now in the database."""
    from django.db.models import Count

    from gradtrack.records.models import Employer, Graduate

    year = Graduate.objects.order_by("-graduation_year").values_list("graduation_year", flat=True).first()
    listed = Graduate.objects.filter(graduation_year=year, placement_mode="school").count()
    page_number = max(1, min(50, math.ceil(listed / 50)))
    busiest_graduates = list(
        Graduate.objects.annotate(n=Count("jobs")).order_by("-n", "pk").values_list("pk", flat=True)[:5]
    )
    some_graduates = list(Graduate.objects.order_by("?").values_list("pk", flat=True)[:15])
    busiest_employers = list(
        Employer.objects.annotate(n=Count("jobs")).order_by("-n", "pk").values_list("pk", flat=True)[:5]
    )
    some_employers = list(Employer.objects.order_by("?").values_list("pk", flat=True)[:15])
    api_page = 2 if Graduate.objects.count() > 50 else 1
    stats_url = stats_page_url()
    result = [
        Page("ping", "ping（最简 Django 视图）", ["/bench/ping/"]),
        Page("dashboard", "工作台", ["/"]),
        Page(
            "graduates",
            f"毕业生列表（{year}届·学校统一安置·按姓名倒序·第 {page_number} 页）",
            [
                f"/records/graduates/?graduation_year={year}&placement_mode=school&sort=-name&page={page_number}"
            ],
        ),
        Page(
            "graduate",
            "毕业生档案页",
            [f"/records/graduates/{pk}/" for pk in busiest_graduates + some_graduates],
        ),
        Page(
            "employer",
            "用人单位页",
            [f"/records/employers/{pk}/" for pk in busiest_employers + some_employers],
        ),
        Page(
            "stats",
            "统计页",
            [stats_url] if stats_url else [],
            note="" if stats_url else "n/a：统计页尚未上线",
        ),
        Page(
            "api", f"API 列表（/api/v1/graduates/ 第 {api_page} 页）", [f"/api/v1/graduates/?page={api_page}"]
        ),
    ]
    return result


def count_queries(page_list: list[Page], size: str, user) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    for page in page_list:
        if not page.paths:
            continue
        client.get(page.paths[0])  # the first request of a session fills caches that later ones reuse
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.paths[0])
        if response.status_code != 200:
            raise SystemExit(
                f"{page.paths[0]} 返回 HTTP {response.status_code} {response.get('Location', '')}"
            )
        page.queries[size] = len(queries)


def session_cookies(user, count: int) -> list[str]:
    from django.conf import settings
    from django.test import Client

    cookies = []
    for _ in range(count):
        client = Client()
        client.force_login(user)
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}")
    return cookies


# --- gunicorn -----------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, workers: int):
        self.port = free_port()
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "gradtrack.bench.settings"}
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "gradtrack.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                str(GUNICORN_TIMEOUT),
                "--log-level",
                "warning",
            ],
            env=env,
        )
        self._wait()

    def _wait(self) -> None:
        from gradtrack.bench.load import fetch

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit("gunicorn 未能启动")
            try:
                if fetch("127.0.0.1", self.port, "/bench/ping/", "")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise SystemExit("gunicorn 60 秒内未响应")

    def worker_peak_rss_kb(self) -> int:
        """The largest peak resident size (VmHWM) among the workers."""
        peak = 0
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
            if fields.get("PPid", "").strip() == str(self.process.pid) and "VmHWM" in fields:
                peak = max(peak, int(fields["VmHWM"].split()[0]))
        return peak

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


# --- Report and import -----------------------------------------------------------------------------------------


def time_cold_statistics(year: int) -> float:
    """The statistics page's figures computed afresh (what the first visit after a write waits for): the
    latest cohort and the three before it, as the school report asks for them, with the cache off."""
    from django.test import override_settings

    from gradtrack.stats import selectors

    scope = selectors.resolve_scope(None, "school")
    with override_settings(GRADTRACK_FIGURES_CACHE_SECONDS=0):
        started = time.perf_counter()
        selectors.statistics_for(scope, selectors.Cohorts(year, year))
        return time.perf_counter() - started


def time_report(year: int) -> tuple[float | None, str]:
    from django.core.cache import cache
    from django.core.management import call_command, get_commands

    if "report" not in get_commands():
        return None, "n/a：gradtrack report 尚未上线"
    cache.clear()  # the report is timed from nothing: the load test above filled the figures cache
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        try:
            out = f"{scratch}/report.docx"
            call_command(
                "report", year=year, scope="school", file_format="docx", out=out, stdout=io.StringIO()
            )
        except Exception as exc:  # the figure says what went wrong instead of ending the run
            return None, f"失败：{exc}"
        return time.perf_counter() - started, f"全校 {year}届 .docx"


def time_import(rows: int) -> dict:
    from gradtrack.imports.benchmark import write_sample

    with tempfile.TemporaryDirectory() as scratch:
        path = f"{scratch}/roster.xlsx"
        write_sample(rows, path)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "gradtrack.bench.settings"}
        result = subprocess.run(
            [sys.executable, "-m", "gradtrack.bench.importrun", path], env=env, capture_output=True, text=True
        )
    lines = result.stdout.strip().splitlines()
    if result.returncode or not lines:
        return {"error": (lines[-1] if lines else result.stderr.strip().splitlines()[-1])[:200]}
    return json.loads(lines[-1])


# --- The run -------------------------------------------------------------------------------------------------------


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    import django

    from gradtrack.bench import report
    from gradtrack.bench.scale import Scale

    scale = Scale.of(
        args.scale, graduates=args.graduates, jobs=args.jobs, changes=args.changes, history=args.history
    )
    small = Scale.of(graduates=min(args.small, max(50, scale.graduates // 10)))
    config = bench_database()
    log(f"重建数据库 {config['NAME']}")
    recreate_database(config)
    django.setup()
    from django.core.management import call_command

    from gradtrack.bench import dataset
    from gradtrack.bench.load import drive

    try:
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        figures = report.Figures(scale=scale, small=small, clients=args.clients, workers=args.workers)

        log(f"生成小规模数据：{small}")
        dataset.build(small)
        centre = dataset.DatasetBuilder(small).centre
        page_list = pages()
        count_queries(page_list, "small", centre)
        small_counts = {page.key: page.queries.get("small") for page in page_list}

        dataset.clear()
        log(f"生成完整数据：{scale}")
        started = time.perf_counter()
        figures.generated = dataset.build(scale)
        figures.generation_seconds = time.perf_counter() - started
        log(f"数据生成用时 {figures.generation_seconds:.0f} 秒：{figures.generated}")
        centre = dataset.DatasetBuilder(scale).centre  # the clear removed users tied to graduates too
        page_list = pages()
        count_queries(page_list, "full", centre)
        # The small run's addresses named other records; what is compared is each page's count.
        for page in page_list:
            page.queries["small"] = small_counts.get(page.key)
        figures.pages = page_list

        log(f"启动 gunicorn（{args.workers} 个工作进程），{args.clients} 个并发客户端")
        server = Server(args.workers)
        try:
            cookies = session_cookies(centre, args.clients)
            for page in page_list:
                if not page.paths:
                    continue
                log(f"压测 {page.label}")
                page.sample = drive(
                    "127.0.0.1",
                    server.port,
                    page.paths,
                    cookies,
                    requests=args.requests,
                    seconds=args.seconds,
                )
            figures.worker_peak_kb = server.worker_peak_rss_kb()
        finally:
            server.stop()

        log("统计数据首次计算")
        figures.cold_stats_seconds = time_cold_statistics(scale_year())
        if not args.no_report:
            log("生成全校报告")
            figures.report_seconds, figures.report_note = time_report(scale_year())
        if args.import_rows:
            log(f"导入 {args.import_rows} 行名单")
            figures.import_result = time_import(args.import_rows)
            figures.import_rows = args.import_rows
        figures.bench_peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(report.render(figures, Target()))
    finally:
        if not args.keep:
            drop_database(config)
    return 0


def scale_year() -> int:
    from gradtrack.records.models import Graduate

    return Graduate.objects.order_by("-graduation_year").values_list("graduation_year", flat=True).first()
