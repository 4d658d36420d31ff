"""POLICY §6 as tables: every row and boundary is one case whose id names its clause. No database: the
numbers come from an unsaved PolicySettings (its defaults), as the services pass the saved one."""

import datetime

import pytest

from gradtrack.core.models import PolicySettings
from gradtrack.replacement import rules
from gradtrack.replacement.rules import Decision, EndReason, OutsideReason, TerminationCause
from gradtrack.tracking.rules import service_period

D = datetime.date
POLICY = PolicySettings()
WAIT = POLICY.replacement_wait_months


def service_from(start, *, terminated_on=None, cause=None) -> rules.ServiceFacts:
    period = service_period(start, service_years=POLICY.service_years)
    return rules.ServiceFacts(
        start=period.start, end=period.end, terminated_on=terminated_on, termination_cause=cause
    )


SERVICE = service_from(D(2024, 7, 1))  # covers 2024-07-01 … 2027-06-30
LEAP_SERVICE = service_from(D(2024, 2, 29))  # covers 2024-02-29 … 2027-02-27
UNREPORTED = service_from(D(2024, 7, 1), terminated_on=D(2025, 3, 1), cause=TerminationCause.UNREPORTED)
EXPELLED_SERVICE = service_from(D(2024, 7, 1), terminated_on=D(2025, 3, 1), cause=TerminationCause.EXPELLED)


PROBATION_END = D(2024, 9, 30)


def job(end, reason, probation_end=PROBATION_END) -> rules.EndedJob:
    return rules.EndedJob(end_date=end, end_reason=EndReason(reason), probation_end=probation_end)


def decide(the_job, request_date, service=SERVICE, **kwargs):
    return rules.replacement_decision(
        job=the_job, request_date=request_date, service=service, wait_months=WAIT, **kwargs
    )


CASES = [
    # (id, job, request date, service, extra arguments, decision)
    ("§二.10 expelled within the service", job(D(2025, 1, 10), "expelled"), D(2025, 1, 20), SERVICE, {},
     Decision.DENIED),
    ("§二.10 expelled during probation is still denied", job(D(2024, 8, 1), "expelled"), D(2024, 8, 2),
     SERVICE, {}, Decision.DENIED),
    ("§二.10 an expelled graduate asking years later", job(D(2025, 1, 10), "expelled"), D(2031, 5, 1),
     SERVICE, {}, Decision.DENIED),
    ("§二.10 expelled before, now laid off elsewhere", job(D(2025, 6, 1), "layoff"), D(2025, 6, 2), SERVICE,
     {"expelled_before": True}, Decision.DENIED),
    ("§二.10 service terminated for expulsion", job(D(2025, 6, 1), "layoff"), D(2025, 6, 2),
     EXPELLED_SERVICE, {}, Decision.DENIED),
    ("§二.10 expelled, never school-arranged", job(D(2025, 1, 10), "expelled"), D(2025, 1, 20), None,
     {"school_placed": False}, Decision.DENIED),
    ("§二.6 不履行招聘承诺", job(D(2025, 1, 10), "broken_promise"), D(2025, 1, 20), SERVICE, {}, Decision.FREE),
    ("§二.6 裁员", job(D(2025, 1, 10), "layoff"), D(2025, 1, 20), SERVICE, {}, Decision.FREE),
    ("§二.6 停产", job(D(2025, 1, 10), "production_halt"), D(2025, 1, 20), SERVICE, {}, Decision.FREE),
    ("§二.6 倒闭", job(D(2025, 1, 10), "closure"), D(2025, 1, 20), SERVICE, {}, Decision.FREE),
    ("§二.6 拖欠工资", job(D(2025, 1, 10), "unpaid_wages"), D(2025, 1, 20), SERVICE, {}, Decision.FREE),
    ("§二.6 违反劳动法", job(D(2025, 1, 10), "labour_law"), D(2025, 1, 20), SERVICE, {}, Decision.FREE),
    ("§二.6 其他企业原因", job(D(2025, 1, 10), "other_employer"), D(2025, 1, 20), SERVICE, {}, Decision.FREE),
    ("§二.6 an employer reason during probation is free too", job(D(2024, 8, 15), "layoff"), D(2024, 8, 20),
     SERVICE, {}, Decision.FREE),
    ("§二.6 request on the last covered day of the service", job(D(2027, 6, 1), "layoff"), D(2027, 6, 30),
     SERVICE, {}, Decision.FREE),
    ("§二.9 request on the anniversary of the service", job(D(2027, 6, 1), "layoff"), D(2027, 7, 1), SERVICE,
     {}, Decision.OUTSIDE_SERVICE),
    ("§二.9 job ended inside the period, request years after it", job(D(2025, 1, 10), "layoff"),
     D(2028, 1, 1), SERVICE, {}, Decision.OUTSIDE_SERVICE),
    ("§二.6 leap-day service start: 2027-02-27 is still covered", job(D(2027, 2, 1), "closure"),
     D(2027, 2, 27), LEAP_SERVICE, {}, Decision.FREE),
    ("§二.9 leap-day service start: 2027-02-28 is the anniversary", job(D(2027, 2, 1), "closure"),
     D(2027, 2, 28), LEAP_SERVICE, {}, Decision.OUTSIDE_SERVICE),
    ("§二.7 personal reason during probation", job(D(2024, 8, 31), "personal"), D(2024, 9, 5), SERVICE, {},
     Decision.WAIT),
    ("§二.7 family reason during probation", job(D(2024, 8, 31), "family"), D(2024, 9, 5), SERVICE, {},
     Decision.WAIT),
    ("§二.7 resigned on the last day of probation", job(D(2024, 9, 30), "personal"), D(2024, 10, 8), SERVICE,
     {}, Decision.WAIT),
    ("§二.8 resigned the day after probation", job(D(2024, 10, 1), "personal"), D(2024, 10, 8), SERVICE, {},
     Decision.DISCRETIONARY),
    ("§二.8 family reason after probation", job(D(2025, 5, 1), "family"), D(2025, 5, 8), SERVICE, {},
     Decision.DISCRETIONARY),
    ("§二.9 personal reason during probation, request after the service", job(D(2024, 8, 31), "personal"),
     D(2027, 7, 1), SERVICE, {}, Decision.OUTSIDE_SERVICE),
    ("§二.9 service terminated for 未按规定通报", job(D(2025, 6, 1), "layoff"), D(2025, 6, 2), UNREPORTED, {},
     Decision.OUTSIDE_SERVICE),
    ("§二.6 request the day before a 未按规定通报 termination", job(D(2025, 2, 1), "layoff"), D(2025, 2, 28),
     UNREPORTED, {}, Decision.FREE),
    ("§二.9 a graduate never school-arranged", job(D(2025, 1, 10), "layoff"), D(2025, 1, 20), None,
     {"school_placed": False}, Decision.OUTSIDE_SERVICE),
    ("§二.9 a school-placed graduate without a service", job(D(2025, 1, 10), "layoff"), D(2025, 1, 20), None,
     {}, Decision.OUTSIDE_SERVICE),
    ("§二.9 a job that ended before the service began", job(D(2024, 5, 1), "layoff", D(2024, 4, 30)),
     D(2024, 5, 2), SERVICE, {}, Decision.OUTSIDE_SERVICE),
    ("待归类 合同期满 within the service", job(D(2025, 1, 10), "contract_end"), D(2025, 1, 20), SERVICE, {},
     Decision.NEEDS_CLASSIFICATION),
    ("待归类 其他 within the service", job(D(2025, 1, 10), "other"), D(2025, 1, 20), SERVICE, {},
     Decision.NEEDS_CLASSIFICATION),
    ("待归类 no reason recorded within the service", job(D(2025, 1, 10), ""), D(2025, 1, 20), SERVICE, {},
     Decision.NEEDS_CLASSIFICATION),
    ("§二.9 合同期满 after the service needs no classification", job(D(2027, 6, 1), "contract_end"),
     D(2027, 7, 1), SERVICE, {}, Decision.OUTSIDE_SERVICE),
]  # fmt: skip


@pytest.mark.parametrize(
    ("the_job", "request_date", "service", "extra", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_the_first_row_that_applies_decides(the_job, request_date, service, extra, expected):
    decision = decide(the_job, request_date, service, **extra)
    assert decision.decision == expected
    assert decision.clause == rules.DECISION_CLAUSES[expected]
    if expected == Decision.DENIED:
        assert decision.terminates_service and decision.preconditions == ()
        assert decision.agency_fee == rules.AgencyFee.NONE
    else:
        assert not decision.terminates_service
        assert decision.preconditions == (rules.Precondition.REGISTERED, rules.Precondition.PASSED_TEST)
    assert (decision.earliest_placement_date is not None) == (expected == Decision.WAIT)
    assert decision.agency_fee_paid_by_graduate == (expected == Decision.WAIT)


@pytest.mark.parametrize(
    ("end", "earliest"),
    [
        (D(2024, 8, 31), D(2024, 11, 30)),
        (D(2024, 11, 30), D(2025, 2, 28)),
        (D(2024, 12, 31), D(2025, 3, 31)),
        (D(2023, 11, 30), D(2024, 2, 29)),
        (D(2024, 7, 15), D(2024, 10, 15)),
    ],
    ids=[
        "§二.7 31 Aug + 3 months = 30 Nov",
        "§二.7 30 Nov + 3 months = 28 Feb",
        "§二.7 31 Dec + 3 months = 31 Mar",
        "§二.7 30 Nov + 3 months lands on a leap day",
        "§二.7 mid-month",
    ],
)
def test_the_earliest_placement_after_a_probation_resignation_is_the_end_plus_the_wait(end, earliest):
    decision = decide(job(end, "personal", probation_end=D(2025, 1, 31)), end, service_from(D(2023, 7, 1)))
    assert decision.decision == Decision.WAIT
    assert decision.earliest_placement_date == earliest


def test_the_wait_is_a_setting():
    decision = rules.replacement_decision(
        job=job(D(2024, 8, 31), "personal"), request_date=D(2024, 9, 1), service=SERVICE, wait_months=6
    )
    assert decision.earliest_placement_date == D(2025, 2, 28)


def test_the_service_length_is_a_setting():
    two_years = PolicySettings(service_years=2)
    period = service_period(D(2024, 7, 1), service_years=two_years.service_years)
    short = rules.ServiceFacts(start=period.start, end=period.end)
    assert decide(job(D(2026, 6, 1), "layoff"), D(2026, 6, 30), short).decision == Decision.FREE
    assert decide(job(D(2026, 6, 1), "layoff"), D(2026, 7, 1), short).decision == Decision.OUTSIDE_SERVICE


@pytest.mark.parametrize(
    ("service", "extra", "reason"),
    [
        (None, {"school_placed": False}, OutsideReason.NOT_SCHOOL_PLACED),
        (None, {}, OutsideReason.NO_SERVICE),
        (UNREPORTED, {}, OutsideReason.TERMINATED_UNREPORTED),
        (SERVICE, {}, OutsideReason.OUTSIDE_PERIOD),
    ],
    ids=[
        "§二.9 says the graduate was not school-arranged",
        "§二.9 says there is no service",
        "§二.9 says the service was terminated for 未按规定通报",
        "§二.9 says the request came after the service period",
    ],
)
def test_an_outside_decision_says_why(service, extra, reason):
    decision = decide(job(D(2025, 6, 1), "layoff"), D(2027, 8, 1), service, **extra)
    assert decision.decision == Decision.OUTSIDE_SERVICE
    assert decision.outside_reason == reason


def test_every_clause_is_quoted_word_for_word_from_the_policy():
    decision = decide(job(D(2025, 1, 10), "layoff"), D(2025, 1, 20))
    assert decision.label == "免费再次安置"
    assert decision.clause_text.startswith("在跟踪服务期内，若因企业原因（如用工企业不履行招聘承诺")
    assert decision.clause_text.endswith("学校将免费进行再次就业安置。")
    assert str(rules.CLAUSE_TEXTS["§二.7"]).endswith("如果是通过中介机构安置的，其中介费用自理。")
    assert str(rules.CLAUSE_TEXTS["§二.8"]) == (
        "在试用期外、跟踪服务期内，若因学生自身或家庭原因辞职的学生，要求学校再次安置的，学校将酌情安置。"
    )
    assert "必须首先到学校报名登记" in str(rules.CLAUSE_TEXTS["§二.9"])
    assert str(rules.CLAUSE_TEXTS["§二.10"]) == (
        "凡是被企业开除的学生，学校终止其跟踪服务，并且不再提供安置就业的机会。"
    )
    assert decide(job(D(2025, 1, 10), "other"), D(2025, 1, 20)).clause_text == ""


def test_a_request_cannot_precede_the_end_of_its_job():
    with pytest.raises(ValueError):
        decide(job(D(2025, 1, 10), "layoff"), D(2025, 1, 9))


def test_the_decision_reports_probation_and_service():
    decision = decide(job(D(2024, 9, 30), "personal"), D(2024, 10, 1))
    assert decision.during_probation and decision.within_service
    later = decide(job(D(2024, 10, 1), "personal"), D(2024, 10, 1))
    assert not later.during_probation and later.needs_staff_outcome


# --- Placement blockers ----------------------------------------------------------------------------------

FREE = decide(job(D(2025, 1, 10), "layoff"), D(2025, 1, 20))
WAITING = decide(job(D(2024, 8, 31), "personal"), D(2024, 9, 5))  # earliest 2024-11-30
DISCRETIONARY = decide(job(D(2025, 5, 1), "family"), D(2025, 5, 8))
DENIED = decide(job(D(2025, 1, 10), "expelled"), D(2025, 1, 20))
UNCLASSIFIED = decide(job(D(2025, 1, 10), "contract_end"), D(2025, 1, 20))
READY = {
    "closed": False,
    "outcome": rules.Outcome.NONE,
    "registered": True,
    "passed_test": True,
    "placement_date": D(2025, 2, 1),
    "start_date": D(2025, 2, 3),
    "via_agency": False,
    "fee_paid_by_graduate": None,
}
B = rules.Blocker

BLOCKER_CASES = [
    ("§二.6 a free placement with both preconditions", FREE, {}, ()),
    ("§二.9 not registered", FREE, {"registered": False}, (B.NOT_REGISTERED,)),
    ("§二.9 no passed test", FREE, {"passed_test": False}, (B.NO_PASSED_TEST,)),
    ("§二.9 neither precondition", FREE, {"registered": False, "passed_test": False},
     (B.NOT_REGISTERED, B.NO_PASSED_TEST)),
    ("§二.10 denied even with everything recorded", DENIED, {"outcome": rules.Outcome.AGREED}, (B.DENIED,)),
    ("待归类 must be classified first", UNCLASSIFIED, {}, (B.NEEDS_CLASSIFICATION,)),
    ("§二.8 needs the staff outcome", DISCRETIONARY, {}, (B.OUTCOME_MISSING,)),
    ("§二.8 agreed", DISCRETIONARY, {"outcome": rules.Outcome.AGREED}, ()),
    ("§二.8 declined", DISCRETIONARY, {"outcome": rules.Outcome.DECLINED}, (B.OUTCOME_DECLINED,)),
    ("§二.7 the day before the earliest date", WAITING,
     {"placement_date": D(2024, 11, 29), "start_date": D(2024, 12, 1)}, (B.BEFORE_EARLIEST,)),
    ("§二.7 on the earliest date", WAITING,
     {"placement_date": D(2024, 11, 30), "start_date": D(2024, 11, 30)}, ()),
    ("§二.7 a start inside the wait", WAITING,
     {"placement_date": D(2024, 12, 1), "start_date": D(2024, 11, 29)}, (B.START_BEFORE_EARLIEST,)),
    ("§二.7 an agency fee paid by the school", WAITING,
     {"placement_date": D(2024, 12, 1), "start_date": D(2024, 12, 1), "via_agency": True,
      "fee_paid_by_graduate": False}, (B.FEE_MUST_BE_GRADUATES,)),
    ("§二.7 中介费用自理", WAITING,
     {"placement_date": D(2024, 12, 1), "start_date": D(2024, 12, 1), "via_agency": True,
      "fee_paid_by_graduate": True}, ()),
    ("§二.6 a free placement never charges the graduate an agency fee", FREE,
     {"via_agency": True, "fee_paid_by_graduate": True}, (B.FEE_NOT_GRADUATES,)),
    ("§二.6 an agency placement must say who pays", FREE, {"via_agency": True}, (B.FEE_PAYER_MISSING,)),
    ("a closed request", FREE, {"closed": True}, (B.CLOSED,)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("decision", "changes", "expected"),
    [case[1:] for case in BLOCKER_CASES],
    ids=[case[0] for case in BLOCKER_CASES],
)
def test_a_placement_is_refused_for_each_unmet_condition(decision, changes, expected):
    assert rules.placement_blockers(decision, **{**READY, **changes}) == expected
