"""The 工作台 panel of the statistics (site.dashboard.PANELS): the latest cohort's headline figures in the
user's scope, and the report rounds still waiting for the user's departments."""

import datetime

from django.utils import timezone

from gradtrack.accounts import roles
from gradtrack.core import figures_cache
from gradtrack.records import selectors as access
from gradtrack.stats import selectors
from gradtrack.stats.models import ReportRound

# How long after its deadline a report round still lists the departments that have not submitted: the panel's
# choice, not a number of the policy (the rounds are the centre's own, POLICY §9).
LATE_ROUNDS_SHOWN_DAYS = 30


def panel(request) -> dict | None:
    user = request.user
    if not roles.is_staff_user(user):
        return None
    year = selectors.latest_cohort()
    stats_scope = selectors.resolve_scope(user, "school")
    cohorts = selectors.Cohorts(year, year)
    total = figures_cache.cached(
        "dashboard-summary",
        [stats_scope.audience, year],
        lambda: selectors.summary(cohorts.graduates(stats_scope.graduates())),
    )
    departments = access.departments_visible_to(user).filter(is_active=True)
    open_rounds = []
    today = timezone.localdate()
    for report_round in ReportRound.objects.filter(
        deadline__gte=today - datetime.timedelta(days=LATE_ROUNDS_SHOWN_DAYS)
    )[:5]:
        missing = departments.exclude(pk__in=report_round.reports.values("department")).count()
        if missing:
            open_rounds.append({"round": report_round, "missing": missing})
    return {
        "template": "stats/_panel.html",
        "order": 20,
        "scope": stats_scope,
        "cohorts": cohorts,
        "total": total,
        "labels": selectors.figure_labels(),
        "open_rounds": open_rounds,
    }
