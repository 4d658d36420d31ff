"""Finding a major's entry in the 中职 catalogue (《职业教育专业目录（2021年）》) by the name a school writes.

A name matches an entry when it is the entry's name, or is after normalising both: full-width letters, digits and
brackets as half-width (NFKC), no spaces of any width, no trailing “专业”, Latin letters in lower case. An
entry's former names (the 2010 names of renamed majors, where the catalogue's notes give them) match the same
way. A name that matches nothing is offered the closest entries by character overlap.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from typing import Protocol

SPACES = re.compile(r"\s+")
# How a note in zhongzhi_majors_2021.csv names a major's earlier name: 原名“…”, 2010年目录名称“…” …
FORMER_NAME = re.compile(
    r"(?:原名|曾用名|原专业名称|2010年(?:目录)?(?:专业)?名称)(?:为|是)?[“\"「]([^”\"」]+)[”\"」]"
)


class Entry(Protocol):
    code: str
    name: str
    former_names: list[str]


def normalise(name: str) -> str:
    text = unicodedata.normalize("NFKC", name or "")
    text = SPACES.sub("", text).lower()
    if text.endswith("专业") and len(text) > 2:
        text = text[: -len("专业")]
    return text


def former_names(note: str) -> list[str]:
    """The earlier names a catalogue note gives, in order (none for most majors)."""
    return [name.strip() for name in FORMER_NAME.findall(note or "") if name.strip()]


class Catalogue:
    """The entries by every name that matches them: exact names first, then normalised, then former names."""

    def __init__(self, entries: Iterable[Entry]):
        self.entries = sorted(entries, key=lambda entry: entry.code)
        self._exact = {entry.name: entry for entry in self.entries}
        self._normalised: dict[str, Entry] = {}
        for entry in self.entries:
            self._normalised.setdefault(normalise(entry.name), entry)
        for entry in self.entries:
            for former in entry.former_names or ():
                self._normalised.setdefault(normalise(former), entry)

    def match(self, name: str) -> Entry | None:
        """The entry the name denotes, or None."""
        return self._exact.get(name) or self._normalised.get(normalise(name))

    def closest(self, name: str, limit: int = 3) -> list[Entry]:
        """The entries sharing the most characters with the name (Dice coefficient over the characters of the
        normalised names), best first, ties by code; only entries that share at least one character."""
        wanted = Counter(normalise(name))
        if not wanted:
            return []
        scored = []
        for entry in self.entries:
            names = [entry.name, *(entry.former_names or ())]
            best = 0.0
            for candidate in names:
                have = Counter(normalise(candidate))
                shared = sum((wanted & have).values())
                if shared:
                    best = max(best, 2 * shared / (sum(wanted.values()) + sum(have.values())))
            if best:
                scored.append((-best, entry.code, entry))
        scored.sort(key=lambda item: item[:2])
        return [entry for _score, _code, entry in scored[:limit]]
