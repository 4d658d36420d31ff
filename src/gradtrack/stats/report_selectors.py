"""Reads only the written reports need (issue 14), beside the figures of stats.selectors: which 届 of a range
have graduates, the tracking work done (services, follow-ups by channel, verifications, 违规记录), the
employers' 意见和建议 of a scope, and the staff-written text of a year's report with its draft."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from gradtrack.records.models import Department
from gradtrack.stats.models import ReportText
from gradtrack.stats.selectors import Cohorts, Scope, feedback_responses
from gradtrack.surveys.models import EmployerResponse, ResponseGraduate
from gradtrack.tracking.models import FollowUpContact, TrackingService, Verification, ViolationFlag


def cohorts_with_data(scope: Scope, first: int, last: int) -> Cohorts | None:
    """The 届 from the first one of first…last that has graduates in the scope up to ``last`` (None when none
    has): a report never names a range ("2023—2025届") whose first 届 has nobody."""
    years = (
        scope.graduates()
        .filter(graduation_year__gte=first, graduation_year__lte=last)
        .order_by("graduation_year")
        .values_list("graduation_year", flat=True)
    )
    found = years.first()
    return Cohorts(found, last) if found is not None else None


# --- Tracking work (POLICY §2, §4) ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LabelledCount:
    label: str
    count: int
    detail: int = 0  # a second count of the row (reached contacts, open flags)


@dataclass(frozen=True)
class TrackingWork:
    cohorts: Cohorts
    services: int  # graduates with a tracking service
    active_services: int
    contacts: list[LabelledCount]  # follow-ups by channel; detail = reached
    verifications: list[LabelledCount]  # by outcome
    violations: int
    open_violations: int

    @property
    def contact_total(self) -> int:
        return sum(row.count for row in self.contacts)

    @property
    def reached_total(self) -> int:
        return sum(row.detail for row in self.contacts)

    @property
    def verification_total(self) -> int:
        return sum(row.count for row in self.verifications)


def tracking_work(scope: Scope, cohorts: Cohorts) -> TrackingWork:
    """Services, follow-ups, verifications and 违规记录 of the scope's graduates of the cohorts, in four queries."""
    graduates = cohorts.graduates(scope.graduates()).order_by().values("pk")
    services = TrackingService.objects.filter(graduate__in=graduates).aggregate(
        total=Count("pk"), active=Count("pk", filter=Q(status=TrackingService.Status.ACTIVE))
    )
    contact_rows = {
        row["channel"]: row
        for row in FollowUpContact.objects.filter(service__graduate__in=graduates)
        .order_by()
        .values("channel")
        .annotate(n=Count("pk"), reached=Count("pk", filter=Q(reached=True)))
    }
    outcome_rows = dict(
        Verification.objects.filter(service__graduate__in=graduates)
        .order_by()
        .values_list("outcome")
        .annotate(n=Count("pk"))
    )
    flags = ViolationFlag.objects.filter(service__graduate__in=graduates).aggregate(
        total=Count("pk"), open=Count("pk", filter=Q(resolved_at__isnull=True))
    )
    return TrackingWork(
        cohorts=cohorts,
        services=services["total"],
        active_services=services["active"],
        contacts=[
            LabelledCount(
                str(label),
                contact_rows.get(value, {}).get("n", 0),
                contact_rows.get(value, {}).get("reached", 0),
            )
            for value, label in FollowUpContact.Channel.choices
        ],
        verifications=[
            LabelledCount(str(label), outcome_rows.get(value, 0))
            for value, label in Verification.Outcome.choices
        ],
        violations=flags["total"],
        open_violations=flags["open"],
    )


# --- The employers' 意见和建议 -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    text: str
    nature: str  # the employer's 单位性质: how a report quotes it
    employer: str = (
        ""  # its name, quoted only when staff choose (documents.build_report(name_employers=True))
    )


def _nature_label(response: EmployerResponse) -> str:
    if response.nature:
        return response.get_nature_display()
    if response.nature_code_id:
        return response.nature_code.name
    employer_nature = response.invitation.employer.nature
    return employer_nature.name if employer_nature else _("用人单位")


def employer_suggestions(scope: Scope, cohorts: Cohorts, year: int) -> list[Suggestion]:
    """Every non-empty 意见和建议 of the submitted responses that name a graduate of the scope and cohorts; for
    the school, also those of the year's campaigns that name nobody (they are the school's too). Oldest first."""
    responses = feedback_responses(cohorts.graduates(scope.graduates()))
    if scope.kind == "school":
        named = ResponseGraduate.objects.filter(response=OuterRef("pk"))
        unnamed = EmployerResponse.objects.filter(
            submitted_at__isnull=False, invitation__campaign__year=year
        ).exclude(Exists(named))
        responses = EmployerResponse.objects.filter(
            Q(pk__in=responses.values("pk")) | Q(pk__in=unnamed.values("pk"))
        )
    responses = (
        responses.exclude(suggestions="")
        .select_related("nature_code", "invitation__employer__nature")
        .order_by("submitted_at", "pk")
    )
    return [
        Suggestion(
            response.suggestions.strip(),
            _nature_label(response),
            response.unit_name.strip() or response.invitation.employer.name,
        )
        for response in responses
        if response.suggestions.strip()
    ]


# --- Staff-written text ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportTextDraft:
    """The text for a year's report: the saved one, else the latest earlier year's as a starting point."""

    foreword: str
    improvements: str
    saved: ReportText | None
    from_year: int | None  # the earlier year the draft comes from (None when saved or when there is none)


def report_text_draft(year: int, department: Department | None) -> ReportTextDraft:
    texts = ReportText.objects.filter(department=department)
    saved = texts.filter(year=year).first()
    if saved is not None:
        return ReportTextDraft(saved.foreword, saved.improvements, saved, None)
    earlier = texts.filter(year__lt=year).order_by("-year").first()
    if earlier is not None:
        return ReportTextDraft(earlier.foreword, earlier.improvements, None, earlier.year)
    return ReportTextDraft("", "", None, None)


TEXT_SCOPE_KINDS = ("school", "dept")  # whose reports carry staff-written text


def report_text_department(scope: Scope) -> Department | None:
    """The department whose text a report of ``scope`` uses (None: the school's; see TEXT_SCOPE_KINDS)."""
    if scope.kind == "dept":
        return Department.objects.filter(code=scope.code).first()
    return None


def report_text_for(scope: Scope, year: int) -> ReportText | None:
    """The saved text a report of the scope and year prints (a 专业大类 or 专业 report has none of its own)."""
    if scope.kind not in TEXT_SCOPE_KINDS:
        return None
    return report_text_draft(year, report_text_department(scope)).saved
