"""The employment file's rules (POLICY §1) as pure functions: dates and numbers in, a date out, no ORM.
Every number comes in as an argument (from core.models.PolicySettings)."""

import datetime

from dateutil.relativedelta import relativedelta


def probation_end_by_default(start_date: datetime.date, *, probation_months: int) -> datetime.date:
    """The last day of probation of a job entered without one (POLICY §1, 个人就业档案: 试用期截止日期 is
    inclusive, by default start + 3 months − 1 day; the months are PolicySettings.probation_months).

    Calendar arithmetic as ``dateutil.relativedelta``: a start on 30 November ends on 27 February, since
    30 November + 3 months is 28 February. Raises OverflowError for a start near 9999-12-31.
    """
    return start_date + relativedelta(months=probation_months) - datetime.timedelta(days=1)
