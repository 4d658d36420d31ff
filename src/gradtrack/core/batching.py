"""Queries over many values in slices, so that an `IN (...)` stays under SQLite's limit on parameters."""

from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

QUERY_CHUNK = 500


def in_chunks(values: Iterable[T], size: int = QUERY_CHUNK) -> Iterator[list[T]]:
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]
