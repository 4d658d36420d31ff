"""The tracking service's rules (POLICY §2–§4) as pure functions: dates and small values in, a frozen
dataclass out, no ORM. Every number comes in as an argument (from core.models.PolicySettings)."""

import datetime
import enum
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

ONE_DAY = datetime.timedelta(days=1)


class ServiceStatus(enum.StrEnum):
    ACTIVE = "active"  # 服务中
    EXPIRED = "expired"  # 已到期
    TERMINATED = "terminated"  # 已终止


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
    after: datetime.date,
) -> datetime.date | None:
    """§4: follow-ups fall due every N months from the service start; the next one strictly after `after`
    (the last successful contact, or the day before the start), or None when it falls outside the period."""
    months = max(1, follow_up_months)
    step = 1
    due = period.start + relativedelta(months=months)
    while due <= after:
        step += 1
        due = period.start + relativedelta(months=months * step)
    return due if period.covers(due) else None


def follow_up_due_after_contact(
    period: ServicePeriod,
    *,
    follow_up_months: int,
    current_due: datetime.date | None,
    contacted_on: datetime.date,
) -> datetime.date | None:
    """§4: a successful contact settles the follow-up currently due (even a few days early) and sets the
    next one: the first scheduled date after both the contact and the date that was due."""
    after = max(contacted_on, current_due) if current_due else contacted_on
    return next_follow_up_due(period, follow_up_months=follow_up_months, after=after)


def first_follow_up_due(period: ServicePeriod, *, follow_up_months: int) -> datetime.date | None:
    return next_follow_up_due(period, follow_up_months=follow_up_months, after=period.start)


def is_overdue(due: datetime.date | None, today: datetime.date) -> bool:
    return due is not None and due < today


def within_service(period: ServicePeriod | None, day: datetime.date, terminated_on=None) -> bool:
    """§5: an accident on a day the (not yet terminated) service covers is inside the service period."""
    if period is None:
        return False
    return service_status_on(period, day, terminated_on=terminated_on) == ServiceStatus.ACTIVE and (
        period.covers(day)
    )
