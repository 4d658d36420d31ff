"""The rule-chosen comparison sentences of the written reports (issue 14 item 1): one case per rule."""

from decimal import Decimal as D

import pytest

from gradtrack.stats.sentences import (
    Measure,
    Trend,
    amount_sentence,
    count_sentence,
    rate_sentence,
)


@pytest.mark.parametrize(
    "current, previous, trend, text",
    [
        # a rise beyond the flat band, stated in percentage points (the example)
        (
            Measure(D("94.5"), 120),
            Measure(D("93.3"), 110),
            Trend.RISE,
            "2026届就业率94.5%，比上届提高1.2个百分点。",
        ),
        # a fall
        (
            Measure(D("70.0"), 10),
            Measure(D("75.0"), 8),
            Trend.FALL,
            "2026届就业率70.0%，比上届下降5.0个百分点。",
        ),
        # exactly the same
        (Measure(D("90.0"), 10), Measure(D("90.0"), 10), Trend.FLAT, "2026届就业率90.0%，与上届持平。"),
        # within ±0.5 points: 基本持平, the small change still named
        (
            Measure(D("90.3"), 10),
            Measure(D("90.0"), 10),
            Trend.FLAT,
            "2026届就业率90.3%，与上届基本持平（提高0.3个百分点）。",
        ),
        (
            Measure(D("89.5"), 10),
            Measure(D("90.0"), 10),
            Trend.FLAT,
            "2026届就业率89.5%，与上届基本持平（下降0.5个百分点）。",
        ),
        # just beyond the band
        (
            Measure(D("90.6"), 10),
            Measure(D("90.0"), 10),
            Trend.RISE,
            "2026届就业率90.6%，比上届提高0.6个百分点。",
        ),
        # too few counted: the value is not even stated
        (
            Measure(D("100.0"), 3),
            Measure(D("90.0"), 10),
            Trend.TOO_FEW,
            "2026届就业率仅有3人的数据（少于5人），样本过少，暂不作评价。",
        ),
        # no previous cohort
        (Measure(D("94.5"), 120), None, Trend.NO_PREVIOUS, "2026届就业率94.5%，上届无可比数据。"),
        (Measure(D("94.5"), 120), Measure(None, 0), Trend.NO_PREVIOUS, "2026届就业率94.5%，上届无可比数据。"),
        # a previous cohort too small to compare with
        (
            Measure(D("70.0"), 10),
            Measure(D("75.0"), 4),
            Trend.NO_PREVIOUS,
            "2026届就业率70.0%，上届样本过少（4人），不作比较。",
        ),
        # nothing to say
        (Measure(None, 0), Measure(D("90.0"), 10), Trend.NO_DATA, "2026届暂无就业率数据。"),
    ],
)
def test_a_rate_is_compared_with_the_previous_cohort_by_the_rules(current, previous, trend, text):
    comparison = rate_sentence("2026届", "就业率", current, previous)
    assert (comparison.trend, comparison.text) == (trend, text)


def test_the_minimum_count_and_the_flat_band_can_be_set_per_call():
    current, previous = Measure(D("80.0"), 3), Measure(D("79.0"), 3)
    assert rate_sentence("2026届", "满意率", current, previous, unit_word="份").trend is Trend.TOO_FEW
    loose = rate_sentence(
        "2026届", "满意率", current, previous, unit_word="份", min_count=1, flat_band=D("2")
    )
    assert loose.text == "2026届满意率80.0%，与上届基本持平（提高1.0个百分点）。"


@pytest.mark.parametrize(
    "current, previous, trend, text",
    [
        (
            Measure(D("3860"), 5),
            Measure(D("3740"), 6),
            Trend.RISE,
            "2026届平均起薪3860元，比上届提高120元（增长3.2%）。",
        ),
        (
            Measure(D("3600"), 5),
            Measure(D("3740"), 6),
            Trend.FALL,
            "2026届平均起薪3600元，比上届减少140元（下降3.7%）。",
        ),
        # within 1 % of last year's
        (
            Measure(D("3760"), 5),
            Measure(D("3740"), 6),
            Trend.FLAT,
            "2026届平均起薪3760元，与上届基本持平（提高20元）。",
        ),
        (
            Measure(D("3860"), 2),
            Measure(D("3740"), 6),
            Trend.TOO_FEW,
            "2026届平均起薪仅有2人的数据（少于5人），样本过少，暂不作评价。",
        ),
        (Measure(D("3860"), 5), None, Trend.NO_PREVIOUS, "2026届平均起薪3860元，上届无可比数据。"),
    ],
)
def test_an_amount_is_compared_in_yuan_and_as_a_share(current, previous, trend, text):
    comparison = amount_sentence("2026届", "平均起薪", current, previous)
    assert (comparison.trend, comparison.text) == (trend, text)


@pytest.mark.parametrize(
    "current, previous, trend, text",
    [
        (120, 112, Trend.RISE, "2026届共有毕业生120人，比上届增加8人。"),
        (100, 112, Trend.FALL, "2026届共有毕业生100人，比上届减少12人。"),
        (100, 100, Trend.FLAT, "2026届共有毕业生100人，与上届持平。"),
        (3, None, Trend.NO_PREVIOUS, "2026届共有毕业生3人，上届无可比数据。"),
        (0, 100, Trend.NO_DATA, "2026届暂无毕业生。"),
    ],
)
def test_a_head_count_is_stated_with_its_change_whatever_its_size(current, previous, trend, text):
    comparison = count_sentence("2026届", "毕业生", current, previous)
    assert (comparison.trend, comparison.text) == (trend, text)
