"""The benchmark drops and recreates its database, so it refuses one whose name does not say it is a bench."""

import os
import subprocess
import sys


def test_the_benchmark_refuses_a_database_whose_name_does_not_say_bench():
    result = subprocess.run(
        [sys.executable, "-m", "gradtrack.bench", "--graduates", "50"],
        env={**os.environ, "GRADTRACK_BENCH_DATABASE_URL": "postgres://postgres@127.0.0.1:5432/gradtrack"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "库名中须含“bench”" in result.stderr
