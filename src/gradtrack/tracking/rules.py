"""The tracking service's rules (POLICY §2–§4) as pure functions: dates and small values in, a frozen
dataclass out, no ORM. Every number comes in as an argument (from core.models.PolicySettings).

tracking.services is the only caller that writes: it reads the facts from the database, asks these functions,
and records what they decide."""

import datetime
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta

ONE_DAY = datetime.timedelta(days=1)


class ServiceStatus(enum.StrEnum):
    ACTIVE = "active"  # 服务中
    EXPIRED = "expired"  # 已到期
    TERMINATED = "terminated"  # 已终止


class ChangeType(enum.StrEnum):
    """The values of tracking.models.ChangeReport.ChangeType (POLICY §3)."""

    CONTACT = "contact"  # 联系方式变更
    PROMOTION = "promotion"  # 升职
    SALARY = "salary"  # 调资
    AWARD = "award"  # 奖励
    PENALTY = "penalty"  # 惩罚
    TRANSFER = "transfer"  # 转岗
    RESIGNATION = "resignation"  # 辞职
    JOB_CHANGE = "job_change"  # 跳槽
    DISMISSED = "dismissed"  # 被辞退
    EXPELLED = "expelled"  # 被开除
    ACCIDENT = "accident"  # 意外事故


class EndReason(enum.StrEnum):
    """The values of records.models.Employment.EndReason that a confirmed change writes into the file (the
    whole list, as re-placement reads it, is replacement.rules.EndReason)."""

    EXPELLED = "expelled"  # 开除
    OTHER_EMPLOYER = "other_employer"  # 其他企业原因
    PERSONAL = "personal"  # 个人原因


class ReportedBy(enum.StrEnum):
    GRADUATE = "graduate"  # 本人
    EMPLOYER = "employer"  # 用人单位
    SCHOOL = "school"  # 学校核查


@dataclass(frozen=True)
class ServicePeriod:
    """The covered days are start ≤ d < end (POLICY §2)."""

    start: datetime.date
    end: datetime.date  # the first day no longer covered

    @property
    def last_covered_day(self) -> datetime.date:
        return self.end - ONE_DAY

    def covers(self, day: datetime.date) -> bool:
        return self.start <= day < self.end


def service_period(start: datetime.date, *, service_years: int) -> ServicePeriod:
    """§2: start + N years in calendar arithmetic (2024-02-29 + 3 years = 2027-02-28, not covered)."""
    return ServicePeriod(start=start, end=start + relativedelta(years=service_years))


def service_status_on(
    period: ServicePeriod, day: datetime.date, *, terminated_on: datetime.date | None = None
) -> ServiceStatus:
    """§2: 已终止 from the termination date on; otherwise 已到期 once the day is past the covered days."""
    if terminated_on is not None and day >= terminated_on:
        return ServiceStatus.TERMINATED
    if day >= period.end:
        return ServiceStatus.EXPIRED
    return ServiceStatus.ACTIVE


@dataclass(frozen=True)
class ReportTimeliness:
    late: bool  # 未及时通报
    days_after: int
    reason: str  # "" | "window" | "found_by_school"


def report_timeliness(
    *, occurred_on: datetime.date, reported_on: datetime.date, reported_by: str, window_days: int
) -> ReportTimeliness:
    """§3: a change reported more than N days after it happened, or found by the school first, is late."""
    days_after = (reported_on - occurred_on).days
    if reported_by == ReportedBy.SCHOOL:
        return ReportTimeliness(late=True, days_after=days_after, reason="found_by_school")
    if days_after > window_days:
        return ReportTimeliness(late=True, days_after=days_after, reason="window")
    return ReportTimeliness(late=False, days_after=days_after, reason="")


def next_follow_up_due(
    period: ServicePeriod,
    *,
    follow_up_months: int,
    last_reached_on: datetime.date | None,
) -> datetime.date | None:
    """§4 (定期回访): the follow-up due N months after the last successful contact, or N months after the
    start while there is none (a contact dated before the start, from a service whose start was since
    corrected, does not count). None when that day is past the service's last covered day: nothing is
    scheduled outside the period. Calendar arithmetic as relativedelta (2024-11-30 + 3 months = 2025-02-28)."""
    months = max(1, follow_up_months)
    anchor = period.start
    if last_reached_on is not None and last_reached_on >= period.start:
        anchor = last_reached_on
    due = anchor + relativedelta(months=months)
    return due if period.covers(due) else None


def follow_up_due_after_contact(
    period: ServicePeriod,
    *,
    follow_up_months: int,
    current_due: datetime.date | None,
    last_reached_on: datetime.date | None,
    contacted_on: datetime.date,
    reached: bool,
) -> datetime.date | None:
    """§4: the due date after one more contact attempt. A contact that reached the graduate, late or early,
    rolls the schedule to N months after it (after the latest successful contact, when one dated later is on
    file already: a contact entered afterwards with an earlier date does not pull the schedule back). An
    attempt that did not reach the graduate leaves the due date as it was."""
    if not reached:
        return current_due
    latest = contacted_on if last_reached_on is None else max(contacted_on, last_reached_on)
    return next_follow_up_due(period, follow_up_months=follow_up_months, last_reached_on=latest)


def first_follow_up_due(period: ServicePeriod, *, follow_up_months: int) -> datetime.date | None:
    """§4: the first follow-up is due N months after the start."""
    return next_follow_up_due(period, follow_up_months=follow_up_months, last_reached_on=None)


# --- §2: the start follows the file -------------------------------------------------------------------------


@dataclass(frozen=True)
class JobFacts:
    """What the service's start is computed from: one job of the graduate's file."""

    start_date: datetime.date
    school_arranged: bool


def service_start_from_jobs(jobs: Iterable[JobFacts]) -> datetime.date | None:
    """§2: the start is the 入职日期 of the graduate's first (earliest) school-arranged job; None without one."""
    starts = [job.start_date for job in jobs if job.school_arranged]
    return min(starts) if starts else None


@dataclass(frozen=True)
class ServiceState:
    """A service as it is on file, for service_corrected."""

    start: datetime.date
    end: datetime.date
    status: ServiceStatus
    next_follow_up_due: datetime.date | None
    terminated_on: datetime.date | None = None


@dataclass(frozen=True)
class ServiceCorrection:
    """What the service becomes when its start follows the file (§2): a correction, not a restart."""

    start: datetime.date
    end: datetime.date
    status: ServiceStatus
    next_follow_up_due: datetime.date | None

    def differs_from(self, state: ServiceState) -> bool:
        return (self.start, self.end, self.status, self.next_follow_up_due) != (
            state.start,
            state.end,
            state.status,
            state.next_follow_up_due,
        )


def service_corrected(
    state: ServiceState,
    *,
    new_start: datetime.date,
    today: datetime.date,
    service_years: int,
    follow_up_months: int,
    last_reached_on: datetime.date | None,
) -> ServiceCorrection:
    """§2 ("the start always follows the file"): the service recomputed from a corrected start. The end is
    start + N years again; the status follows the new period on `today` (a service expired under the old
    start is active again when the corrected one still covers today, and the other way round), except that a
    termination stays (it was decided by staff or by §二.10 and has its own record); the due follow-up is
    rescheduled from the last successful contact inside the new period (§4), and none for a service that is not
    active. Re-placement is not a restart: nothing else starts over."""
    period = service_period(new_start, service_years=service_years)
    if state.status == ServiceStatus.TERMINATED:
        return ServiceCorrection(period.start, period.end, ServiceStatus.TERMINATED, None)
    status = service_status_on(period, today)
    due = None
    if status == ServiceStatus.ACTIVE:
        due = next_follow_up_due(period, follow_up_months=follow_up_months, last_reached_on=last_reached_on)
    return ServiceCorrection(period.start, period.end, status, due)


def is_overdue(due: datetime.date | None, today: datetime.date) -> bool:
    return due is not None and due < today


def within_service(period: ServicePeriod | None, day: datetime.date, terminated_on=None) -> bool:
    """§5: an accident on a day the (not yet terminated) service covers is inside the service period."""
    if period is None:
        return False
    return service_status_on(period, day, terminated_on=terminated_on) == ServiceStatus.ACTIVE and (
        period.covers(day)
    )


# --- §二.10: an expulsion ends the service -------------------------------------------------------------------


def expulsion_terminates_service(
    *, period: ServicePeriod, status: ServiceStatus, expelled_on: datetime.date, today: datetime.date
) -> bool:
    """§二.10 (凡是被企业开除的学生，学校终止其跟踪服务): does a job ended by 开除 on `expelled_on` terminate the
    service, today? POLICY §2: "an employment ended with reason 开除. Termination is immediate", dated the day
    of the expulsion, and only a service that is 服务中 can become 已终止. So it does when:

    - the service is active (a service already 已到期 or 已终止 stays as it is),
    - the expulsion falls on a day the service covers (start ≤ day < end): an expulsion before the service began
      ended a job the service never covered, one after it ended has no service left to terminate, and
    - the expulsion is not in the future: a job entered as ending by 开除 on a later day terminates the service
      on that day (the daily run), not before.

    This decides the SERVICE only. Re-placement is denied to an expelled graduate whenever the expulsion was,
    even after the service (replacement.rules, row 1); that is a different decision about the graduate."""
    return status == ServiceStatus.ACTIVE and period.covers(expelled_on) and expelled_on <= today


# --- §二.4, §二.6–§二.8, §二.10: which end reason a reported change gives the job ---------------------------

# What a confirmed change that ends the current job writes as its 离职原因. The end reason is what re-placement
# decides on (replacement.rules): an employer's reason is a free re-placement inside the service (§二.6), a
# personal reason waits or is at discretion (§二.7, §二.8), 开除 is denied and terminates the service (§二.10).
END_REASON_OF_CHANGE: dict[ChangeType, EndReason] = {
    # §二.4 辞职: the graduate left. §二.7/§二.8 ground a personal resignation; when the employer caused it
    # (§二.6 "因企业原因……造成学生辞职"), staff correct the job's reason in the file.
    ChangeType.RESIGNATION: EndReason.PERSONAL,
    # §二.4 跳槽 = resign and join a new employer (POLICY §3): the old job ends as a resignation.
    ChangeType.JOB_CHANGE: EndReason.PERSONAL,
    # §二.6 "造成学生……辞退": a dismissal is the employer's doing; which of the employer reasons it was is not
    # reported, so 其他企业原因 until staff say more.
    ChangeType.DISMISSED: EndReason.OTHER_EMPLOYER,
    # §二.10 被开除 → 开除.
    ChangeType.EXPELLED: EndReason.EXPELLED,
}


@dataclass(frozen=True)
class JobEnding:
    """How a confirmed change ends the current job: its last day worked and its 离职原因."""

    last_day: datetime.date
    end_reason: EndReason


def job_ending_for_change(change_type: str, *, occurred_on: datetime.date) -> JobEnding | None:
    """The ending a confirmed change of this type gives the current job (END_REASON_OF_CHANGE), or None for
    a change that does not end it. The change's date is the last day worked, except for 跳槽, whose date is
    the first day at the new employer: the old job ended the day before."""
    reason = END_REASON_OF_CHANGE.get(ChangeType(change_type))
    if reason is None:
        return None
    last_day = occurred_on - ONE_DAY if change_type == ChangeType.JOB_CHANGE else occurred_on
    return JobEnding(last_day=last_day, end_reason=reason)


# --- §4: each contact asks the same questions; a differing answer is a change found by the school ----------


@dataclass(frozen=True)
class FileValues:
    """What the employment file says now: the current job (None without one) and the graduate's contacts."""

    has_job: bool
    employer_name: str = ""
    post: str = ""
    title: str = ""
    monthly_salary: Decimal | None = None
    mobile: str = ""
    qq: str = ""
    wechat: str = ""
    email: str = ""


CONTACT_FIELDS = ("mobile", "qq", "wechat", "email")


@dataclass(frozen=True)
class ContactAnswers:
    """The answers of one contact (§4: still with the employer? post, salary, contact details unchanged?).
    An empty answer means "as on file"; the questions are asked prefilled with the file's values."""

    still_with_employer: bool | None = None
    new_employer_name: str = ""
    post: str = ""
    title: str = ""
    monthly_salary: Decimal | None = None
    mobile: str = ""
    qq: str = ""
    wechat: str = ""
    email: str = ""

    def as_record(self) -> dict:
        """The answers as the contact stores them (FollowUpContact.answers)."""
        values = {
            "still_with_employer": self.still_with_employer,
            "new_employer_name": self.new_employer_name,
            "post": self.post,
            "title": self.title,
            "monthly_salary": None if self.monthly_salary is None else str(self.monthly_salary),
        }
        values.update({name: getattr(self, name) for name in CONTACT_FIELDS})
        return values


@dataclass(frozen=True)
class FoundChange:
    """A change (§3) that a contact's answers show, as ChangeReport values."""

    change_type: ChangeType
    values: dict


def _differs(answer, on_file) -> bool:
    if answer in (None, ""):
        return False
    if isinstance(answer, Decimal) or isinstance(on_file, Decimal):
        return on_file is None or Decimal(answer) != Decimal(on_file)
    return str(answer).strip() != str(on_file or "").strip()


def changes_in_answers(file: FileValues, answers: ContactAnswers) -> list[FoundChange]:
    """§4: each answer that differs from the file becomes a change found by the school (§3 学校核查). Left the
    employer: 跳槽 when a new employer is named (with the new post and salary), else 辞职; still there: a new
    salary is 调资, a new 职务 升职, a new post 转岗; new contact details are one 联系方式变更."""
    found: list[FoundChange] = []
    if file.has_job and answers.still_with_employer is False:
        if answers.new_employer_name.strip():
            values = {"new_employer_name": answers.new_employer_name.strip()}
            if answers.monthly_salary is not None:
                values["new_salary"] = answers.monthly_salary
            if answers.post.strip():
                values["new_post"] = answers.post.strip()
            if answers.title.strip():
                values["new_title"] = answers.title.strip()
            found.append(FoundChange(ChangeType.JOB_CHANGE, values))
        else:
            found.append(FoundChange(ChangeType.RESIGNATION, {}))
    elif file.has_job:
        if _differs(answers.monthly_salary, file.monthly_salary):
            found.append(FoundChange(ChangeType.SALARY, {"new_salary": answers.monthly_salary}))
        if _differs(answers.title, file.title):
            found.append(FoundChange(ChangeType.PROMOTION, {"new_title": answers.title.strip()}))
        if _differs(answers.post, file.post):
            found.append(FoundChange(ChangeType.TRANSFER, {"new_post": answers.post.strip()}))
    contacts = {
        f"new_{name}": getattr(answers, name).strip()
        for name in CONTACT_FIELDS
        if _differs(getattr(answers, name), getattr(file, name))
    }
    if contacts:
        found.append(FoundChange(ChangeType.CONTACT, contacts))
    return found
