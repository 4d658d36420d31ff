"""POLICY §2–§4 and §二.10 as tables: every row names the clause it checks. No database."""

import datetime
from decimal import Decimal

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


LEAP = rules.service_period(D(2024, 2, 29), service_years=3)  # last covered day 2027-02-27


@pytest.mark.parametrize(
    ("period", "current_due", "last_reached_on", "contacted_on", "reached", "expected"),
    [
        pytest.param(
            SERVICE,
            D(2024, 10, 1),
            None,
            D(2024, 10, 1),
            True,
            D(2025, 1, 1),
            id="§4 reached on the due date",
        ),
        pytest.param(
            SERVICE,
            D(2024, 10, 1),
            None,
            D(2025, 3, 20),
            True,
            D(2025, 6, 20),
            id="§4 a late contact: next due 3 months after it, not a few days later",
        ),
        pytest.param(
            SERVICE,
            D(2024, 10, 1),
            None,
            D(2024, 9, 10),
            True,
            D(2024, 12, 10),
            id="§4 an early contact moves the schedule forward too",
        ),
        pytest.param(
            SERVICE,
            D(2025, 6, 20),
            D(2025, 3, 20),
            D(2025, 3, 20),
            True,
            D(2025, 6, 20),
            id="§4 a second contact on the same day does not skip a quarter",
        ),
        pytest.param(
            SERVICE,
            D(2024, 10, 1),
            None,
            D(2024, 10, 3),
            False,
            D(2024, 10, 1),
            id="§4 a failed attempt leaves the due date",
        ),
        pytest.param(
            SERVICE,
            D(2025, 6, 20),
            D(2025, 3, 20),
            D(2025, 2, 1),
            True,
            D(2025, 6, 20),
            id="§4 a contact entered later with an earlier date does not pull the schedule back",
        ),
        pytest.param(
            SERVICE,
            D(2027, 4, 1),
            None,
            D(2027, 4, 1),
            True,
            None,
            id="§4 the last quarter: 3 months on is past the last covered day, nothing scheduled",
        ),
        pytest.param(
            SERVICE,
            D(2027, 4, 1),
            None,
            D(2027, 3, 30),
            True,
            D(2027, 6, 30),
            id="§4 the last quarter: due on the last covered day itself",
        ),
        pytest.param(
            LEAP,
            D(2024, 5, 29),
            None,
            D(2024, 5, 29),
            True,
            D(2024, 8, 29),
            id="§4 a 2024-02-29 start: the quarters roll from the contact",
        ),
        pytest.param(
            LEAP,
            D(2026, 11, 28),
            None,
            D(2026, 11, 28),
            True,
            None,
            id="§4 a 2024-02-29 start: 2026-11-28 + 3 months is 2027-02-28, no longer covered",
        ),
        pytest.param(
            LEAP,
            D(2026, 11, 27),
            None,
            D(2026, 11, 27),
            True,
            D(2027, 2, 27),
            id="§4 a 2024-02-29 start: due on 2027-02-27, its last covered day",
        ),
    ],
)
def test_a_contact_rolls_the_schedule(period, current_due, last_reached_on, contacted_on, reached, expected):
    due = rules.follow_up_due_after_contact(
        period,
        follow_up_months=3,
        current_due=current_due,
        last_reached_on=last_reached_on,
        contacted_on=contacted_on,
        reached=reached,
    )
    assert due == expected


@pytest.mark.parametrize(
    ("period", "last_reached_on", "months", "expected"),
    [
        pytest.param(SERVICE, None, 3, D(2024, 10, 1), id="§4 no contact yet: 3 months after the start"),
        pytest.param(LEAP, None, 3, D(2024, 5, 29), id="§4 a 2024-02-29 start: first due 2024-05-29"),
        pytest.param(
            rules.service_period(D(2024, 11, 30), service_years=3),
            None,
            3,
            D(2025, 2, 28),
            id="§4 month-end start, relativedelta",
        ),
        pytest.param(SERVICE, D(2025, 1, 15), 3, D(2025, 4, 15), id="§4 3 months after the last contact"),
        pytest.param(
            SERVICE,
            D(2024, 6, 1),
            3,
            D(2024, 10, 1),
            id="§4 a contact before a corrected start does not count",
        ),
        pytest.param(SERVICE, D(2025, 1, 15), 1, D(2025, 2, 15), id="§4 the interval is a setting"),
    ],
)
def test_the_due_date_from_the_last_successful_contact(period, last_reached_on, months, expected):
    assert (
        rules.next_follow_up_due(period, follow_up_months=months, last_reached_on=last_reached_on) == expected
    )


JOB = rules.JobFacts


@pytest.mark.parametrize(
    ("jobs", "start"),
    [
        pytest.param([JOB(D(2024, 7, 1), True)], D(2024, 7, 1), id="§2 the first school-arranged job"),
        pytest.param(
            [JOB(D(2025, 3, 1), True), JOB(D(2024, 7, 1), True)],
            D(2024, 7, 1),
            id="§2 an earlier school-arranged job entered later is the start",
        ),
        pytest.param(
            [JOB(D(2024, 1, 1), False), JOB(D(2024, 7, 1), True)],
            D(2024, 7, 1),
            id="§2 a self-found job before it does not count",
        ),
        pytest.param([JOB(D(2024, 1, 1), False)], None, id="§2 no school-arranged job: no start"),
        pytest.param([], None, id="§2 no job at all (the only one deleted): no start"),
    ],
)
def test_the_start_is_the_earliest_school_arranged_job(jobs, start):
    assert rules.service_start_from_jobs(jobs) == start


ACTIVE_STATUS = rules.ServiceStatus.ACTIVE


def _state(start, status=ACTIVE_STATUS, due=None, terminated_on=None):
    period = rules.service_period(start, service_years=3)
    return rules.ServiceState(
        start=period.start, end=period.end, status=status, next_follow_up_due=due, terminated_on=terminated_on
    )


@pytest.mark.parametrize(
    ("state", "new_start", "today", "last_reached_on", "expected"),
    [
        pytest.param(
            _state(D(2024, 7, 10), due=D(2024, 10, 10)),
            D(2024, 7, 1),
            D(2024, 8, 1),
            None,
            (D(2024, 7, 1), D(2027, 7, 1), ACTIVE_STATUS, D(2024, 10, 1)),
            id="§2 入职日期 corrected 07-10 → 07-01: the end and the first due date follow",
        ),
        pytest.param(
            _state(D(2025, 3, 1), due=D(2025, 6, 1)),
            D(2024, 7, 1),
            D(2025, 4, 1),
            D(2025, 3, 20),
            (D(2024, 7, 1), D(2027, 7, 1), ACTIVE_STATUS, D(2025, 6, 20)),
            id="§2 an earlier school-arranged job entered later: the due date rolls from the last contact",
        ),
        pytest.param(
            _state(D(2024, 7, 1), due=D(2024, 10, 1)),
            D(2025, 3, 1),
            D(2025, 4, 1),
            D(2024, 9, 1),
            (D(2025, 3, 1), D(2028, 3, 1), ACTIVE_STATUS, D(2025, 6, 1)),
            id="§2 the first job deleted: the next one starts it; a contact before it does not count",
        ),
        pytest.param(
            _state(D(2023, 9, 1), status=rules.ServiceStatus.EXPIRED),
            D(2023, 10, 1),
            D(2026, 9, 15),
            D(2026, 7, 5),
            (D(2023, 10, 1), D(2026, 10, 1), ACTIVE_STATUS, None),
            id="§2 a later corrected start: an expired service is active again; §4 none past the last day",
        ),
        pytest.param(
            _state(D(2023, 10, 1), due=D(2026, 9, 1)),
            D(2023, 9, 1),
            D(2026, 9, 15),
            None,
            (D(2023, 9, 1), D(2026, 9, 1), rules.ServiceStatus.EXPIRED, None),
            id="§2 an earlier corrected start: the service has expired",
        ),
        pytest.param(
            _state(D(2024, 7, 10), status=rules.ServiceStatus.TERMINATED, terminated_on=D(2025, 1, 1)),
            D(2024, 7, 1),
            D(2025, 4, 1),
            None,
            (D(2024, 7, 1), D(2027, 7, 1), rules.ServiceStatus.TERMINATED, None),
            id="§2 a terminated service stays terminated with corrected dates",
        ),
        pytest.param(
            _state(D(2024, 2, 28), due=D(2024, 5, 28)),
            D(2024, 2, 29),
            D(2024, 3, 1),
            None,
            (D(2024, 2, 29), D(2027, 2, 28), ACTIVE_STATUS, D(2024, 5, 29)),
            id="§2 corrected to 2024-02-29: ends 2027-02-28 (last covered day 02-27)",
        ),
    ],
)
def test_a_corrected_start_recomputes_the_service(state, new_start, today, last_reached_on, expected):
    corrected = rules.service_corrected(
        state,
        new_start=new_start,
        today=today,
        service_years=3,
        follow_up_months=3,
        last_reached_on=last_reached_on,
    )
    assert (corrected.start, corrected.end, corrected.status, corrected.next_follow_up_due) == expected
    assert corrected.differs_from(state)


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


FILE = rules.FileValues(
    has_job=True,
    employer_name="攀钢",
    post="操作工",
    title="",
    monthly_salary=Decimal(4200),
    mobile="13900001111",
)
A = rules.ContactAnswers


@pytest.mark.parametrize(
    ("answers", "found"),
    [
        pytest.param(
            A(still_with_employer=True, post="操作工", monthly_salary=Decimal(4200), mobile="13900001111"),
            [],
            id="§4 the same answers as the file: nothing changed",
        ),
        pytest.param(A(still_with_employer=True), [], id="§4 empty answers count as unchanged"),
        pytest.param(
            A(still_with_employer=True, monthly_salary=Decimal(4800)),
            [("salary", {"new_salary": Decimal(4800)})],
            id="§4 a different salary is 调资 found by the school",
        ),
        pytest.param(
            A(still_with_employer=True, post="质检员", title="组长"),
            [("promotion", {"new_title": "组长"}), ("transfer", {"new_post": "质检员"})],
            id="§4 a new 职务 is 升职, a new post 转岗",
        ),
        pytest.param(
            A(still_with_employer=False, new_employer_name="东方钛业", monthly_salary=Decimal(5000)),
            [("job_change", {"new_employer_name": "东方钛业", "new_salary": Decimal(5000)})],
            id="§3 left for a named employer: 跳槽",
        ),
        pytest.param(
            A(still_with_employer=False), [("resignation", {})], id="§3 left, no new employer: 辞职"
        ),
        pytest.param(
            A(still_with_employer=True, mobile="13700002222"),
            [("contact", {"new_mobile": "13700002222"})],
            id="§3 a new phone number is 联系方式变更",
        ),
    ],
)
def test_answers_that_differ_from_the_file_are_changes(answers, found):
    assert [(f.change_type.value, f.values) for f in rules.changes_in_answers(FILE, answers)] == found
