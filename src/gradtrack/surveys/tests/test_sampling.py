"""POLICY §7 sample rule, without a database: most graduates first, ties by name, until ≥ the percentage."""

import pytest

from gradtrack.surveys.sampling import EmployerCount, coverage, draw_sample, target_for

SCHOOL = [  # 100 graduates with a current job
    EmployerCount(1, "攀钢集团", 30),
    EmployerCount(2, "米易酒店", 20),
    EmployerCount(3, "阳光电子", 20),
    EmployerCount(4, "川西物流", 15),
    EmployerCount(5, "华森汽修", 10),
    EmployerCount(6, "安宁超市", 5),
]


@pytest.mark.parametrize(
    ("clause", "percent", "chosen", "covered", "target"),
    [
        ("§三(二)1 往届 10 %", 10, [1], 30, 10),
        ("§三(二)2 应届 50 %", 50, [1, 2], 50, 50),  # 米易 before 阳光: a tie of 20 broken by name
        ("§三(二)4 走访 5 %", 5, [1], 30, 5),
        ("every employer at 100 %", 100, [1, 2, 3, 4, 5, 6], 100, 100),
        ("the target exactly reached stops", 30, [1], 30, 30),
        ("one more graduate needs the next employer", 31, [1, 2], 50, 31),
    ],
)
def test_it_takes_employers_with_most_graduates_until_the_percentage_is_covered(
    clause, percent, chosen, covered, target
):
    sample = draw_sample(SCHOOL, percent)
    assert [c.employer_id for c in sample.chosen] == chosen, clause
    assert (sample.covered, sample.denominator, sample.target) == (covered, 100, target)
    assert sample.met


def test_ties_are_broken_by_employer_name_whatever_the_input_order():
    tied = [EmployerCount(9, "乙公司", 4), EmployerCount(8, "甲公司", 4), EmployerCount(7, "丙公司", 4)]
    names = sorted(["乙公司", "甲公司", "丙公司"])
    assert [c.name for c in draw_sample(tied, 100).chosen] == names
    assert [c.name for c in draw_sample(list(reversed(tied)), 100).chosen] == names


def test_a_cohort_with_no_employed_graduates_needs_no_employer_and_meets_its_target():
    sample = draw_sample([EmployerCount(1, "空单位", 0)], 10)
    assert (sample.chosen, sample.covered, sample.denominator, sample.target, sample.met) == (
        (),
        0,
        0,
        0,
        True,
    )


def test_a_cohort_with_few_employed_graduates_still_gets_at_least_one_employer():
    sample = draw_sample([EmployerCount(1, "甲", 1), EmployerCount(2, "乙", 1), EmployerCount(3, "丙", 1)], 5)
    assert sample.target == 1
    assert [c.name for c in sample.chosen] == ["丙"]  # the first name in code-point order
    assert sample.covered == 1 and sample.met


@pytest.mark.parametrize(
    ("denominator", "percent", "target"),
    [(0, 10, 0), (1, 5, 1), (20, 5, 1), (21, 5, 2), (100, 10, 10), (101, 10, 11), (7, 50, 4), (3, 100, 3)],
)
def test_the_target_is_the_smallest_count_not_below_the_percentage(denominator, percent, target):
    assert target_for(denominator, percent) == target


def test_coverage_after_staff_remove_an_employer_falls_below_the_target():
    plan = coverage(SCHOOL, [2, 6], 50)
    assert (plan.covered, plan.target, plan.met) == (25, 50, False)
    assert [c.employer_id for c in plan.chosen] == [2, 6]


def test_coverage_ignores_an_added_employer_without_graduates_of_the_cohort():
    plan = coverage([*SCHOOL, EmployerCount(7, "新单位", 0)], [1, 7], 10)
    assert (plan.covered, plan.denominator, plan.met) == (30, 100, True)
