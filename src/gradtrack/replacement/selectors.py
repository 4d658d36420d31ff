"""Which re-placement requests a user sees, built on records.selectors.graduates_visible_to: staff see the
requests of the graduates they see; a graduate's portal account sees only its own (tracking.selectors)."""

from django.db.models import Count, QuerySet

from gradtrack.records import selectors
from gradtrack.records.models import Employment, Graduate
from gradtrack.replacement.models import ReplacementRequest
from gradtrack.tracking.selectors import portal_graduate

OPEN_STAGES = (
    ReplacementRequest.Stage.REGISTRATION,
    ReplacementRequest.Stage.TEST,
    ReplacementRequest.Stage.PLACEMENT,
)


def _graduates(user) -> QuerySet[Graduate]:
    graduate = portal_graduate(user)
    if graduate is not None:
        return Graduate.objects.filter(pk=graduate.pk)
    return selectors.graduates_visible_to(user)


def requests_visible_to(user) -> QuerySet[ReplacementRequest]:
    return ReplacementRequest.objects.filter(graduate__in=_graduates(user)).select_related(
        "graduate__department", "employment__employer", "new_employment__employer"
    )


def open_requests(user) -> QuerySet[ReplacementRequest]:
    """The work queue: open requests, without those of archived graduates (records.selectors.not_archived);
    their requests stay on the graduate's page and under 已结束/全部."""
    return requests_visible_to(user).filter(stage__in=OPEN_STAGES, graduate__archived_at__isnull=True)


def open_counts_by_stage(user) -> dict[str, int]:
    counts = dict.fromkeys(OPEN_STAGES, 0)
    rows = ReplacementRequest.objects.filter(
        graduate__in=_graduates(user), stage__in=OPEN_STAGES, graduate__archived_at__isnull=True
    )
    for row in rows.values("stage").annotate(count=Count("pk")).order_by():
        counts[row["stage"]] = row["count"]
    return counts


def ended_jobs_of(graduate: Graduate) -> QuerySet[Employment]:
    """The jobs a request may follow: ended ones, latest first."""
    return (
        graduate.jobs.filter(end_date__isnull=False).select_related("employer").order_by("-end_date", "-pk")
    )
