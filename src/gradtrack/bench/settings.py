"""The app's settings for the benchmark: its own PostgreSQL database, plain HTTP on 127.0.0.1, a ping view.

GRADTRACK_BENCH_DATABASE_URL names the database; the benchmark creates and drops it, so its name must contain
"bench" (a guard against pointing it at a real school's database).
"""

import os
import warnings

import dj_database_url

os.environ.setdefault("GRADTRACK_HTTPS", "0")

from gradtrack.settings import *  # noqa: E402,F403

DEFAULT_BENCH_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/gradtrack_bench"
BENCH_DATABASE_URL = os.environ.get("GRADTRACK_BENCH_DATABASE_URL", DEFAULT_BENCH_DATABASE_URL)
DATABASES = {"default": dj_database_url.parse(BENCH_DATABASE_URL, conn_max_age=600)}
ROOT_URLCONF = "gradtrack.bench.urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# Served without collectstatic: templates name static files as they are.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files come from the app directories (no collectstatic for a benchmark run).
WHITENOISE_USE_FINDERS = True
warnings.filterwarnings("ignore", "No directory at", UserWarning)
