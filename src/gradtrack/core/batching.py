"""Queries over many values in slices, so that an `IN (...)` stays under SQLite's limit on parameters."""

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

T = TypeVar("T")

QUERY_CHUNK = 500


def in_chunks(values: Iterable[T], size: int = QUERY_CHUNK) -> Iterator[list[T]]:
    """Consecutive lists of at most ``size`` values; a generator or a queryset's iterator is read as it goes,
    never held whole (gradtrack daily walks every active service this way)."""
    iterator = iter(values)
    while chunk := list(islice(iterator, size)):
        yield chunk
