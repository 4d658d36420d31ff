"""The cache fails soft (core.cache): a missing cache table or an unreachable Redis is a miss, never a server
error, and on PostgreSQL never spoils the transaction the page is writing in."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from gradtrack.core import figures_cache
from gradtrack.core.models import HistoryEntry

MISSING_TABLE = {
    "default": {"BACKEND": "gradtrack.core.cache.FailSoftDatabaseCache", "LOCATION": "no_such_cache_table"}
}
REDIS_DOWN = {  # nothing listens on port 1
    "default": {
        "BACKEND": "gradtrack.core.cache.FailSoftRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


@pytest.fixture(params=["missing_table", "redis_down"])
def broken_cache(request, db):
    with override_settings(CACHES=MISSING_TABLE if request.param == "missing_table" else REDIS_DOWN):
        yield request.param


def test_every_operation_of_a_broken_cache_is_a_miss_or_a_no_op(broken_cache):
    cache.set("a", 1)
    assert cache.get("a") is None
    assert cache.get("a", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("a", 1) is False
    assert cache.has_key("a") is False
    assert cache.delete("a") is False
    assert cache.get_or_set("a", 5) == 5
    cache.set_many({"a": 1})
    cache.delete_many(["a"])
    cache.clear()
    with pytest.raises(ValueError):
        cache.incr("a")


def test_the_figures_are_computed_afresh_when_the_cache_is_broken(broken_cache):
    calls = []
    assert figures_cache.cached("test", [1], lambda: calls.append(1) or 42) == 42
    assert figures_cache.cached("test", [1], lambda: calls.append(1) or 42) == 42
    assert len(calls) == 2


def test_the_dashboard_and_the_statistics_render_with_a_broken_cache(broken_cache, centre_client):
    for url in [reverse("site:dashboard"), reverse("stats:overview")]:
        assert centre_client.get(url).status_code == 200


def test_a_missing_cache_table_does_not_spoil_the_transaction_around_it(db):
    with override_settings(CACHES=MISSING_TABLE), transaction.atomic():
        assert cache.get("a") is None
        HistoryEntry.objects.count()  # on PostgreSQL an aborted transaction would refuse this query


def test_the_configured_cache_still_caches(db):
    cache.set("a", 1)
    assert cache.get("a") == 1
