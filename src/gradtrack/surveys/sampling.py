"""The survey sample of POLICY §7, as a pure function: plain data in, a frozen dataclass out, no ORM.

Employers are ordered by how many of the cohort(s)' graduates they employ now (current job), most first,
ties broken by employer name (then id) so that a plan is reproducible; employers are taken until the
graduates they cover reach the percentage of the denominator — the cohort(s)' graduates who have a current
job on file. Each graduate has at most one current job, so each is counted once.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class EmployerCount:
    """An employer and how many graduates of the sampled cohort(s) it employs now."""

    employer_id: int
    name: str
    graduates: int


@dataclass(frozen=True)
class Sample:
    chosen: tuple[EmployerCount, ...]
    covered: int  # graduates whose current job is with a chosen employer
    denominator: int  # graduates of the cohort(s) with a current job
    percent: int
    target: int  # graduates to cover: ⌈percent × denominator⌉

    @property
    def met(self) -> bool:
        return self.covered >= self.target

    @property
    def coverage_percent(self) -> float:
        return round(100 * self.covered / self.denominator, 1) if self.denominator else 0.0


def target_for(denominator: int, percent: int) -> int:
    """The number of graduates that is ≥ percent % of the denominator (integer arithmetic, no float error)."""
    return math.ceil(denominator * percent / 100) if denominator else 0


def ordered(counts: Iterable[EmployerCount]) -> list[EmployerCount]:
    return sorted((c for c in counts if c.graduates > 0), key=lambda c: (-c.graduates, c.name, c.employer_id))


def draw_sample(counts: Iterable[EmployerCount], percent: int) -> Sample:
    """The employers of POLICY §7 for this percentage: the fewest of the ordered list reaching the target."""
    ranked = ordered(counts)
    denominator = sum(c.graduates for c in ranked)
    target = target_for(denominator, percent)
    chosen: list[EmployerCount] = []
    covered = 0
    for employer in ranked:
        if covered >= target:
            break
        chosen.append(employer)
        covered += employer.graduates
    return Sample(tuple(chosen), covered, denominator, percent, target)


def coverage(counts: Iterable[EmployerCount], chosen_ids: Iterable[int], percent: int) -> Sample:
    """What a plan reaches after staff added or removed employers: same denominator and target."""
    ranked = ordered(counts)
    wanted = set(chosen_ids)
    chosen = tuple(c for c in ranked if c.employer_id in wanted)
    denominator = sum(c.graduates for c in ranked)
    return Sample(
        chosen, sum(c.graduates for c in chosen), denominator, percent, target_for(denominator, percent)
    )
