"""Reads of the 毕业生调查: what a user sees (records' visibility: a 系部 its own department's graduates), the
response rate per department and class, and the 毕业生满意度 figures for the statistics and the reports."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from gradtrack.accounts import roles
from gradtrack.gradsurveys.models import (
    MATCHED,
    RATED_QUESTIONS,
    SATISFIED,
    GraduateResponse,
    Wave,
    WaveInvitation,
)
from gradtrack.records import selectors as records_selectors


def waves_visible_to(user) -> QuerySet[Wave]:
    """Waves are the school's; every staff member sees them (their graduates stay scoped)."""
    if roles.is_staff_user(user):
        return Wave.objects.all()
    return Wave.objects.none()


def invitations_visible_to(user) -> QuerySet[WaveInvitation]:
    return WaveInvitation.objects.filter(graduate__in=records_selectors.graduates_visible_to(user))


def responses_visible_to(user) -> QuerySet[GraduateResponse]:
    return GraduateResponse.objects.filter(invitation__in=invitations_visible_to(user))


def rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class RateRow:
    label: str
    invited: int
    responded: int
    department: str = ""

    @property
    def response_rate(self) -> float | None:
        return rate(self.responded, self.invited)


@dataclass
class ResponseRates:
    total: RateRow
    departments: list[RateRow] = field(default_factory=list)
    classes: list[RateRow] = field(default_factory=list)


def response_rates(wave: Wave, user) -> ResponseRates:
    """Invited and responded graduates of the wave that ``user`` sees, in total, per department and per class
    (counted live from the invitations)."""
    invitations = invitations_visible_to(user).filter(wave=wave)
    answered = Count("pk", filter=Q(response__isnull=False))
    totals = invitations.aggregate(invited=Count("pk"), responded=answered)
    by_department = (
        invitations.values("graduate__department__code", "graduate__department__name")
        .annotate(invited=Count("pk"), responded=answered)
        .order_by("graduate__department__code")
    )
    by_class = (
        invitations.values("graduate__department__code", "graduate__department__name", "graduate__class_name")
        .annotate(invited=Count("pk"), responded=answered)
        .order_by("graduate__department__code", "graduate__class_name")
    )
    return ResponseRates(
        total=RateRow(_("合计"), totals["invited"], totals["responded"]),
        departments=[
            RateRow(row["graduate__department__name"], row["invited"], row["responded"])
            for row in by_department
        ],
        classes=[
            RateRow(
                row["graduate__class_name"] or _("（未填班级）"),
                row["invited"],
                row["responded"],
                department=row["graduate__department__name"],
            )
            for row in by_class
        ],
    )


@dataclass
class QuestionFigure:
    key: str
    label: str
    n: int
    favourable: int

    @property
    def rate(self) -> float | None:
        return rate(self.favourable, self.n)


@dataclass
class SatisfactionFigures:
    """毕业生满意度: per question the answers (n), the favourable ones and their share (%), with the response rate."""

    label: str
    invited: int
    responded: int
    questions: list[QuestionFigure]

    @property
    def response_rate(self) -> float | None:
        return rate(self.responded, self.invited)

    @property
    def is_empty(self) -> bool:
        return not self.responded

    def as_dict(self) -> dict:
        return {
            "label": self.label,
            "invited": self.invited,
            "responded": self.responded,
            "response_rate": self.response_rate,
            "questions": [
                {"key": q.key, "label": str(q.label), "n": q.n, "favourable": q.favourable, "rate": q.rate}
                for q in self.questions
            ],
        }


def graduate_satisfaction(
    graduates=None, *, cohorts=None, kind: str | None = None, user=None
) -> SatisfactionFigures:
    """毕业生满意度 of the graduates given (default: all ``user`` sees), of the waves of ``cohorts`` (届 years) and
    ``kind`` (all when None): 工作、教学、就业指导服务 satisfaction (优秀 or 良好) and 专业对口 (完全 or 基本对口),
    each with its n, and the response rate of the waves."""
    invitations = WaveInvitation.objects.all()
    if graduates is not None:
        invitations = invitations.filter(graduate__in=graduates)
    elif user is not None:
        invitations = invitations_visible_to(user)
    if cohorts is not None:
        invitations = invitations.filter(wave__cohort__in=list(cohorts))
    if kind:
        invitations = invitations.filter(wave__kind=kind)
    responses = GraduateResponse.objects.filter(invitation__in=invitations)
    counts = {}
    for name, _question, _figure in RATED_QUESTIONS:
        counts[f"{name}_n"] = Count("pk", filter=~Q(**{name: ""}))
        counts[f"{name}_ok"] = Count("pk", filter=Q(**{f"{name}__in": SATISFIED}))
    counts["matching_n"] = Count("pk", filter=~Q(matching=""))
    counts["matching_ok"] = Count("pk", filter=Q(matching__in=MATCHED))
    counts["responded"] = Count("pk")
    row = responses.aggregate(**counts)
    questions = [
        QuestionFigure(name, str(figure), row[f"{name}_n"], row[f"{name}_ok"])
        for name, _q, figure in RATED_QUESTIONS
    ]
    questions.append(QuestionFigure("matching", _("专业对口率"), row["matching_n"], row["matching_ok"]))
    label_parts = []
    if cohorts:
        # Named by the 届 actually surveyed, so that a range never names a 届 without a wave.
        surveyed = invitations.order_by().values_list("wave__cohort", flat=True).distinct()
        years = sorted(set(surveyed)) or sorted(cohorts)
        label_parts.append(f"{years[0]}届" if len(years) == 1 else f"{years[0]}—{years[-1]}届")
    if kind:
        label_parts.append(str(Wave.Kind(kind).label))
    return SatisfactionFigures(
        label=" ".join(label_parts) or _("全部调查"),
        invited=invitations.count(),
        responded=row["responded"],
        questions=questions,
    )
