"""Which survey records a user sees (POLICY §11), built on records.selectors, and each campaign's figures.

Campaigns and their plans are school-wide; a department user sees the invitations and responses of employers
that currently employ graduates of their departments from the campaign's cohort(s), the trips of their
departments (or that they requested), and the progress rows of their departments. Of a response's rows
(一、我校毕业生工作基本情况: name, gender, major, post of each graduate) a department user sees only those
linked to its own graduates (records.selectors); a row the school cannot attribute (typed in by the employer)
is seen by the roles that see the whole school. Every output of the rows — the invitation page, the letter,
paper entry, the API — takes them through ``rows_visible_to``.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from gradtrack.accounts import roles
from gradtrack.records import selectors
from gradtrack.records.models import Employment
from gradtrack.surveys.models import (
    Campaign,
    EmployerResponse,
    Forum,
    ForumOpinion,
    Invitation,
    PlanEntry,
    ResponseGraduate,
    SuggestionTheme,
    Trip,
    Visit,
    cohort_windows,
)
from gradtrack.surveys.rules import CohortWindow
from gradtrack.surveys.sampling import EmployerCount, Sample, coverage


def campaigns_visible_to(user) -> QuerySet[Campaign]:
    if roles.is_staff_user(user):
        return Campaign.objects.all()
    return Campaign.objects.none()


def plan_entries_visible_to(user) -> QuerySet[PlanEntry]:
    return PlanEntry.objects.filter(campaign__in=campaigns_visible_to(user))


def _employs_visible_graduates(user) -> Q:
    """The invitation's employer currently employs a graduate of the campaign's cohort(s) the user sees."""
    jobs = Employment.objects.filter(
        employer=OuterRef("employer"),
        end_date__isnull=True,
        graduate__in=selectors.graduates_visible_to(user),
    )
    kinds_by_window: dict[CohortWindow, list[str]] = {}
    for kind, window in cohort_windows().items():
        kinds_by_window.setdefault(window, []).append(kind)
    condition = Q()
    for window, kinds in kinds_by_window.items():
        cohort_jobs = jobs.filter(
            graduate__graduation_year__gte=OuterRef("campaign__year") - window.first_back,
            graduate__graduation_year__lte=OuterRef("campaign__year") - window.last_back,
        )
        condition |= Q(campaign__kind__in=kinds) & Exists(cohort_jobs)
    return condition


def invitations_visible_to(user) -> QuerySet[Invitation]:
    if roles.sees_whole_school(user):
        return Invitation.objects.all()
    if roles.is_staff_user(user):
        return Invitation.objects.filter(_employs_visible_graduates(user))
    return Invitation.objects.none()


def responses_visible_to(user) -> QuerySet[EmployerResponse]:
    return EmployerResponse.objects.filter(invitation__in=invitations_visible_to(user))


def response_rows_visible_to(user) -> QuerySet[ResponseGraduate]:
    """The rows of the responses the user sees, only those of graduates the user sees (see the docstring)."""
    rows = ResponseGraduate.objects.filter(response__in=responses_visible_to(user))
    if roles.sees_whole_school(user):
        return rows
    return rows.filter(graduate__in=selectors.graduates_visible_to(user))


def _graduate_id(row) -> int | None:
    return row.get("graduate_id") if isinstance(row, dict) else row.graduate_id


def row_graduates_visible_to(user, graduate_ids) -> set[int]:
    """Of the graduates these rows are linked to, those the user sees (a row without a link: none)."""
    ids = {pk for pk in graduate_ids if pk is not None}
    if not ids:
        return set()
    return set(selectors.graduates_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def rows_visible_to(user, rows: list) -> list:
    """The rows (dicts with ``graduate_id`` or ResponseGraduate) the user may see, in their order."""
    rows = list(rows)
    if roles.sees_whole_school(user):
        return rows
    visible = row_graduates_visible_to(user, [_graduate_id(row) for row in rows])
    return [row for row in rows if _graduate_id(row) in visible]


def trips_visible_to(user) -> QuerySet[Trip]:
    if roles.sees_whole_school(user):
        return Trip.objects.all()
    if roles.is_staff_user(user):
        return Trip.objects.filter(
            Q(department__in=selectors.departments_visible_to(user)) | Q(requested_by=user)
        ).distinct()
    return Trip.objects.none()


def visits_visible_to(user) -> QuerySet[Visit]:
    return Visit.objects.filter(trip__in=trips_visible_to(user))


def forums_visible_to(user) -> QuerySet[Forum]:
    return Forum.objects.filter(campaign__in=campaigns_visible_to(user))


def forum_opinions_visible_to(user) -> QuerySet[ForumOpinion]:
    return ForumOpinion.objects.filter(forum__in=forums_visible_to(user))


def suggestion_themes_visible_to(user) -> QuerySet[SuggestionTheme]:
    """The theme list is the school's: every staff member reads it."""
    return SuggestionTheme.objects.all()


# --- Figures -----------------------------------------------------------------------------------------------


def cohort_jobs(campaign: Campaign) -> QuerySet[Employment]:
    """Current jobs of the campaign's cohort(s): each graduate has at most one. Archived graduates are left
    out of samples, letters and forms (POLICY §1)."""
    return Employment.objects.filter(
        end_date__isnull=True,
        graduate__graduation_year__in=campaign.cohort_years,
        graduate__archived_at__isnull=True,
    )


def cohort_graduates_ever_at(campaign: Campaign, employer_id: int) -> int:
    """Graduates of the campaign's cohort(s) who ever worked at the employer (ended jobs included)."""
    return (
        Employment.objects.filter(
            employer_id=employer_id,
            graduate__graduation_year__in=campaign.cohort_years,
            graduate__archived_at__isnull=True,
        )
        .values("graduate_id")
        .distinct()
        .count()
    )


def employer_counts(campaign: Campaign) -> list[EmployerCount]:
    rows = (
        cohort_jobs(campaign)
        .values("employer_id", "employer__name")
        .annotate(graduates=Count("graduate_id", distinct=True))
    )
    return [EmployerCount(r["employer_id"], r["employer__name"], r["graduates"]) for r in rows]


def plan_coverage(campaign: Campaign, counts: list[EmployerCount] | None = None) -> Sample:
    chosen = campaign.plan_entries.values_list("employer_id", flat=True)
    return coverage(counts if counts is not None else employer_counts(campaign), chosen, campaign.percent)


@dataclass
class ProgressRow:
    label: str
    planned: int = 0
    sent: int = 0
    returned: int = 0
    visited: int = 0

    @property
    def response_rate(self) -> float | None:
        return round(100 * self.returned / self.sent, 1) if self.sent else None


@dataclass
class CampaignProgress:
    campaign: Campaign
    sample: Sample
    employers: ProgressRow  # counted in employers
    departments: list[ProgressRow] = field(default_factory=list)  # counted in graduates


def campaign_progress(campaign: Campaign, user) -> CampaignProgress:
    """Target vs sent vs returned vs visited: employers overall, graduates per visible department."""
    planned = set(campaign.plan_entries.values_list("employer_id", flat=True))
    invitations = campaign.invitations.all()
    sent = set(invitations.filter(sent_at__isnull=False).values_list("employer_id", flat=True))
    returned = set(invitations.filter(submitted_at__isnull=False).values_list("employer_id", flat=True))
    visited = set(Visit.objects.filter(trip__campaign=campaign).values_list("employer_id", flat=True))
    employers = ProgressRow(str(campaign), len(planned), len(sent), len(returned), len(visited))

    visible_departments = {d.pk: d.name for d in selectors.departments_visible_to(user).order_by("code")}
    rows = {pk: ProgressRow(name) for pk, name in visible_departments.items()}
    jobs = cohort_jobs(campaign).filter(graduate__department_id__in=list(rows))
    for employer_id, department_id in jobs.values_list("employer_id", "graduate__department_id"):
        row = rows[department_id]
        row.planned += employer_id in planned
        row.sent += employer_id in sent
        row.returned += employer_id in returned
        row.visited += employer_id in visited
    return CampaignProgress(campaign, plan_coverage(campaign), employers, list(rows.values()))
