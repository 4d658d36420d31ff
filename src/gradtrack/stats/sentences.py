"""The comparison sentences that open each section of the written reports (issue 14): pure rules that choose
what may be said of a figure from the figure itself, the previous cohort's figure and how many graduates or
answers each is computed from. Nothing here reads the database; no sentence says more than the numbers.

The rules (a ``Measure`` is a value and the count it is computed from):

=========================================  =====================================================  ==========
 case                                        sentence                                               ``Trend``
=========================================  =====================================================  ==========
 no value, or computed from nobody          "2026届暂无就业率数据。"                                  NO_DATA
 fewer than ``min_count`` counted           "2026届就业率仅有3人的数据（少于5人），样本过少，         TOO_FEW
                                             暂不作评价。" (the value itself is not stated)
 no previous cohort (or it has no value)    "2026届就业率94.5%，上届无可比数据。"                     NO_PREVIOUS
 previous cohort below ``min_count``        "2026届就业率94.5%，上届样本过少（4人），不作比较。"     NO_PREVIOUS
 change above the flat band                 "…，比上届提高1.2个百分点。"                             RISE
 change below minus the flat band           "…，比上届下降1.2个百分点。"                             FALL
 change within the band                     "…，与上届持平。" / "…，与上届基本持平（提高0.3个百分点）。"  FLAT
=========================================  =====================================================  ==========

Thresholds (module constants, overridable per call):
- ``MIN_COUNT`` = 5: below five graduates (or five employer answers) a percentage moves 20 points with one
  person, so no rate is stated or compared.
- ``FLAT_POINTS`` = 0.5 percentage points: a rate change within ±0.5 points reads as 持平 (基本持平 when not 0).
- ``FLAT_SHARE`` = 1 %: an amount (平均起薪, 平均月薪) that moved by at most 1 % of last year's reads as 持平.
Counts (毕业人数) are stated with their change whatever their size (``count_sentence``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

MIN_COUNT = 5
FLAT_POINTS = Decimal("0.5")
FLAT_SHARE = Decimal("1")
ONE_DECIMAL = Decimal("0.1")


class Trend(enum.Enum):
    RISE = "rise"
    FALL = "fall"
    FLAT = "flat"
    TOO_FEW = "too_few"
    NO_PREVIOUS = "no_previous"
    NO_DATA = "no_data"


@dataclass(frozen=True)
class Measure:
    """A figure and how many graduates (or answers) it is computed from."""

    value: Decimal | int | None
    count: int


@dataclass(frozen=True)
class Comparison:
    trend: Trend
    text: str
    change: Decimal | None = None  # current − previous (points for a rate, 元 for an amount)


def _number(value) -> str:
    """94.5 → "94.5", 3860 → "3860" (the figures come rounded from the selectors)."""
    return str(value)


def _trend(change: Decimal, band: Decimal) -> Trend:
    if change > band:
        return Trend.RISE
    if change < -band:
        return Trend.FALL
    return Trend.FLAT


def _compare(
    subject: str,
    name: str,
    current: Measure,
    previous: Measure | None,
    *,
    stated: str,
    unit_word: str,
    min_count: int,
    describe,
    compare: bool = True,
) -> Comparison:
    """The cases shared by rates and amounts; ``describe(change, previous_value)`` words a real change."""
    values = {"subject": subject, "name": name, "unit": unit_word, "min": min_count}
    if current.value is None or current.count <= 0:
        return Comparison(Trend.NO_DATA, _("%(subject)s暂无%(name)s数据。") % values)
    if current.count < min_count:
        return Comparison(
            Trend.TOO_FEW,
            _("%(subject)s%(name)s仅有%(count)s%(unit)s的数据（少于%(min)s%(unit)s），样本过少，暂不作评价。")
            % {**values, "count": current.count},
        )
    opening = _("%(subject)s%(name)s%(stated)s") % {**values, "stated": stated}
    if not compare:
        return Comparison(Trend.NO_PREVIOUS, opening + "。")
    if previous is None or previous.value is None or previous.count <= 0:
        return Comparison(Trend.NO_PREVIOUS, opening + _("，上届无可比数据。"))
    if previous.count < min_count:
        return Comparison(
            Trend.NO_PREVIOUS,
            opening
            + _("，上届样本过少（%(count)s%(unit)s），不作比较。") % {**values, "count": previous.count},
        )
    change = Decimal(current.value) - Decimal(previous.value)
    trend, wording = describe(change, Decimal(previous.value))
    return Comparison(trend, opening + wording, change)


def rate_sentence(
    subject: str,
    name: str,
    current: Measure,
    previous: Measure | None,
    *,
    unit_word: str = "人",
    min_count: int = MIN_COUNT,
    flat_band: Decimal = FLAT_POINTS,
) -> Comparison:
    """A percentage and its change in percentage points: "2026届就业率94.5%，比上届提高1.2个百分点。"."""

    def describe(change: Decimal, _previous: Decimal):
        trend = _trend(change, flat_band)
        points = {"change": _number(abs(change))}
        if trend is Trend.RISE:
            return trend, _("，比上届提高%(change)s个百分点。") % points
        if trend is Trend.FALL:
            return trend, _("，比上届下降%(change)s个百分点。") % points
        if change == 0:
            return trend, _("，与上届持平。")
        direction = _("提高") if change > 0 else _("下降")
        return trend, _("，与上届基本持平（%(direction)s%(change)s个百分点）。") % {
            **points,
            "direction": direction,
        }

    return _compare(
        subject,
        name,
        current,
        previous,
        stated=f"{_number(current.value)}%",
        unit_word=unit_word,
        min_count=min_count,
        describe=describe,
    )


def amount_sentence(
    subject: str,
    name: str,
    current: Measure,
    previous: Measure | None,
    *,
    unit: str = "元",
    unit_word: str = "人",
    min_count: int = MIN_COUNT,
    flat_share: Decimal = FLAT_SHARE,
) -> Comparison:
    """An amount and its change: "2026届平均起薪3860元，比上届提高120元（增长3.2%）。"."""

    def describe(change: Decimal, previous_value: Decimal):
        if previous_value:
            signed = (change * 100 / previous_value).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
            trend, share = _trend(signed, flat_share), abs(signed)
        else:  # nothing last year to take a share of: any change is one
            trend, share = _trend(change, Decimal(0)), None
        if share is None and trend is not Trend.FLAT:
            wording = (
                _("，比上届提高%(change)s%(unit)s。") if change > 0 else _("，比上届减少%(change)s%(unit)s。")
            )
            return trend, wording % {"change": _number(abs(change)), "unit": unit}
        values = {"change": _number(abs(change)), "unit": unit, "share": share}
        if trend is Trend.RISE:
            return trend, _("，比上届提高%(change)s%(unit)s（增长%(share)s%%）。") % values
        if trend is Trend.FALL:
            return trend, _("，比上届减少%(change)s%(unit)s（下降%(share)s%%）。") % values
        if change == 0:
            return trend, _("，与上届持平。")
        direction = _("提高") if change > 0 else _("减少")
        return trend, _("，与上届基本持平（%(direction)s%(change)s%(unit)s）。") % {
            **values,
            "direction": direction,
        }

    return _compare(
        subject,
        name,
        current,
        previous,
        stated=f"{_number(current.value)}{unit}",
        unit_word=unit_word,
        min_count=min_count,
        describe=describe,
    )


def count_sentence(
    subject: str, noun: str, current: int, previous: int | None, *, unit_word: str = "人"
) -> Comparison:
    """A head count and its change: "2026届共有毕业生120人，比上届增加8人。"."""
    values = {"subject": subject, "noun": noun, "count": current, "unit": unit_word}
    opening = _("%(subject)s共有%(noun)s%(count)s%(unit)s") % values
    if not current:
        return Comparison(Trend.NO_DATA, _("%(subject)s暂无%(noun)s。") % values)
    if not previous:
        return Comparison(Trend.NO_PREVIOUS, opening + _("，上届无可比数据。"))
    change = Decimal(current - previous)
    trend = _trend(change, Decimal(0))
    amount = {"change": abs(current - previous), "unit": unit_word}
    if trend is Trend.RISE:
        return Comparison(trend, opening + _("，比上届增加%(change)s%(unit)s。") % amount, change)
    if trend is Trend.FALL:
        return Comparison(trend, opening + _("，比上届减少%(change)s%(unit)s。") % amount, change)
    return Comparison(trend, opening + _("，与上届持平。"), change)


def rate_statement(
    subject: str, name: str, current: Measure, *, unit_word: str = "人", min_count: int = MIN_COUNT
) -> Comparison:
    """A percentage of a range of cohorts, which has no 上届: "2024—2026届满意率85.0%。" (or too few, no data)."""
    return _compare(
        subject,
        name,
        current,
        None,
        stated=f"{_number(current.value)}%",
        unit_word=unit_word,
        min_count=min_count,
        describe=None,
        compare=False,
    )
