"""The whole benchmark at a tiny size: it builds its database, serves, measures, prints the table and drops the
database. Figures are printed, never asserted: wall-clock time depends on the machine.

Not part of `make test` (the file name does not match test_*.py): creating and migrating its own PostgreSQL
database alone takes 20–40 s. Run it by naming it:

    .venv/bin/pytest src/gradtrack/bench/tests/check_bench_run.py
"""

import os
import subprocess
import sys

import dj_database_url
import psycopg
import pytest

from gradtrack.bench import runner
from gradtrack.bench.settings import DEFAULT_BENCH_DATABASE_URL


def bench_server_url() -> str:
    """The PostgreSQL server of the test run when it uses one, else the benchmark's default server."""
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else DEFAULT_BENCH_DATABASE_URL


def maintenance_connection(url: str):
    return runner.maintenance_connection(dj_database_url.parse(url), connect_timeout=5)


@pytest.fixture
def bench_database_url():
    url = bench_server_url()
    try:
        maintenance_connection(url).close()
    except psycopg.OperationalError as exc:
        pytest.skip(f"make bench needs a PostgreSQL server ({exc})")
    config = dj_database_url.parse(url)
    name = f"gradtrack_bench_test_{os.getpid()}"
    auth = config["USER"] + (f":{config['PASSWORD']}" if config["PASSWORD"] else "")
    return f"postgres://{auth}@{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}/{name}", name


def test_a_tiny_benchmark_prints_one_row_per_page_and_drops_its_database(bench_database_url):
    url, name = bench_database_url
    arguments = ["--graduates", "100", "--small", "50", "--clients", "2", "--workers", "2"]
    arguments += ["--requests", "4", "--seconds", "10", "--import-rows", "30", "--no-report"]
    result = subprocess.run(
        [sys.executable, "-m", "gradtrack.bench", *arguments],
        env={**os.environ, "GRADTRACK_BENCH_DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    labels = [row.split(" | ")[0].lstrip("| ") for row in rows]
    for label in ("ping（最简 Django 视图）", "工作台", "毕业生档案页", "用人单位页", "统计页"):
        assert label in labels
    assert any(label.startswith("毕业生列表") for label in labels)
    assert any(label.startswith("API 列表") for label in labels)
    assert any(label.startswith("导入 30 行名单（") for label in labels)
    assert any(label.startswith("内存峰值（gunicorn 工作进程") for label in labels)
    measured = [row for row in rows if "（0） |" in row]
    assert len(measured) >= 6  # every page answered every request without an error
    with maintenance_connection(url) as connection:
        assert not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
