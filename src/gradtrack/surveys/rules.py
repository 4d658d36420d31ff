"""Which graduates a survey campaign is about (POLICY §7, §三(二)) as a pure function: plain values in, a frozen
dataclass out, no ORM. The sample drawn among their employers is surveys.sampling.

The number of past cohorts comes in as an argument. The policy sets no number of its own for it: §三(二)1's
"近三年毕业生" are the graduates of the last three years, and PolicySettings.service_years (跟踪服务期, §二.2,
default 3) is what is passed, so that the past-cohorts survey covers exactly the cohorts still within the
tracking service in the spring of Y, as the 往届 of the reports (stats.documents.report_data) do.
"""

import enum
from dataclasses import dataclass


class CampaignKind(enum.StrEnum):
    """The values of surveys.models.Campaign.Kind."""

    PAST_COHORTS = "past_cohorts"  # 往届用人单位调查问卷 (§三(二)1)
    CURRENT_COHORT = "current_cohort"  # 应届毕业生跟踪登记表 (§三(二)2)
    SITE_VISIT = "site_visit"  # 实地走访 (§三(二)4)


@dataclass(frozen=True)
class CohortWindow:
    """The 届 a campaign of year Y covers, Y − first_back … Y − last_back, counted back from Y so that the same
    window serves a year in Python and a campaign's year column in SQL."""

    first_back: int
    last_back: int

    def years(self, year: int) -> list[int]:
        return list(range(year - self.first_back, year - self.last_back + 1))


def cohort_window(kind: str, *, past_cohorts: int) -> CohortWindow:
    """POLICY §7: the past-cohorts survey of year Y (§三(二)1, 近三年毕业生) covers the last N cohorts, the 届
    Y−N … Y−1; the August form (§三(二)2) and the site visits (§三(二)4) cover this year's cohort, the Y届."""
    if CampaignKind(kind) == CampaignKind.PAST_COHORTS:
        return CohortWindow(first_back=past_cohorts, last_back=1)
    return CohortWindow(first_back=0, last_back=0)
