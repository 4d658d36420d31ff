"""Cache backends that fail soft: the cache only saves work (figures, counts), so when it breaks — Redis down,
the database cache table never created (`gradtrack createcachetable` forgotten) — a read is a miss and a write
is skipped, with a warning in the log, instead of every page becoming a server error.

On PostgreSQL a failed query inside a transaction aborts the whole transaction. So that a missing cache table
cannot spoil a transaction, the database cache asks once (per process and thread) whether its table exists
before its first query inside one, and never queries a table it knows to be missing. (A savepoint around every
cache query would do it too, at two more queries for each.) SQLite keeps a transaction usable after an error."""

import logging

from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import connections, router

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
    def _usable(self) -> bool:
        return True

    def _failed(self, error: Exception) -> None:
        logger.warning("缓存不可用，按未缓存处理：%r", error)

    def _fail_soft(self, operation: str, call, *args, **kwargs):
        try:
            if self._usable():
                return call(*args, **kwargs)
        except Exception as error:  # any driver's error: the cache is optional by design
            self._failed(error)
        if operation == "get":
            return kwargs.get("default", args[1] if len(args) > 1 else None)
        if operation in ("incr", "decr"):
            raise ValueError(f"Key '{args[0] if args else ''}' not found")
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

    table_exists: bool | None = None  # unknown until asked

    def _usable(self) -> bool:
        if self.table_exists is None:
            connection = connections[router.db_for_write(self.cache_model_class)]
            if not (connection.in_atomic_block and connection.vendor == "postgresql"):
                return True  # a failed query harms nothing outside a transaction, nor on SQLite
            with connection.cursor() as cursor:
                self.table_exists = self._table in connection.introspection.table_names(cursor)
            if not self.table_exists:
                logger.warning(
                    "缓存表 %s 不存在（请运行 gradtrack createcachetable 后重启），按未缓存处理", self._table
                )
        return self.table_exists


class FailSoftRedisCache(FailSoftCacheMixin, RedisCache):
    """django.core.cache.backends.redis.RedisCache that never raises."""
