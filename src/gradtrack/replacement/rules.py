"""The re-placement decision (再次就业安置, POLICY §6, §二.6–§二.10) as a pure function: plain dates, enums and
frozen dataclasses in, one frozen dataclass out, no ORM. Every number comes in as an argument (from
core.models.PolicySettings); the UI, the API and the portal all call `replacement_decision` through
replacement.services.

The rows of POLICY §6 are checked in order; the first that applies decides:

1. 开除 → 不予安置, the service terminates (§二.10). "凡是被企业开除的学生 … 不再提供安置就业的机会" is about the
   graduate, not one job: a graduate expelled by any employer on or before the request date (or whose service
   was terminated for 被企业开除) is denied for every later request too, even years after the service period.
2. Within the service period, an employer reason → 免费再次安置 (§二.6).
3. Within the service period, 个人原因/家庭原因 and the job ended during probation → 待观察 (§二.7): earliest
   placement date = end date + N months (relativedelta: 2024-08-31 + 3 months = 2024-11-30); an agency
   placement's fee is the graduate's (中介费用自理).
4. Within the service period, 个人原因/家庭原因 after probation → 酌情安置 (§二.8).
5. Outside the service period (judged on the request date), a service terminated for 未按规定通报, or a graduate
   never school-arranged (no service) → 酌情考虑 (§二.9).

"Within the service period" is judged on the REQUEST date and only for a service that exists, is not terminated
on that day and covers it (start ≤ day < end, POLICY §2). "During probation" = end date ≤ 试用期截止日期.

Reasons the policy does not name: 合同期满 (contract_end), 其他 (other) and an ended job without a reason. The
policy grounds a decision inside the service on who caused the ending — the employer (§二.6) or the graduate
(§二.7/§二.8) — and a contract that simply ran out, or "其他", says neither. Mapping them silently would either
give away a free placement or deny a graduate the free one the employer's fault entitles them to, so inside
the service they get 待归类 (NEEDS_CLASSIFICATION): staff must first classify the ending as an employer reason or a
personal/family reason (replacement.services.replacement_request_classify records it in the employment file,
with its history) and the decision is then recomputed. Rows 1 and 5 need no classification, so an unclassified
reason outside the service still gets 酌情考虑 at once. No placement can be made while a request is 待归类.
"""

import datetime
import enum
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext_lazy as _

from gradtrack.tracking.rules import ServicePeriod, ServiceStatus, service_status_on


class Decision(enum.StrEnum):
    FREE = "free"  # 免费再次安置
    WAIT = "wait"  # 待观察
    DISCRETIONARY = "discretionary"  # 酌情安置
    OUTSIDE_SERVICE = "outside_service"  # 酌情考虑
    DENIED = "denied"  # 不予安置
    NEEDS_CLASSIFICATION = "needs_classification"  # 待归类 (not a policy decision: staff classify first)


DECISION_LABELS = {
    Decision.FREE: _("免费再次安置"),
    Decision.WAIT: _("待观察"),
    Decision.DISCRETIONARY: _("酌情安置"),
    Decision.OUTSIDE_SERVICE: _("酌情考虑"),
    Decision.DENIED: _("不予安置"),
    Decision.NEEDS_CLASSIFICATION: _("待归类"),
}

# Decisions where staff record their outcome (同意安置 / 不同意) and its reason before any placement.
DISCRETIONARY_DECISIONS = frozenset({Decision.DISCRETIONARY, Decision.OUTSIDE_SERVICE})


class EndReason(enum.StrEnum):
    """The values of records.models.Employment.EndReason."""

    EXPELLED = "expelled"  # 开除
    BROKEN_PROMISE = "broken_promise"  # 不履行招聘承诺
    LAYOFF = "layoff"  # 裁员
    PRODUCTION_HALT = "production_halt"  # 停产
    CLOSURE = "closure"  # 倒闭
    UNPAID_WAGES = "unpaid_wages"  # 拖欠工资
    LABOUR_LAW = "labour_law"  # 违反劳动法
    OTHER_EMPLOYER = "other_employer"  # 其他企业原因
    PERSONAL = "personal"  # 个人原因
    FAMILY = "family"  # 家庭原因
    CONTRACT_END = "contract_end"  # 合同期满
    OTHER = "other"  # 其他
    UNKNOWN = ""  # ended without a recorded reason


EMPLOYER_REASONS = frozenset(
    {
        EndReason.BROKEN_PROMISE,
        EndReason.LAYOFF,
        EndReason.PRODUCTION_HALT,
        EndReason.CLOSURE,
        EndReason.UNPAID_WAGES,
        EndReason.LABOUR_LAW,
        EndReason.OTHER_EMPLOYER,
    }
)
PERSONAL_REASONS = frozenset({EndReason.PERSONAL, EndReason.FAMILY})
# What staff may classify an unnamed reason as (NEEDS_CLASSIFICATION).
CLASSIFIABLE_REASONS = EMPLOYER_REASONS | PERSONAL_REASONS


class TerminationCause(enum.StrEnum):
    """The values of tracking.models.TrackingService.TerminationCause."""

    UNREPORTED = "unreported"  # 未按规定通报
    EXPELLED = "expelled"  # 被企业开除


class AgencyFee(enum.StrEnum):
    """Who bears an agency's fee if the new job comes through an agency (中介介绍)."""

    GRADUATE = "graduate"  # 中介费用自理 (§二.7)
    NOT_GRADUATE = "not_graduate"  # free re-placement: the graduate pays nothing (§二.6)
    AT_DISCRETION = "at_discretion"  # the policy is silent: staff decide
    NONE = "none"  # no placement


class OutsideReason(enum.StrEnum):
    """Why row 5 (§二.9) applies."""

    NOT_SCHOOL_PLACED = "not_school_placed"  # 非学校统一安置（无跟踪服务）
    NO_SERVICE = "no_service"  # 未建立跟踪服务
    TERMINATED_UNREPORTED = "terminated_unreported"  # 跟踪服务因未按规定通报已终止
    OUTSIDE_PERIOD = "outside_period"  # 申请日期在跟踪服务期外
    TERMINATED = "terminated"  # 跟踪服务已终止（其他原因）


class Precondition(enum.StrEnum):
    REGISTERED = "registered"  # 报名登记
    PASSED_TEST = "passed_test"  # 通过招聘面试或笔试


PRECONDITION_LABELS = {
    Precondition.REGISTERED: _("到学校报名登记"),
    Precondition.PASSED_TEST: _("通过企业或学校组织的招聘面试或笔试"),
}

# The clauses, quoted from the school's 《毕业生就业跟踪管理办法》 (seed/000_0fb7d589d1036474.txt), word for word.
CLAUSE_TEXTS = {
    "§二.6": _(
        "在跟踪服务期内，若因企业原因（如用工企业不履行招聘承诺、裁员、停产、倒闭、拖欠工资、违反劳动法等）"
        "造成学生辞职或辞退，学校将免费进行再次就业安置。"
    ),
    "§二.7": _(
        "在试用期内，若因学生自身或家庭原因辞职的学生，要求学校再次安置的，必须在学校或家里呆三个月后，"
        "视其表现情况再进行就业安置，如果是通过中介机构安置的，其中介费用自理。"
    ),
    "§二.8": _(
        "在试用期外、跟踪服务期内，若因学生自身或家庭原因辞职的学生，要求学校再次安置的，学校将酌情安置。"
    ),
    "§二.9": _(
        "在跟踪服务期外，再要求学校安置的学生，学校将酌情考虑。凡是要求再次安置的学生必须首先到学校报名登记，"
        "通过企业或学校组织的招聘面试或笔试后才能进行再次安置就业，否则不予安置。"
    ),
    "§二.10": _("凡是被企业开除的学生，学校终止其跟踪服务，并且不再提供安置就业的机会。"),
}
DECISION_CLAUSES = {
    Decision.DENIED: "§二.10",
    Decision.FREE: "§二.6",
    Decision.WAIT: "§二.7",
    Decision.DISCRETIONARY: "§二.8",
    Decision.OUTSIDE_SERVICE: "§二.9",
    Decision.NEEDS_CLASSIFICATION: "",
}


@dataclass(frozen=True)
class ServiceFacts:
    """The graduate's tracking service as the decision needs it (tracking.models.TrackingService)."""

    start: datetime.date
    end: datetime.date  # the first day no longer covered (exclusive)
    terminated_on: datetime.date | None = None
    termination_cause: TerminationCause | None = None

    @property
    def period(self) -> ServicePeriod:
        return ServicePeriod(start=self.start, end=self.end)


@dataclass(frozen=True)
class EndedJob:
    """The job the request follows (records.models.Employment with an end date)."""

    end_date: datetime.date
    end_reason: EndReason
    probation_end: datetime.date  # the last day of probation, inclusive


@dataclass(frozen=True)
class ReplacementDecision:
    decision: Decision
    clause: str  # "§二.6" … "§二.10"; "" for NEEDS_CLASSIFICATION
    earliest_placement_date: datetime.date | None  # only for 待观察
    agency_fee: AgencyFee
    preconditions: tuple[Precondition, ...]  # both, for every decision but 不予安置
    terminates_service: bool  # 开除 (§二.10)
    within_service: bool
    during_probation: bool
    outside_reason: OutsideReason | None = None

    @property
    def label(self) -> str:
        return str(DECISION_LABELS[self.decision])

    @property
    def clause_text(self) -> str:
        return str(CLAUSE_TEXTS[self.clause]) if self.clause else ""

    @property
    def agency_fee_paid_by_graduate(self) -> bool:
        """中介费用自理."""
        return self.agency_fee == AgencyFee.GRADUATE

    @property
    def allows_placement(self) -> bool:
        return self.decision not in (Decision.DENIED, Decision.NEEDS_CLASSIFICATION)

    @property
    def needs_staff_outcome(self) -> bool:
        return self.decision in DISCRETIONARY_DECISIONS


def earliest_placement_date(end_date: datetime.date, *, wait_months: int) -> datetime.date:
    """§二.7: end date + N months in calendar arithmetic (2024-08-31 + 3 months = 2024-11-30)."""
    return end_date + relativedelta(months=wait_months)


def within_service(
    service: ServiceFacts | None, day: datetime.date, *, school_placed: bool = True
) -> OutsideReason | None:
    """None when `day` is inside the service period, otherwise why it is not (row 5, §二.9)."""
    if not school_placed:
        return OutsideReason.NOT_SCHOOL_PLACED
    if service is None:
        return OutsideReason.NO_SERVICE
    status = service_status_on(service.period, day, terminated_on=service.terminated_on)
    if status == ServiceStatus.TERMINATED:
        if service.termination_cause == TerminationCause.UNREPORTED:
            return OutsideReason.TERMINATED_UNREPORTED
        return OutsideReason.TERMINATED
    if not service.period.covers(day):
        return OutsideReason.OUTSIDE_PERIOD
    return None


def _decision(
    decision: Decision,
    *,
    within: bool,
    during_probation: bool,
    earliest: datetime.date | None = None,
    agency_fee: AgencyFee = AgencyFee.AT_DISCRETION,
    outside_reason: OutsideReason | None = None,
) -> ReplacementDecision:
    denied = decision == Decision.DENIED
    return ReplacementDecision(
        decision=decision,
        clause=DECISION_CLAUSES[decision],
        earliest_placement_date=earliest,
        agency_fee=AgencyFee.NONE if denied else agency_fee,
        preconditions=() if denied else (Precondition.REGISTERED, Precondition.PASSED_TEST),
        terminates_service=denied,
        within_service=within,
        during_probation=during_probation,
        outside_reason=outside_reason,
    )


def replacement_decision(
    *,
    job: EndedJob,
    request_date: datetime.date,
    service: ServiceFacts | None,
    wait_months: int,
    school_placed: bool = True,
    expelled_before: bool = False,
) -> ReplacementDecision:
    """POLICY §6: the decision on a re-placement request, rows checked in order.

    `service` is None when the graduate has no tracking service; `school_placed` is False for a graduate whose
    安置方式 is not 学校统一安置; `expelled_before` is True when the graduate was expelled by an employer (any
    job ended by 开除 on or before the request date, or a service terminated for 被企业开除)."""
    if request_date < job.end_date:
        raise ValueError("a re-placement request cannot precede the end of the job it follows")
    reason = EndReason(job.end_reason)
    during_probation = job.end_date <= job.probation_end
    expelled = (
        reason == EndReason.EXPELLED
        or expelled_before
        or (service is not None and service.termination_cause == TerminationCause.EXPELLED)
    )
    if expelled:
        return _decision(Decision.DENIED, within=False, during_probation=during_probation)
    outside = within_service(service, request_date, school_placed=school_placed)
    if outside is not None:
        return _decision(
            Decision.OUTSIDE_SERVICE, within=False, during_probation=during_probation, outside_reason=outside
        )
    if reason in EMPLOYER_REASONS:
        return _decision(
            Decision.FREE, within=True, during_probation=during_probation, agency_fee=AgencyFee.NOT_GRADUATE
        )
    if reason in PERSONAL_REASONS and during_probation:
        return _decision(
            Decision.WAIT,
            within=True,
            during_probation=True,
            earliest=earliest_placement_date(job.end_date, wait_months=wait_months),
            agency_fee=AgencyFee.GRADUATE,
        )
    if reason in PERSONAL_REASONS:
        return _decision(Decision.DISCRETIONARY, within=True, during_probation=False)
    return _decision(
        Decision.NEEDS_CLASSIFICATION,
        within=True,
        during_probation=during_probation,
        agency_fee=AgencyFee.NONE,
    )


# --- Placement: what must hold before a new school-arranged job is recorded (§二.6–§二.10) ---------------


class Blocker(enum.StrEnum):
    CLOSED = "closed"
    DENIED = "denied"
    NEEDS_CLASSIFICATION = "needs_classification"
    OUTCOME_MISSING = "outcome_missing"
    OUTCOME_DECLINED = "outcome_declined"
    NOT_REGISTERED = "not_registered"
    NO_PASSED_TEST = "no_passed_test"
    BEFORE_EARLIEST = "before_earliest"
    START_BEFORE_EARLIEST = "start_before_earliest"
    FEE_PAYER_MISSING = "fee_payer_missing"
    FEE_MUST_BE_GRADUATES = "fee_must_be_graduates"
    FEE_NOT_GRADUATES = "fee_not_graduates"


class Outcome(enum.StrEnum):
    """Staff's outcome of a discretionary decision."""

    AGREED = "agreed"  # 同意安置
    DECLINED = "declined"  # 不同意
    NONE = ""


def placement_blockers(
    decision: ReplacementDecision,
    *,
    closed: bool,
    outcome: Outcome,
    registered: bool,
    passed_test: bool,
    placement_date: datetime.date,
    start_date: datetime.date | None,
    via_agency: bool,
    fee_paid_by_graduate: bool | None,
) -> tuple[Blocker, ...]:
    """Every reason a placement must be refused; an empty tuple means it may be made."""
    if decision.decision == Decision.DENIED:
        return (Blocker.DENIED,)  # 不予安置 cannot be overridden, whatever else was recorded
    blockers = []
    if closed:
        blockers.append(Blocker.CLOSED)
    if decision.decision == Decision.NEEDS_CLASSIFICATION:
        blockers.append(Blocker.NEEDS_CLASSIFICATION)
    if decision.needs_staff_outcome:
        if outcome == Outcome.DECLINED:
            blockers.append(Blocker.OUTCOME_DECLINED)
        elif outcome != Outcome.AGREED:
            blockers.append(Blocker.OUTCOME_MISSING)
    if not registered:
        blockers.append(Blocker.NOT_REGISTERED)
    if not passed_test:
        blockers.append(Blocker.NO_PASSED_TEST)
    earliest = decision.earliest_placement_date
    if earliest is not None:
        if placement_date < earliest:
            blockers.append(Blocker.BEFORE_EARLIEST)
        if start_date is not None and start_date < earliest:
            blockers.append(Blocker.START_BEFORE_EARLIEST)
    if via_agency:
        if fee_paid_by_graduate is None:
            blockers.append(Blocker.FEE_PAYER_MISSING)
        elif decision.agency_fee == AgencyFee.GRADUATE and not fee_paid_by_graduate:
            blockers.append(Blocker.FEE_MUST_BE_GRADUATES)
        elif decision.agency_fee == AgencyFee.NOT_GRADUATE and fee_paid_by_graduate:
            blockers.append(Blocker.FEE_NOT_GRADUATES)
    return tuple(blockers)
