"""POLICY §1 as tables: every row names the clause it checks. No database."""

import datetime

import pytest

from gradtrack.records import rules

D = datetime.date


@pytest.mark.parametrize(
    ("start", "months", "last_day"),
    [
        pytest.param(D(2024, 7, 1), 3, D(2024, 9, 30), id="§1 start + 3 months − 1 day"),
        pytest.param(D(2024, 7, 15), 3, D(2024, 10, 14), id="§1 a mid-month start ends the day before"),
        pytest.param(
            D(2024, 11, 30), 3, D(2025, 2, 27), id="§1 30 Nov + 3 months is 28 Feb, so probation ends 27 Feb"
        ),
        pytest.param(D(2023, 11, 30), 3, D(2024, 2, 28), id="§1 in a leap year 30 Nov + 3 months is 29 Feb"),
        pytest.param(D(2024, 10, 31), 4, D(2025, 2, 27), id="§1 month-end start clamps to February's end"),
        pytest.param(D(2024, 12, 1), 3, D(2025, 2, 28), id="§1 across the new year"),
        pytest.param(D(2024, 3, 1), 6, D(2024, 8, 31), id="§1 the number of months is a setting"),
        pytest.param(D(2024, 3, 1), 1, D(2024, 3, 31), id="§1 a one-month setting ends with the month"),
    ],
)
def test_probation_ends_by_default_the_day_before_the_months_are_up(start, months, last_day):
    assert rules.probation_end_by_default(start, probation_months=months) == last_day


def test_a_start_near_the_end_of_the_calendar_cannot_be_given_a_probation_end():
    with pytest.raises((OverflowError, ValueError)):
        rules.probation_end_by_default(D(9999, 12, 1), probation_months=3)
