"""Cache backends that fail soft: the cache only saves work (figures, counts), so when it breaks — Redis down,
the database cache table never created (`gradtrack createcachetable` forgotten) — a read is a miss and a write
is skipped, with a warning in the log, instead of every page becoming a server error.

On PostgreSQL a failed query inside a transaction aborts the whole transaction; the database cache's queries
therefore run in a savepoint when a transaction is open, so a missing cache table cannot spoil the page's
own writes."""

import contextlib
import logging

from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import connections, router, transaction

logger = logging.getLogger(__name__)

# BaseCache's operations and what each returns when the cache cannot be reached. The others (get_or_set,
# incr_version, the async variants) are built on these.
FALLBACKS = {
    "get": None,  # replaced by the caller's default
    "get_many": {},
    "has_key": False,
    "set": None,
    "add": False,
    "set_many": [],
    "touch": False,
    "delete": False,
    "delete_many": None,
    "clear": None,
    "incr": None,  # re-raised as ValueError below: the key is as good as missing
    "decr": None,
}


class FailSoftCacheMixin:
    def _guarded(self):
        return contextlib.nullcontext()

    def _fail_soft(self, operation: str, call, *args, **kwargs):
        try:
            with self._guarded():
                return call(*args, **kwargs)
        except Exception as error:  # any driver's error: the cache is optional by design
            logger.warning("缓存不可用（%s），按未缓存处理：%r", operation, error)
            if operation == "get":
                return kwargs.get("default", args[1] if len(args) > 1 else None)
            if operation in ("incr", "decr"):
                raise ValueError(f"Key '{args[0] if args else ''}' not found") from error
            return FALLBACKS[operation]


def _wrap(name: str):
    def method(self, *args, **kwargs):
        return self._fail_soft(name, getattr(super(FailSoftCacheMixin, self), name), *args, **kwargs)

    method.__name__ = name
    return method


for _name in FALLBACKS:
    setattr(FailSoftCacheMixin, _name, _wrap(_name))


class FailSoftDatabaseCache(FailSoftCacheMixin, DatabaseCache):
    """django.core.cache.backends.db.DatabaseCache that never raises."""

    def _guarded(self):
        database = router.db_for_write(self.cache_model_class)
        if connections[database].in_atomic_block:
            return transaction.atomic(using=database)  # a savepoint: a failure rolls back only itself
        return contextlib.nullcontext()


class FailSoftRedisCache(FailSoftCacheMixin, RedisCache):
    """django.core.cache.backends.redis.RedisCache that never raises."""
