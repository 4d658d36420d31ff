"""POLICY §2–§4 and §二.10 as tables: every row names the clause it checks. No database."""

import datetime

import pytest

from gradtrack.records.models import Employment
from gradtrack.tracking import rules
from gradtrack.tracking.models import ChangeReport, TrackingService

D = datetime.date


@pytest.mark.parametrize(
    ("start", "years", "last_covered_day", "end"),
    [
        (D(2024, 7, 1), 3, D(2027, 6, 30), D(2027, 7, 1)),
        (D(2024, 2, 29), 3, D(2027, 2, 27), D(2027, 2, 28)),
        (D(2024, 2, 29), 4, D(2028, 2, 28), D(2028, 2, 29)),
        (D(2023, 12, 31), 3, D(2026, 12, 30), D(2026, 12, 31)),
        (D(2024, 7, 1), 2, D(2026, 6, 30), D(2026, 7, 1)),
    ],
    ids=[
        "§2 three years from the first school job",
        "§2 leap day start ends on 28 Feb, last covered day 27 Feb",
        "§2 leap day start with a four-year setting lands on a leap day",
        "§2 year-end start",
        "§2 the number of years is a setting",
    ],
)
def test_the_service_covers_start_up_to_the_anniversary(start, years, last_covered_day, end):
    period = rules.service_period(start, service_years=years)
    assert period.end == end
    assert period.last_covered_day == last_covered_day
    assert period.covers(start) and period.covers(last_covered_day)
    assert not period.covers(end)
    assert not period.covers(start - datetime.timedelta(days=1))


PERIOD = rules.service_period(D(2024, 2, 29), service_years=3)


@pytest.mark.parametrize(
    ("day", "terminated_on", "expected"),
    [
        (D(2024, 2, 29), None, rules.ServiceStatus.ACTIVE),
        (D(2027, 2, 27), None, rules.ServiceStatus.ACTIVE),
        (D(2027, 2, 28), None, rules.ServiceStatus.EXPIRED),
        (D(2030, 1, 1), None, rules.ServiceStatus.EXPIRED),
        (D(2025, 5, 9), D(2025, 5, 10), rules.ServiceStatus.ACTIVE),
        (D(2025, 5, 10), D(2025, 5, 10), rules.ServiceStatus.TERMINATED),
        (D(2028, 1, 1), D(2025, 5, 10), rules.ServiceStatus.TERMINATED),
    ],
    ids=[
        "§2 active on its first day",
        "§2 active on its last covered day",
        "§2 expired on the anniversary",
        "§2 expired long after",
        "§2 active the day before termination",
        "§2 terminated on the termination day (same-day event)",
        "§2 a terminated service stays terminated, never expired",
    ],
)
def test_the_status_on_a_day(day, terminated_on, expected):
    assert rules.service_status_on(PERIOD, day, terminated_on=terminated_on) == expected


@pytest.mark.parametrize(
    ("occurred_on", "reported_on", "reported_by", "window", "late"),
    [
        (D(2025, 3, 1), D(2025, 3, 1), "graduate", 30, False),
        (D(2025, 3, 1), D(2025, 3, 31), "graduate", 30, False),
        (D(2025, 3, 1), D(2025, 4, 1), "graduate", 30, True),
        (D(2025, 3, 1), D(2025, 3, 10), "employer", 30, False),
        (D(2025, 3, 1), D(2025, 3, 2), "school", 30, True),
        (D(2025, 3, 1), D(2025, 3, 20), "graduate", 14, True),
    ],
    ids=[
        "§3 reported the same day",
        "§3 reported on the 30th day after: in time",
        "§3 reported on the 31st day after: 未及时通报",
        "§3 reported by the employer within the window",
        "§3 found by the school first: 未及时通报 whatever the delay",
        "§3 the window is a setting",
    ],
)
def test_the_reporting_window(occurred_on, reported_on, reported_by, window, late):
    timeliness = rules.report_timeliness(
        occurred_on=occurred_on, reported_on=reported_on, reported_by=reported_by, window_days=window
    )
    assert timeliness.late is late


SERVICE = rules.service_period(D(2024, 7, 1), service_years=3)


@pytest.mark.parametrize(
    ("current_due", "contacted_on", "months", "expected"),
    [
        (D(2024, 10, 1), D(2024, 10, 1), 3, D(2025, 1, 1)),
        (D(2024, 10, 1), D(2024, 9, 25), 3, D(2025, 1, 1)),
        (D(2024, 10, 1), D(2024, 11, 15), 3, D(2025, 1, 1)),
        (D(2024, 10, 1), D(2025, 2, 1), 3, D(2025, 4, 1)),
        (D(2027, 4, 1), D(2027, 4, 1), 3, None),
        (D(2024, 8, 1), D(2024, 8, 1), 1, D(2024, 9, 1)),
    ],
    ids=[
        "§4 contact on the due date: next quarter",
        "§4 contact a few days early settles the due follow-up",
        "§4 an overdue follow-up: next date of the schedule after the contact",
        "§4 a long-overdue follow-up skips the missed dates",
        "§4 no follow-up is scheduled past the last covered day",
        "§4 the interval is a setting",
    ],
)
def test_a_successful_contact_sets_the_next_due_date(current_due, contacted_on, months, expected):
    assert (
        rules.follow_up_due_after_contact(
            SERVICE, follow_up_months=months, current_due=current_due, contacted_on=contacted_on
        )
        == expected
    )


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2024, 7, 1), 3, D(2024, 10, 1)),
        (D(2024, 11, 30), 3, D(2025, 2, 28)),
        (D(2024, 7, 1), 6, D(2025, 1, 1)),
    ],
    ids=[
        "§4 the first follow-up is due three months after the start",
        "§4 month-end start, calendar arithmetic",
        "§4 half-yearly when the setting says so",
    ],
)
def test_the_first_follow_up(start, months, expected):
    period = rules.service_period(start, service_years=3)
    assert rules.first_follow_up_due(period, follow_up_months=months) == expected


@pytest.mark.parametrize(
    ("day", "terminated_on", "inside"),
    [
        (D(2024, 7, 1), None, True),
        (D(2027, 6, 30), None, True),
        (D(2027, 7, 1), None, False),
        (D(2024, 6, 30), None, False),
        (D(2025, 6, 1), D(2025, 1, 1), False),
    ],
    ids=[
        "§5 an accident on the first day is inside the service",
        "§5 on the last covered day: inside",
        "§5 on the anniversary: 服务期外",
        "§5 before the start: 服务期外",
        "§5 after termination: 服务期外",
    ],
)
def test_an_accident_inside_or_outside_the_service(day, terminated_on, inside):
    assert rules.within_service(SERVICE, day, terminated_on) is inside


ACTIVE, EXPIRED, TERMINATED = (
    rules.ServiceStatus.ACTIVE,
    rules.ServiceStatus.EXPIRED,
    rules.ServiceStatus.TERMINATED,
)
TODAY = D(2025, 3, 10)


@pytest.mark.parametrize(
    ("status", "expelled_on", "today", "terminates"),
    [
        pytest.param(ACTIVE, D(2025, 3, 1), TODAY, True, id="§二.10 expelled inside the service: terminated"),
        pytest.param(ACTIVE, D(2024, 7, 1), TODAY, True, id="§二.10 expelled on the first covered day"),
        pytest.param(
            ACTIVE, D(2027, 6, 30), D(2027, 6, 30), True, id="§二.10 expelled on the last covered day"
        ),
        pytest.param(ACTIVE, TODAY, TODAY, True, id="§二.10 expelled today: terminated at once"),
        pytest.param(ACTIVE, D(2024, 6, 30), TODAY, False, id="§二.10 expelled before the service began"),
        pytest.param(
            ACTIVE, D(2027, 7, 1), D(2027, 7, 5), False, id="§二.10 expelled after the service ended"
        ),
        pytest.param(ACTIVE, D(2025, 3, 11), TODAY, False, id="§二.10 an expulsion dated tomorrow: not yet"),
        pytest.param(EXPIRED, D(2025, 3, 1), TODAY, False, id="§二.10 an expired service stays expired"),
        pytest.param(TERMINATED, D(2025, 3, 1), TODAY, False, id="§二.10 a terminated service is not again"),
    ],
)
def test_an_expulsion_terminates_an_active_service_it_covers(status, expelled_on, today, terminates):
    assert (
        rules.expulsion_terminates_service(
            period=SERVICE, status=status, expelled_on=expelled_on, today=today
        )
        is terminates
    )


@pytest.mark.parametrize(
    ("change_type", "ending"),
    [
        pytest.param("resignation", (D(2025, 3, 10), "personal"), id="§二.4 辞职 → 个人原因 (§二.7/§二.8)"),
        pytest.param(
            "job_change", (D(2025, 3, 9), "personal"), id="§二.4 跳槽 → 个人原因, the day before the new job"
        ),
        pytest.param("dismissed", (D(2025, 3, 10), "other_employer"), id="§二.6 被辞退 → 其他企业原因"),
        pytest.param("expelled", (D(2025, 3, 10), "expelled"), id="§二.10 被开除 → 开除"),
        pytest.param("salary", None, id="§二.4 调资 keeps the job"),
        pytest.param("promotion", None, id="§二.4 升职 keeps the job"),
        pytest.param("transfer", None, id="§二.4 转岗 keeps the job"),
        pytest.param("contact", None, id="§二.4 联系方式变更 keeps the job"),
        pytest.param("award", None, id="§二.4 奖励 keeps the job"),
        pytest.param("penalty", None, id="§二.4 惩罚 keeps the job"),
        pytest.param("accident", None, id="§二.5 意外事故 keeps the job"),
    ],
)
def test_which_end_reason_a_confirmed_change_gives_the_job(change_type, ending):
    result = rules.job_ending_for_change(change_type, occurred_on=D(2025, 3, 10))
    assert (None if result is None else (result.last_day, result.end_reason)) == ending


def test_the_rules_enums_are_the_models_values():
    # The rules take plain values; these must be the ones the models store.
    assert set(rules.ChangeType) == set(ChangeReport.ChangeType.values)
    assert set(rules.EndReason) <= set(Employment.EndReason.values)
    assert set(rules.ServiceStatus) == set(TrackingService.Status.values)
