"""Computed figures (statistics, 工作台 counts) kept in Django's cache until the data behind them changes.

Every write of the app goes through a service that records a history entry in the same transaction
(core.history), so the newest history entry's id is a stamp of "the data as it is now": a key that includes it
can never return figures computed before a later write. What deletes history (a restore, wiping the demo)
calls ``forget_all``. Writes that bypass history (bulk loads outside the
app) show up once the entry expires after ``GRADTRACK_FIGURES_CACHE_SECONDS`` (default 600; 0 turns caching off).
"""

import datetime
import hashlib
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.functional import cached_property

from gradtrack.core.models import HistoryEntry

T = TypeVar("T")
KEY_PREFIX = "figures:v1:"
_MISSING = object()


def data_stamp() -> int:
    """The id of the newest history entry: it changes with every write made through the app's services."""
    return HistoryEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def forget_all() -> None:
    """After history entries were deleted (a restore, wiping the demo): the newest id may go back to a value
    that already keyed figures of other data, so every cached figure goes. With Redis this also ends the
    sessions kept there, which suits a restore or a wipe."""
    cache.clear()


def cache_seconds() -> int:
    return getattr(settings, "GRADTRACK_FIGURES_CACHE_SECONDS", 600)


def key_for(name: str, parts: Iterable[object], *, stamp: int, today: datetime.date) -> str:
    raw = "|".join([name, str(stamp), today.isoformat(), *(repr(part) for part in parts)])
    return KEY_PREFIX + name + ":" + hashlib.sha256(raw.encode()).hexdigest()[:40]


def cached(name: str, parts: Iterable[object], compute: Callable[[], T]) -> T:
    """``compute()``, or what it returned for the same name, parts, day and data stamp within the timeout.

    ``parts`` must name everything the result depends on besides the data: the scope, the user's visibility,
    the settings used. The result must pickle (dataclasses, numbers, strings, model instances).
    """
    seconds = cache_seconds()
    if seconds <= 0:
        return compute()
    key = key_for(name, parts, stamp=data_stamp(), today=timezone.localdate())
    result = cache.get(key, _MISSING)
    if result is _MISSING:
        result = compute()
        cache.set(key, result, seconds)
    return result


class CountCachingPaginator(Paginator):
    """A paginator whose total is cached like the figures (a COUNT over a large filtered list costs as much as
    the page itself). ``name`` and ``parts`` say which list and filters the count is for, as in ``cached``."""

    def __init__(self, object_list, per_page, *, name: str, parts: Iterable[object], **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cache_name, self.cache_parts = name, list(parts)

    @cached_property
    def count(self) -> int:
        return cached(self.cache_name, self.cache_parts, lambda: Paginator.count.func(self))
