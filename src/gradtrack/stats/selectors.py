"""The one statistics module (POLICY §9–§10): every figure is defined here once, beside its definition, and
computed by database aggregation. Pages, documents, exports and the API all read their numbers from here.

A figure is computed for a *scope* (the school, a 系, a 专业大类 or a 专业 — always within what the user may
see, records.selectors) and a *cohort range* (届 from…to).

Definitions (the words used in every report; the sources are core/reference/, README.md there):
- 毕业人数 (毕业学生人数): graduates of the scope and cohorts.
- 毕业去向: each graduate's is one of the 中职 groups (core.Destination, destinations.csv scheme zhongzhi); the
  高校 code (core.DestinationCode) is an optional detail and counts nothing.
- 就业人数 (就业学生人数): the groups that count as 就业学生 — 到国家机关、企事业单位就业, 合法从事个体经营,
  以其他方式就业 and 升入各类高一级学校 (Destination.counts_as_employed). 升学 is inside 就业.
- 直接就业人数 = 就业 − 升学: the three groups of direct employment (Destination.direct_employment).
- 对口就业人数: directly employed graduates whose current job is marked 专业对口.
- The rates (就业率, 直接就业率, 升学率, 对口就业率) are Figures' properties, each with its source.
- 平均月薪: the average monthly salary of the graduates' current jobs (jobs with no 离职日期) that have one.
- 起薪: the 起薪 of a graduate's first job (earliest 入职日期), never a later raise, as ``starting_salary_field``
  names it; 平均起薪 averages those on file, and the 起薪 bands (PolicySettings.starting_salary_bands) count them.
- 留存率: first jobs that are still current ÷ first jobs (the graduate still works where they started).
- Mixes (单位性质, 行业, 产业, 就业地域, 城乡, 合同期限, 社会保险, 就业渠道): current jobs of the graduates.
- Flagged for checking: a 12 其他录用形式 or 76 自由职业 detail whose current salary is below the local minimum
  wage (PolicySettings); no 毕业去向; a direct-employment outcome with no current salary on file.
Rates are percentages rounded half-up to one decimal; a rate over nothing is None (shown as "—").
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.forms.models import model_to_dict
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gradtrack.accounts import roles
from gradtrack.core import figures_cache
from gradtrack.core.models import (
    CONTRACT_TERM_BOUNDS,
    Destination,
    EmployerNature,
    Industry,
    MajorCategory,
    PolicySettings,
    SchoolProfile,
    band_bounds,
)
from gradtrack.records import selectors
from gradtrack.records.models import Department, Employment, Graduate, Major
from gradtrack.replacement.models import ReplacementRequest
from gradtrack.surveys import selectors as survey_selectors
from gradtrack.surveys.models import RATING_ITEMS, Campaign, EmployerResponse, Rating, ResponseGraduate
from gradtrack.tracking.models import AccidentCase, ChangeReport

ONE_DECIMAL = Decimal("0.1")
WHOLE_YUAN = Decimal("1")

# The two 高校 codes whose pay POLICY §10 checks against the local minimum wage (the wage is a setting); 教学厅函
# 〔2021〕19号 附件2 asks the same of 27, which the 中职 groups do not use (destinations.csv, C3).
WAGE_CHECKED_DESTINATIONS = ("12", "76")


def percent(part: int, whole: int) -> Decimal | None:
    """part ÷ whole as a percentage with one decimal, rounded half-up; None when there is nothing to divide."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def yuan(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(WHOLE_YUAN, rounding=ROUND_HALF_UP)


# --- Scope and cohorts --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Whose graduates a figure counts: ``kind`` is school, dept, category or major; ``code`` names it."""

    kind: str
    code: str
    label: str
    base: QuerySet = field(repr=False, compare=False)
    audience: str = "all"  # whose view ``base`` is: "all", or the ids of the departments the user sees

    KINDS = ("school", "dept", "category", "major")

    @property
    def key(self) -> str:
        return "school" if self.kind == "school" else f"{self.kind}:{self.code}"

    def graduates(self) -> QuerySet[Graduate]:
        lookups = {"dept": "department__code", "category": "major__category__code", "major": "major__code"}
        if self.kind == "school":
            return self.base
        return self.base.filter(**{lookups[self.kind]: self.code})


def resolve_scope(user, key: str | None) -> Scope:
    """The scope named by ``key`` ("school", "dept:JD", "category:66", "major:660301") within what ``user`` sees.

    ``user`` None means the whole school (the ``report`` command). A scope the user may not see is a 404.
    """
    key = (key or "school").strip()
    kind, _sep, code = key.partition(":")
    if kind not in Scope.KINDS or (kind == "school") == bool(code):
        raise ValueError(_("统计范围无效：%(key)s") % {"key": key})
    base = selectors.counted_in_statistics(
        Graduate.objects.all() if user is None else selectors.graduates_visible_to(user)
    )
    audience = selectors.visibility_key(user)
    if kind == "school":
        return Scope("school", "", school_label(user), base, audience)
    if kind == "dept":
        departments = selectors.departments_visible_to(user) if user is not None else Department.objects.all()
        department = departments.filter(code=code).first()
        if department is None:
            raise Http404(_("系部不存在或无权查看"))
        return Scope("dept", code, department.name, base, audience)
    if kind == "major":
        majors = selectors.majors_visible_to(user) if user is not None else Major.objects.all()
        major = majors.filter(code=code).first()
        if major is None:
            raise Http404(_("专业不存在或无权查看"))
        return Scope("major", code, major.name, base, audience)
    category = MajorCategory.objects.filter(code=code).first()
    if category is None:
        raise Http404(_("专业大类不存在"))
    return Scope("category", code, category.name, base, audience)


def school_label(user) -> str:
    if user is None or roles.sees_whole_school(user):
        return SchoolProfile.current().name
    names = "、".join(selectors.departments_visible_to(user).values_list("name", flat=True))
    return names or _("（无系部）")


def scope_choices(user) -> list[tuple[str, str]]:
    """The scopes a user may pick, as (key, label): the school, then each visible 系, 专业大类 and 专业."""
    choices = [("school", school_label(user))]
    departments = selectors.departments_visible_to(user)
    choices += [(f"dept:{d.code}", f"{_('系部')}：{d.name}") for d in departments]
    majors = selectors.majors_visible_to(user).select_related("category").order_by("code")
    categories = {m.category for m in majors}
    choices += [
        (f"category:{c.code}", f"{_('专业大类')}：{c.name}") for c in sorted(categories, key=lambda c: c.code)
    ]
    choices += [(f"major:{m.code}", f"{_('专业')}：{m.name}") for m in majors]
    return choices


@dataclass(frozen=True)
class Cohorts:
    first: int
    last: int

    @property
    def years(self) -> list[int]:
        return list(range(self.first, self.last + 1))

    @property
    def label(self) -> str:
        if self.first == self.last:
            return f"{self.first}届"
        return f"{self.first}—{self.last}届"

    def graduates(self, graduates: QuerySet[Graduate]) -> QuerySet[Graduate]:
        return graduates.filter(graduation_year__gte=self.first, graduation_year__lte=self.last)


def latest_cohort(today: datetime.date | None = None) -> int:
    """The most recent 届 that has graduated by today (graduates leave in June–July)."""
    today = today or timezone.localdate()
    years = Graduate.objects.filter(graduation_year__lte=today.year).order_by("-graduation_year")
    latest = years.values_list("graduation_year", flat=True).first()
    return latest or today.year


# --- Counts of graduates and outcomes ----------------------------------------------------------------------


def current_jobs(graduates: QuerySet[Graduate]) -> QuerySet[Employment]:
    """The graduates' current jobs (no 离职日期), at most one each."""
    return Employment.objects.filter(end_date__isnull=True, graduate__in=graduates.order_by().values("pk"))


def _earlier_jobs() -> QuerySet[Employment]:
    """The jobs of the same graduate that started before the outer job (same day: entered before it)."""
    return Employment.objects.filter(graduate=OuterRef("graduate")).filter(
        Q(start_date__lt=OuterRef("start_date")) | Q(start_date=OuterRef("start_date"), pk__lt=OuterRef("pk"))
    )


def first_jobs(graduates: QuerySet[Graduate]) -> QuerySet[Employment]:
    """Each graduate's first job: no job of theirs started earlier (same day: the one entered first)."""
    return Employment.objects.filter(graduate__in=graduates.order_by().values("pk")).exclude(
        Exists(_earlier_jobs())
    )


def _matched_job():
    return Employment.objects.filter(graduate=OuterRef("pk"), end_date__isnull=True, matches_major=True)


OUTCOME_COUNTS = {
    # 毕业人数
    "graduates": lambda: Count("pk"),
    # 就业人数 (就业 + 升学 + 参军)
    "employed": lambda: Count("pk", filter=Q(destination__counts_as_employed=True)),
    # 直接就业人数
    "direct": lambda: Count("pk", filter=Q(destination__direct_employment=True)),
    # 对口就业人数: directly employed with a current job marked 专业对口
    "matched": lambda: Count("pk", filter=Q(destination__direct_employment=True) & Q(Exists(_matched_job()))),
    "further_study": lambda: Count("pk", filter=Q(destination__group=Destination.Group.FURTHER_STUDY)),
    "military": lambda: Count("pk", filter=Q(destination__group=Destination.Group.MILITARY)),
    "not_employed": lambda: Count("pk", filter=Q(destination__group=Destination.Group.NOT_EMPLOYED)),
    "no_destination": lambda: Count("pk", filter=Q(destination__isnull=True)),
}

# Sums and counts, not averages, so that the figures of a group add up from those of its parts (_rollup).
JOB_AGGREGATES = {
    # 平均月薪 of current jobs = salary_sum ÷ salaries
    "salary_sum": lambda: Sum("monthly_salary"),
    "salaries": lambda: Count("monthly_salary"),
    "current_jobs": lambda: Count("pk"),
}


def starting_salary_field() -> str:
    """The field of a first job (``first_jobs``) that holds its 起薪: the salary entered with the job, kept when
    later raises and cuts are recorded as dated salary changes (POLICY §1)."""
    return "starting_salary"


FIRST_JOB_AGGREGATES = {
    # 平均起薪 = starting_salary_sum ÷ starting_salaries
    "starting_salary_sum": lambda: Sum(starting_salary_field()),
    "starting_salaries": lambda: Count(starting_salary_field()),
    "first_jobs": lambda: Count("pk"),
    # 留存: first jobs still current
    "retained": lambda: Count("pk", filter=Q(end_date__isnull=True)),
}


@dataclass
class Figures:
    """The headline figures of one group of graduates; rates are derived, never stored."""

    graduates: int = 0
    employed: int = 0
    direct: int = 0
    matched: int = 0
    further_study: int = 0
    military: int = 0
    not_employed: int = 0
    no_destination: int = 0
    average_salary: Decimal | None = None
    salaries: int = 0
    current_jobs: int = 0
    starting_salary: Decimal | None = None
    first_jobs: int = 0
    retained: int = 0

    @property
    def employment_rate(self) -> Decimal | None:
        """就业率 = 就业学生人数 ÷ 毕业学生人数, 升学 counted among 就业学生.

        Source: the 就业率 column of the 湖南2011 and 广东2013 中职 就业情况统计表 (provincial_employment_table_
        columns.csv), checked on 教育部's national figures (2012: 637.51 ÷ 658.21 = 96.85 %; 2015: 496.42 ÷
        515.47 = 96.30 %); 升学 inside 就业学生 per destinations.csv ZZ-S and ZZ-AGG-EMP (P2–P6)."""
        return percent(self.employed, self.graduates)

    @property
    def direct_employment_rate(self) -> Decimal | None:
        """直接就业率 = 直接就业人数 ÷ 毕业学生人数, 直接就业 = 就业学生 − 升学.

        Source: destinations.csv ZZ-AGG-DIR — 教育部 and 广东 releases use 直接就业 (P4, P5, P7, P8); the
        equation is inferred there (confirmed=no), not stated in an official text."""
        return percent(self.direct, self.graduates)

    @property
    def further_study_rate(self) -> Decimal | None:
        """升学率 = 升入各类高一级学校人数 ÷ 毕业学生人数.

        Source: destinations.csv ZZ-S, the last group of 就业去向分组（一） (P2–P6); the national releases give it
        as a share of 就业学生 too (2015: 20.02 %) — this figure is over all graduates, like 就业率."""
        return percent(self.further_study, self.graduates)

    @property
    def matched_rate(self) -> Decimal | None:
        """对口就业率 = 对口就业人数 ÷ 直接就业人数.

        Source: the 对口就业率 column of the 广东2013 table (provincial_employment_table_columns.csv), with
        广东2019 (17.20万 直接就业, 15.40万 对口: 89.54 %) and the 2013 national release (P7, P10)."""
        return percent(self.matched, self.direct)

    @property
    def retention_rate(self) -> Decimal | None:
        """留存率 = 仍在首份工作的人数 ÷ 有首份工作记录的人数."""
        return percent(self.retained, self.first_jobs)

    def as_dict(self) -> dict:
        return {
            "graduates": self.graduates,
            "employed": self.employed,
            "employment_rate": self.employment_rate,
            "direct": self.direct,
            "direct_employment_rate": self.direct_employment_rate,
            "matched": self.matched,
            "matched_rate": self.matched_rate,
            "further_study": self.further_study,
            "further_study_rate": self.further_study_rate,
            "military": self.military,
            "not_employed": self.not_employed,
            "no_destination": self.no_destination,
            "current_jobs": self.current_jobs,
            "average_salary": self.average_salary,
            "starting_salary": self.starting_salary,
            "first_jobs": self.first_jobs,
            "retained": self.retained,
            "retention_rate": self.retention_rate,
        }


def figure_labels() -> dict[str, str]:
    """The Chinese name of each figure, as every page, document and export prints it."""
    return {
        "graduates": _("毕业人数"),
        "employed": _("就业人数"),
        "employment_rate": _("就业率（%）"),
        "direct": _("直接就业人数"),
        "direct_employment_rate": _("直接就业率（%）"),
        "matched": _("对口就业人数"),
        "matched_rate": _("对口就业率（%）"),
        "further_study": _("升学人数"),
        "further_study_rate": _("升学率（%）"),
        "military": _("参军人数"),
        "not_employed": _("未就业人数"),
        "no_destination": _("去向未填人数"),
        "current_jobs": _("在职人数"),
        "average_salary": _("平均月薪（元）"),
        "starting_salary": _("平均起薪（元）"),
        "first_jobs": _("有首份工作记录人数"),
        "retained": _("仍在首份工作人数"),
        "retention_rate": _("留存率（%）"),
    }


GROUPINGS = {
    # name: (code field, label field) on Graduate
    "cohort": ("graduation_year", "graduation_year"),
    "department": ("department__code", "department__name"),
    "category": ("major__category__code", "major__category__name"),
    "major": ("major__code", "major__name"),
}


@dataclass
class GroupFigures:
    key: str
    label: str
    figures: Figures


def _aggregate(queryset: QuerySet, aggregates: dict, group: Sequence[str] = ()) -> dict:
    """{group key tuple: {name: value}} in one query; the whole queryset under () when there is no group."""
    expressions = {name: make() for name, make in aggregates.items()}
    if not group:
        return {(): queryset.order_by().aggregate(**expressions)}
    rows = queryset.order_by().values(*group).annotate(**expressions)
    return {tuple(row[g] for g in group): row for row in rows}


# The finest grouping every other one adds up from: a 专业 belongs to one 系 and one 专业大类.
ROLLUP_FIELDS = (
    "graduation_year",
    "department__code",
    "department__name",
    "major__category__code",
    "major__category__name",
    "major__code",
    "major__name",
)
SUMMED = (*OUTCOME_COUNTS, *JOB_AGGREGATES, *FIRST_JOB_AGGREGATES)


def figure_rows(graduates: QuerySet[Graduate]) -> list[dict]:
    """The counts and sums of each 届 × 专业 in three queries, whatever the number of graduates or groups."""
    job_group = tuple(f"graduate__{name}" for name in ROLLUP_FIELDS)
    outcomes = _aggregate(graduates, OUTCOME_COUNTS, ROLLUP_FIELDS)
    jobs = _aggregate(current_jobs(graduates), JOB_AGGREGATES, job_group)
    firsts = _aggregate(first_jobs(graduates), FIRST_JOB_AGGREGATES, job_group)
    rows = []
    for key, outcome in outcomes.items():
        row = dict(zip(ROLLUP_FIELDS, key, strict=True))
        for source, names in ((outcome, OUTCOME_COUNTS), (jobs.get(key, {}), JOB_AGGREGATES)):
            row.update({name: source.get(name) or 0 for name in names})
        row.update({name: firsts.get(key, {}).get(name) or 0 for name in FIRST_JOB_AGGREGATES})
        rows.append(row)
    return rows


def _figures_from(sums: dict) -> Figures:
    figures = Figures(**{name: sums[name] for name in SUMMED if name in Figures.__dataclass_fields__})
    if sums["salaries"]:
        figures.average_salary = yuan(Decimal(sums["salary_sum"]) / sums["salaries"])
    if sums["starting_salaries"]:
        figures.starting_salary = yuan(Decimal(sums["starting_salary_sum"]) / sums["starting_salaries"])
    return figures


def _rollup(rows: list[dict], grouping: str | None) -> dict[tuple, tuple[str, Figures]]:
    """The figures of each group (the whole under () when ``grouping`` is None), added up from ``rows``."""
    code_field, label_field = GROUPINGS[grouping] if grouping else ("", "")
    sums: dict[tuple, dict] = {}
    for row in rows:
        key = (row[code_field], row[label_field]) if grouping else ()
        total = sums.setdefault(key, dict.fromkeys(SUMMED, 0))
        for name in SUMMED:
            total[name] += row[name]
    return {key: (str(key[1]) if grouping else "", _figures_from(total)) for key, total in sums.items()}


def _groups(rows: list[dict], grouping: str) -> list[GroupFigures]:
    found = _rollup(rows, grouping)
    groups = [GroupFigures(str(key[0]), label, figures) for key, (label, figures) in found.items()]
    return sorted(groups, key=lambda group: group.key)


def _total(rows: list[dict]) -> Figures:
    return _rollup(rows, None).get((), ("", Figures()))[1]


def summary(graduates: QuerySet[Graduate]) -> Figures:
    """The headline figures of all these graduates."""
    return _total(figure_rows(graduates))


def figures_by(graduates: QuerySet[Graduate], grouping: str) -> list[GroupFigures]:
    """The headline figures per 届, 系, 专业大类 or 专业, ordered by code."""
    return _groups(figure_rows(graduates), grouping)


@dataclass(frozen=True)
class Share:
    key: str
    label: str
    count: int
    percent: Decimal | None


def _shares(counts: list[tuple[str, str, int]]) -> list[Share]:
    total = sum(count for _key, _label, count in counts)
    return [Share(str(key), str(label), count, percent(count, total)) for key, label, count in counts]


def destination_mix(graduates: QuerySet[Graduate]) -> list[Share]:
    """毕业去向 by 中职 group, every group of the table (zeros included) and the unfilled."""
    counts = dict(graduates.order_by().values_list("destination__code").annotate(n=Count("pk")))
    rows = [(d.code, d.name, counts.get(d.code, 0)) for d in Destination.objects.all()]
    if counts.get(None):
        rows.append(("", _("未填"), counts[None]))
    return _shares(rows)


@dataclass(frozen=True)
class JobMix:
    """One mix of the current jobs: its values in order as (key, label, condition on a job), the condition and
    label of a job with no value, and whether values nobody has are left out (long code tables) or shown as 0
    (short choice lists)."""

    values: list[tuple[str, str, Q]]
    unknown: Q
    unknown_label: str
    drop_zeros: bool = False


def _choice_mix(field_name: str, choices, unknown_label: str, *, drop_zeros: bool = False) -> JobMix:
    unknown = Q(**{f"{field_name}__isnull": True})
    if not field_name.startswith("employer__") and field_name != "social_insurance":
        unknown |= Q(**{field_name: ""})
    values = [(str(value), str(label), Q(**{field_name: value})) for value, label in choices]
    return JobMix(values, unknown, unknown_label, drop_zeros)


def industry_sections() -> list[tuple[str, str, Q]]:
    """GB/T 4754 门类 of a job's employer, whether its industry is recorded at 门类 or at 大类 level."""
    return [
        (i.code, i.name, Q(employer__industry=i) | Q(employer__industry__section=i))
        for i in Industry.objects.filter(section__isnull=True)
    ]


def sector_columns() -> list[tuple[str, str, Q]]:
    """三次产业 of a job's employer: the 产业 of its 大类 where the 大类 is known (05, 11 and 43 are 第三产业 under
    《三次产业划分规定》 as revised in 2018, industry_gbt4754_2017.csv), else that of its 门类."""
    return [
        (str(value), str(label), Q(employer__industry__sector=value))
        for value, label in Industry.Sector.choices
    ]


# The end (in years) of each contract term a job records (records.Employment.ContractTerm); gt3 has none.
RECORDED_CONTRACT_TERMS = dict(zip(("le1", "1to2", "2to3"), CONTRACT_TERM_BOUNDS, strict=True))


def contract_term_bands(policy: PolicySettings) -> list[tuple[str, str, Q]]:
    """劳动合同期限 in the bands of the settings (PolicySettings.contract_term_bands: the 广东2013 table's
    1年及以内, 1-2（含）年, 2-3（含）年, 3年以上 by default), with 未签合同 first; a band joins the recorded terms
    that end inside it."""
    bounds = band_bounds(policy.contract_term_bands)
    bands = [("none", _("未签合同"), Q(contract_term=Employment.ContractTerm.NONE))]
    lower = None
    for upper in bounds:
        terms = [
            t for t, end in RECORDED_CONTRACT_TERMS.items() if end <= upper and (lower is None or end > lower)
        ]
        if lower is None:
            key, label = f"le{upper}", _("%(upper)s年及以内") % {"upper": upper}
        else:
            key, label = (
                f"{lower}to{upper}",
                _("%(lower)s-%(upper)s（含）年") % {"lower": lower, "upper": upper},
            )
        bands.append((key, label, Q(contract_term__in=terms)))
        lower = upper
    longer = [t for t, end in RECORDED_CONTRACT_TERMS.items() if end > lower] + [
        Employment.ContractTerm.OVER_3
    ]
    bands.append((f"gt{lower}", _("%(lower)s年以上") % {"lower": lower}, Q(contract_term__in=longer)))
    return bands


def job_mix_definitions(policy: PolicySettings) -> dict[str, JobMix]:
    """The mixes of current jobs (POLICY §10), by name."""
    unknown = _("未填")
    no_industry = Q(employer__industry__isnull=True)
    return {
        # 单位性质 of the current jobs' employers (MoE codes)
        "employer_natures": _choice_mix(
            "employer__nature__code",
            [(n.code, n.name) for n in EmployerNature.objects.all()],
            unknown,
            drop_zeros=True,
        ),
        # 行业 (GB/T 4754 门类)
        "industries": JobMix(industry_sections(), no_industry, unknown, True),
        # 第一/二/三产业
        "sectors": JobMix(sector_columns(), no_industry, _("行业未填")),
        # 就业地域: 本地 / 异地 / 境外
        "localities": _choice_mix("locality", Employment.Locality.choices, unknown),
        # 城区 / 镇区 / 乡村
        "area_types": _choice_mix("area_type", Employment.AreaType.choices, unknown),
        # 劳动合同期限, in the bands of the settings
        "contract_terms": JobMix(
            contract_term_bands(policy), Q(contract_term__isnull=True) | Q(contract_term=""), unknown
        ),
        # 社会保险: 有 / 无
        "social_insurance": _choice_mix(
            "social_insurance", [(True, _("有社会保险")), (False, _("无社会保险"))], unknown
        ),
        # 就业渠道: 学校推荐 / 中介介绍 / 其他渠道
        "channels": _choice_mix("channel", Employment.Channel.choices, unknown),
    }


def job_mixes(graduates: QuerySet[Graduate], policy: PolicySettings) -> dict[str, list[Share]]:
    """Every mix of the graduates' current jobs, in one query."""
    definitions = job_mix_definitions(policy)
    aggregates = {}
    for name, mix in definitions.items():
        for index, (_key, _label, condition) in enumerate(mix.values):
            aggregates[f"{name}__{index}"] = Count("pk", filter=condition)
        aggregates[f"{name}__unknown"] = Count("pk", filter=mix.unknown)
    counts = current_jobs(graduates).order_by().aggregate(**aggregates)
    result = {}
    for name, mix in definitions.items():
        rows = [(key, label, counts[f"{name}__{index}"]) for index, (key, label, _c) in enumerate(mix.values)]
        if mix.drop_zeros:
            rows = [row for row in rows if row[2]]
        if counts[f"{name}__unknown"]:
            rows.append(("", mix.unknown_label, counts[f"{name}__unknown"]))
        result[name] = _shares(rows)
    return result


def starting_salary_bands(policy: PolicySettings) -> list[tuple[str, str, Q]]:
    """起薪 bands as (key, label, condition on a first job), from PolicySettings.starting_salary_bands: each bound
    is the top of its band (1000,2000,3000 → 1000及以下, 1001–2000, 2001–3000, 3000以上)."""
    salary = starting_salary_field()
    bands = []
    lower = None
    for upper in band_bounds(policy.starting_salary_bands):
        condition = Q(**{f"{salary}__lte": upper})
        if lower is None:
            label = _("%(upper)s及以下") % {"upper": upper}
        else:
            label = f"{lower + 1}–{upper}"
            condition &= Q(**{f"{salary}__gt": lower})
        bands.append((f"salary_le{upper}", label, condition))
        lower = upper
    bands.append((f"salary_gt{lower}", _("%(lower)s以上") % {"lower": lower}, Q(**{f"{salary}__gt": lower})))
    return bands


def salary_distribution(graduates: QuerySet[Graduate], policy: PolicySettings) -> list[Share]:
    """起薪 of the graduates' first jobs in the bands of the settings, one query."""
    bands = starting_salary_bands(policy)
    aggregates = {key: Count("pk", filter=condition) for key, _label, condition in bands}
    counts = first_jobs(graduates).order_by().aggregate(**aggregates)
    return _shares([(key, label, counts[key]) for key, label, _c in bands])


# --- Records flagged for checking --------------------------------------------------------------------------


def flag_labels() -> dict[str, str]:
    return {
        "below_minimum_wage": _("去向代码12/76而月薪低于当地最低工资标准"),
        "missing_destination": _("未填毕业去向"),
        "missing_salary": _("直接就业但无在职月薪"),
    }


def _with_current_salary(graduates: QuerySet[Graduate]) -> QuerySet[Graduate]:
    salary = Employment.objects.filter(graduate=OuterRef("pk"), end_date__isnull=True).values(
        "monthly_salary"
    )
    return graduates.annotate(current_salary=Subquery(salary[:1]))


def flag_conditions(policy: PolicySettings) -> dict[str, Q]:
    """Each reason as a condition on graduates annotated with current_salary (see _with_current_salary)."""
    return {
        "below_minimum_wage": Q(
            destination_detail__code__in=WAGE_CHECKED_DESTINATIONS,
            current_salary__lt=policy.local_minimum_wage,
        ),
        "missing_destination": Q(destination__isnull=True),
        "missing_salary": Q(destination__direct_employment=True, current_salary__isnull=True),
    }


def flagged_counts(graduates: QuerySet[Graduate], policy: PolicySettings) -> dict[str, int]:
    conditions = flag_conditions(policy)
    any_flag = Q()
    for condition in conditions.values():
        any_flag |= condition
    aggregates = {name: Count("pk", filter=condition) for name, condition in conditions.items()}
    aggregates["total"] = Count("pk", filter=any_flag)
    return _with_current_salary(graduates).order_by().aggregate(**aggregates)


def flagged_graduates(graduates: QuerySet[Graduate], policy: PolicySettings) -> QuerySet[Graduate]:
    """Graduates with at least one reason, each reason as a boolean annotation named after it."""
    conditions = flag_conditions(policy)
    any_flag = Q()
    for condition in conditions.values():
        any_flag |= condition
    annotated = _with_current_salary(graduates).annotate(
        **{
            # CASE, not the bare condition: a NULL destination would make the condition NULL, not false
            f"flag_{name}": Case(When(condition, then=True), default=False, output_field=BooleanField())
            for name, condition in conditions.items()
        }
    )
    return (
        annotated.filter(any_flag)
        .select_related("department", "major", "destination", "destination_detail")
        .order_by("graduation_year", "department__code", "student_no")
    )


# --- The provincial table's check list (核对清单) ----------------------------------------------------------
#
# A record makes a figure of the provincial table questionable when the figure counts it on a value that is
# doubtful (a 起薪 below the local minimum wage, PolicySettings) or cannot count it for want of a value (no 对口
# judgement, no 行业, no 就业地域 …). Each reason names the figures it affects (keys of ``provincial_rows``, a
# trailing "_" for a family of columns), so that a table lists only the reasons its columns need.


@dataclass(frozen=True)
class CheckReason:
    label: str
    condition: Q  # on graduates annotated by ``_with_current_salary``
    figures: tuple[str, ...]  # the figure keys it makes questionable; () for every table

    def applies_to(self, figure_keys) -> bool:
        return not self.figures or any(
            key == figure or (figure.endswith("_") and key.startswith(figure))
            for figure in self.figures
            for key in figure_keys
        )


def _current_job_where(condition: Q) -> Q:
    return Q(Exists(Employment.objects.filter(condition, graduate=OuterRef("pk"), end_date__isnull=True)))


def _first_job_where(condition: Q) -> Q:
    first = Employment.objects.filter(condition, graduate=OuterRef("pk")).exclude(Exists(_earlier_jobs()))
    return Q(Exists(first))


def _blank(field_name: str) -> Q:
    return Q(**{field_name: ""}) | Q(**{f"{field_name}__isnull": True})


def check_reasons(policy: PolicySettings) -> dict[str, CheckReason]:
    """Every reason a record is listed on the check sheet, by name; the first three are the flags of the
    statistics page (flag_conditions)."""
    flags, labels = flag_conditions(policy), flag_labels()
    salary = starting_salary_field()
    direct = Q(destination__direct_employment=True)
    reasons = {name: CheckReason(labels[name], condition, ()) for name, condition in flags.items()}
    reasons.update(
        starting_salary_below_minimum_wage=CheckReason(
            _("起薪低于当地最低工资标准"),
            _first_job_where(Q(**{f"{salary}__lt": policy.local_minimum_wage})),
            (),
        ),
        missing_match=CheckReason(
            _("直接就业但未判定是否专业对口"),
            direct & _current_job_where(Q(matches_major__isnull=True)),
            ("matched", "matched_rate"),
        ),
        missing_industry=CheckReason(
            _("在职工作的单位未填行业（三次产业）"),
            _current_job_where(Q(employer__industry__isnull=True)),
            ("sector_",),
        ),
        missing_locality=CheckReason(
            _("在职工作未填就业地域"), _current_job_where(_blank("locality")), ("locality_",)
        ),
        missing_area_type=CheckReason(
            _("在职工作未填城乡类别"), _current_job_where(_blank("area_type")), ("area_type_",)
        ),
        missing_channel=CheckReason(
            _("在职工作未填就业渠道"), _current_job_where(_blank("channel")), ("channel_",)
        ),
        missing_contract_term=CheckReason(
            _("在职工作未填劳动合同期限"), _current_job_where(_blank("contract_term")), ("contract_term_",)
        ),
        missing_social_insurance=CheckReason(
            _("在职工作未填社会保险"),
            _current_job_where(Q(social_insurance__isnull=True)),
            ("social_insurance",),
        ),
        missing_starting_salary=CheckReason(
            _("首份工作未填起薪"), _first_job_where(Q(**{f"{salary}__isnull": True})), ("salary_",)
        ),
    )
    return reasons


def check_list(graduates: QuerySet[Graduate], reasons: dict[str, CheckReason]) -> QuerySet[Graduate]:
    """The graduates with at least one of ``reasons``, in one query: a boolean ``check_<name>`` per reason,
    ``current_salary`` and the first job's ``first_starting_salary``."""
    any_reason = Q()
    for reason in reasons.values():
        any_reason |= reason.condition
    first = (
        Employment.objects.filter(graduate=OuterRef("pk"))
        .exclude(Exists(_earlier_jobs()))
        .values(starting_salary_field())
    )
    annotated = _with_current_salary(graduates).annotate(
        first_starting_salary=Subquery(first[:1]),
        **{
            # CASE, as flagged_graduates: a NULL destination would make the condition NULL, not false
            f"check_{name}": Case(
                When(reason.condition, then=True), default=False, output_field=BooleanField()
            )
            for name, reason in reasons.items()
        },
    )
    return (
        annotated.filter(any_reason)
        .select_related("department", "major", "destination", "destination_detail")
        .order_by("graduation_year", "department__code", "major__code", "student_no")
    )


# --- Everything for one scope and cohort range ---------------------------------------------------------------


@dataclass
class Statistics:
    """Every figure of POLICY §9–§10 for one scope and cohort range (employment records only)."""

    scope: Scope
    cohorts: Cohorts
    policy: PolicySettings
    total: Figures
    by_cohort: list[GroupFigures]
    by_department: list[GroupFigures]
    by_category: list[GroupFigures]
    by_major: list[GroupFigures]
    destinations: list[Share]
    salary_distribution: list[Share]
    employer_natures: list[Share]
    industries: list[Share]
    sectors: list[Share]
    localities: list[Share]
    area_types: list[Share]
    contract_terms: list[Share]
    social_insurance: list[Share]
    channels: list[Share]
    flagged: dict[str, int]
    feedback: Feedback
    feedback_by_department: list[tuple[str, Feedback]]
    survey_progress: list[SurveyProgress]  # the campaigns of the range's last year
    changes: list[CountRow]
    replacements: list[CountRow]
    accidents: list[CountRow]
    previous: Figures | None = None  # the cohort before a single-cohort range, for "较上届"

    @property
    def title(self) -> str:
        return f"{self.scope.label} {self.cohorts.label}"


def statistics_for(scope: Scope, cohorts: Cohorts, policy: PolicySettings | None = None) -> Statistics:
    """The figures, computed once per change of the data (core.figures_cache): the page, its exports, the
    reports and the API that ask for the same scope and cohorts in between share one computation."""
    policy = policy or PolicySettings.current()
    figures = figures_cache.cached(
        "statistics",
        [scope.key, scope.audience, cohorts, model_to_dict(policy)],
        lambda: _statistics_figures(scope, cohorts, policy),
    )
    return Statistics(scope=scope, cohorts=cohorts, policy=policy, **figures)


def _statistics_figures(scope: Scope, cohorts: Cohorts, policy: PolicySettings) -> dict:
    graduates = cohorts.graduates(scope.graduates())
    previous = None
    # One aggregation for every table, and the cohort before a single cohort (for "较上届") in the same one.
    first = cohorts.first - 1 if cohorts.first == cohorts.last else cohorts.first
    all_rows = figure_rows(Cohorts(first, cohorts.last).graduates(scope.graduates()))
    rows = [row for row in all_rows if row["graduation_year"] >= cohorts.first]
    if first < cohorts.first:
        previous = _total([row for row in all_rows if row["graduation_year"] == first])
        if not previous.graduates:
            previous = None
    return dict(
        total=_total(rows),
        by_cohort=_groups(rows, "cohort"),
        by_department=_groups(rows, "department"),
        by_category=_groups(rows, "category"),
        by_major=_groups(rows, "major"),
        destinations=destination_mix(graduates),
        salary_distribution=salary_distribution(graduates, policy),
        **job_mixes(graduates, policy),
        flagged=flagged_counts(graduates, policy),
        feedback=feedback_for(graduates),
        feedback_by_department=feedback_by_department(graduates),
        survey_progress=survey_progress(cohorts.last),
        changes=change_counts(graduates),
        replacements=replacement_counts(graduates),
        accidents=accident_counts(graduates),
        previous=previous,
    )


def change_in_points(current: Decimal | None, previous: Decimal | None) -> Decimal | None:
    if current is None or previous is None:
        return None
    return current - previous


def rate_sentence(cohorts: Cohorts, name: str, current: Decimal | None, previous: Decimal | None) -> str:
    """ "2026届毕业生就业率为96.3%，较上届提高1.2个百分点" — the generated sentence of the reports."""
    if current is None:
        return _("%(cohort)s毕业生%(name)s暂无数据。") % {"cohort": cohorts.label, "name": name}
    sentence = _("%(cohort)s毕业生%(name)s为%(value)s%%") % {
        "cohort": cohorts.label,
        "name": name,
        "value": current,
    }
    change = change_in_points(current, previous)
    if change is None:
        return sentence + "。"
    if change > 0:
        return sentence + _("，较上届提高%(change)s个百分点。") % {"change": change}
    if change < 0:
        return sentence + _("，较上届下降%(change)s个百分点。") % {"change": -change}
    return sentence + _("，与上届持平。")


# --- The provincial table (《中等职业学校毕业生就业情况统计表》) ------------------------------------------------


def job_mix_columns(policy: PolicySettings) -> list[tuple[str, str, Q]]:
    """(key, column label, condition on a current job) for the job columns of the provincial table."""
    columns = []
    for field_name, choices in (
        ("channel", Employment.Channel.choices),
        ("locality", Employment.Locality.choices),
        ("area_type", Employment.AreaType.choices),
    ):
        columns += [
            (f"{field_name}_{value}", str(label), Q(**{field_name: value})) for value, label in choices
        ]
    columns += [
        (f"contract_term_{key}", str(label), condition)
        for key, label, condition in contract_term_bands(policy)
    ]
    columns.append(("social_insurance", _("有社会保险"), Q(social_insurance=True)))
    columns += [(f"sector_{key}", label, condition) for key, label, condition in sector_columns()]
    return columns


def first_job_columns(policy: PolicySettings) -> list[tuple[str, str, Q]]:
    """(key, column label, condition on a first job) for the 起薪 columns of the provincial table."""
    return [
        (key, _("起薪%(band)s元") % {"band": label}, condition)
        for key, label, condition in starting_salary_bands(policy)
    ]


def provincial_rows(
    graduates: QuerySet[Graduate], grouping: str | None, policy: PolicySettings
) -> list[dict]:
    """One dict per 专业大类 or 专业 (or the whole when grouping is None): the headline figures, the count of
    each 毕业去向 group (``dest_<code>``), of each job column (``job_mix_columns``) and of each 起薪 band
    (``first_job_columns``) — five queries in all."""
    destinations = list(Destination.objects.all())
    code_field, label_field = GROUPINGS[grouping] if grouping else ("", "")
    group = (code_field, label_field) if grouping else ()
    job_group = tuple(f"graduate__{g}" for g in group)
    by_destination = _aggregate(
        graduates,
        {
            f"dest_{d.code}": (lambda code=d.code: Count("pk", filter=Q(destination__code=code)))
            for d in destinations
        },
        group,
    )
    job_columns, first_columns = job_mix_columns(policy), first_job_columns(policy)
    by_job = _aggregate(
        current_jobs(graduates),
        {
            key: (lambda condition=condition: Count("pk", filter=condition))
            for key, _l, condition in job_columns
        },
        job_group,
    )
    by_first_job = _aggregate(
        first_jobs(graduates),
        {
            key: (lambda condition=condition: Count("pk", filter=condition))
            for key, _l, condition in first_columns
        },
        job_group,
    )
    rows = []
    for key, (label, figures) in sorted(
        _rollup(figure_rows(graduates), grouping).items(), key=lambda item: str(item[0])
    ):
        row = {"code": str(key[0]) if grouping else "", "name": label, "figures": figures}
        row.update({k: v for k, v in by_destination.get(key, {}).items() if k.startswith("dest_")})
        jobs, firsts = by_job.get(key, {}), by_first_job.get(key, {})
        row.update({k: jobs.get(k, 0) for k, _l, _c in job_columns})
        row.update({k: firsts.get(k, 0) for k, _l, _c in first_columns})
        rows.append(row)
    return rows


# --- Employer feedback (surveys: the 附件 form, POLICY §8–§9) ---------------------------------------------------
#
# A response counts for a scope when its 一、 rows name at least one of the scope's graduates of the cohorts
# (each response once, however many of them it names); only submitted responses count. Percentages are over
# the responses that answered the question.
# - 质量评价优良率 = (高 + 较高) ÷ answered; 满意率 = (很满意 + 满意) ÷ answered; each item's 优良率 =
#   (优秀 + 良好) ÷ answered.
# - 留存率（用人单位填报）= Σ 至今仍在贵单位工作的人数 ÷ Σ 近三年以来到贵单位就业的人数 (POLICY §9).


def feedback_responses(graduates: QuerySet[Graduate]):
    named = ResponseGraduate.objects.filter(
        response=OuterRef("pk"), graduate__in=graduates.order_by().values("pk")
    )
    return EmployerResponse.objects.filter(Exists(named), submitted_at__isnull=False)


@dataclass(frozen=True)
class ItemRatings:
    key: str
    label: str
    counts: dict  # rating value → count
    answered: int

    def percent_of(self, rating: str) -> Decimal | None:
        return percent(self.counts.get(rating, 0), self.answered)

    @property
    def good_rate(self) -> Decimal | None:
        """优良率 = (优秀 + 良好) ÷ answered."""
        return percent(self.counts.get("excellent", 0) + self.counts.get("good", 0), self.answered)


@dataclass
class Feedback:
    responses: int
    quality: list[Share]
    satisfaction: list[Share]
    items: list[ItemRatings]
    hired: int | None  # None where the employers' head counts do not apply (per 系)
    still_employed: int | None

    def _rate(self, shares: list[Share], good: tuple[str, ...]) -> Decimal | None:
        answered = sum(s.count for s in shares if s.key)
        return percent(sum(s.count for s in shares if s.key in good), answered)

    @property
    def quality_rate(self) -> Decimal | None:
        """质量评价优良率 = (高 + 较高) ÷ answered."""
        return self._rate(self.quality, ("high", "fairly_high"))

    @property
    def satisfaction_rate(self) -> Decimal | None:
        """满意率 = (很满意 + 满意) ÷ answered."""
        return self._rate(self.satisfaction, ("very", "satisfied"))

    @property
    def retention_rate(self) -> Decimal | None:
        """留存率（用人单位填报）= Σ 至今仍在岗 ÷ Σ 近三年到岗."""
        if self.hired is None or self.still_employed is None:
            return None
        return percent(self.still_employed, self.hired)


def _feedback_aggregates(*, distinct: bool) -> dict:
    """The counts of a Feedback; ``distinct`` when responses are joined to the graduates they name."""
    aggregates = {"responses": Count("pk", distinct=distinct)}
    for value, _label in EmployerResponse.Quality.choices:
        aggregates[f"quality_{value}"] = Count("pk", filter=Q(quality=value), distinct=distinct)
    for value, _label in EmployerResponse.Satisfaction.choices:
        aggregates[f"satisfaction_{value}"] = Count("pk", filter=Q(satisfaction=value), distinct=distinct)
    for key, _label in RATING_ITEMS:
        for value, _rating_label in Rating.choices:
            aggregates[f"{key}_{value}"] = Count(
                "pk", filter=Q(**{f"rating_{key}": value}), distinct=distinct
            )
    return aggregates


def _feedback_from(row: dict, hired: int | None, still_employed: int | None) -> Feedback:
    responses = row["responses"]

    def shares(prefix, choices):
        rows = [(value, label, row[f"{prefix}_{value}"]) for value, label in choices]
        unanswered = responses - sum(count for _v, _l, count in rows)
        if unanswered:
            rows.append(("", _("未填"), unanswered))
        return _shares(rows)

    items = []
    for key, label in RATING_ITEMS:
        counts = {value: row[f"{key}_{value}"] for value, _l in Rating.choices}
        items.append(ItemRatings(key, str(label), counts, sum(counts.values())))
    return Feedback(
        responses=responses,
        quality=shares("quality", EmployerResponse.Quality.choices),
        satisfaction=shares("satisfaction", EmployerResponse.Satisfaction.choices),
        items=items,
        hired=hired,
        still_employed=still_employed,
    )


def feedback_for(graduates: QuerySet[Graduate]) -> Feedback:
    """Every employer-feedback figure for these graduates, in one aggregate query."""
    aggregates = _feedback_aggregates(distinct=False)
    aggregates.update(hired=Sum("hired_count"), still=Sum("still_employed_count"))
    row = feedback_responses(graduates).order_by().aggregate(**aggregates)
    return _feedback_from(row, row["hired"] or 0, row["still"] or 0)


def feedback_by_department(graduates: QuerySet[Graduate]) -> list[tuple[str, Feedback]]:
    """The feedback per 系 of these graduates, in one query: a response counts once for each 系 whose
    graduates it names. The employers' head counts (近三年到岗, 仍在岗) are per employer, not per 系: None here."""
    department = "graduates__graduate__department"
    rows = (
        EmployerResponse.objects.filter(
            submitted_at__isnull=False, graduates__graduate__in=graduates.order_by().values("pk")
        )
        .order_by()
        .values(f"{department}__code", f"{department}__name")
        .annotate(**_feedback_aggregates(distinct=True))
    )
    rows = sorted(rows, key=lambda row: row[f"{department}__code"])
    return [(row[f"{department}__name"], _feedback_from(row, None, None)) for row in rows]


@dataclass(frozen=True)
class SurveyProgress:
    """One campaign of the year: the sample's target against what was planned, sent, returned and visited."""

    campaign: str
    cohorts: str
    percent: int
    target: int  # graduates to cover
    covered: int  # graduates covered by the plan
    planned: int  # employers
    sent: int
    returned: int
    visited: int
    is_visit: bool

    @property
    def response_rate(self) -> Decimal | None:
        return percent(self.returned, self.sent)


def survey_progress(year: int) -> list[SurveyProgress]:
    """The year's campaigns (surveys app, school-wide) as planned and as carried out, counted in employers."""
    rows = []
    for campaign in Campaign.objects.filter(year=year).order_by("opens_on", "kind"):
        progress = survey_selectors.campaign_progress(campaign, None)
        rows.append(
            SurveyProgress(
                campaign=str(campaign),
                cohorts=campaign.cohort_label,
                percent=campaign.percent,
                target=progress.sample.target,
                covered=progress.sample.covered,
                planned=progress.employers.planned,
                sent=progress.employers.sent,
                returned=progress.employers.returned,
                visited=progress.employers.visited,
                is_visit=campaign.is_visit,
            )
        )
    return rows


# --- Tracking: changes, re-placements, accidents (POLICY §3, §5, §6) ----------------------------------------
#
# Counted for the scope's graduates of the cohorts, whenever the event happened.
# - 变动: reports not rejected, by type; 未及时通报 = reported more than the window after, or found by the school.
# - 再次安置: requests by the decision of POLICY §6; 已安置 = closed as placed.
# - 意外事故: cases, within / outside the service period, and how many are closed.


@dataclass(frozen=True)
class CountRow:
    key: str
    label: str
    count: int
    detail: dict  # further counts of the row, named


def change_counts(graduates: QuerySet[Graduate]) -> list[CountRow]:
    reports = ChangeReport.objects.filter(service__graduate__in=graduates.order_by().values("pk")).exclude(
        status=ChangeReport.Status.REJECTED
    )
    rows = dict(
        (row["change_type"], row)
        for row in reports.order_by()
        .values("change_type")
        .annotate(
            n=Count("pk"),
            late=Count("pk", filter=Q(late=True)),
            confirmed=Count("pk", filter=Q(status=ChangeReport.Status.CONFIRMED)),
        )
    )
    return [
        CountRow(
            value,
            str(label),
            rows.get(value, {}).get("n", 0),
            {
                "late": rows.get(value, {}).get("late", 0),
                "confirmed": rows.get(value, {}).get("confirmed", 0),
            },
        )
        for value, label in ChangeReport.ChangeType.choices
    ]


def replacement_counts(graduates: QuerySet[Graduate]) -> list[CountRow]:
    requests = ReplacementRequest.objects.filter(graduate__in=graduates.order_by().values("pk"))
    rows = {
        row["decision"]: row
        for row in requests.order_by()
        .values("decision")
        .annotate(
            n=Count("pk"),
            placed=Count("pk", filter=Q(close_reason=ReplacementRequest.CloseReason.PLACED)),
            open=Count("pk", filter=Q(closed_on__isnull=True)),
        )
    }
    return [
        CountRow(
            value,
            str(label),
            rows.get(value, {}).get("n", 0),
            {"placed": rows.get(value, {}).get("placed", 0), "open": rows.get(value, {}).get("open", 0)},
        )
        for value, label in ReplacementRequest.Decision.choices
    ]


def accident_counts(graduates: QuerySet[Graduate]) -> list[CountRow]:
    cases = AccidentCase.objects.filter(graduate__in=graduates.order_by().values("pk"))
    row = cases.order_by().aggregate(
        within=Count("pk", filter=Q(within_service=True)),
        outside=Count("pk", filter=Q(within_service=False)),
        within_closed=Count("pk", filter=Q(within_service=True, closed_on__isnull=False)),
        outside_closed=Count("pk", filter=Q(within_service=False, closed_on__isnull=False)),
    )
    return [
        CountRow("within", _("服务期内"), row["within"], {"closed": row["within_closed"]}),
        CountRow("outside", _("服务期外"), row["outside"], {"closed": row["outside_closed"]}),
    ]


@dataclass(frozen=True)
class TrackingFigures:
    """Changes, re-placements and accidents of some cohorts (the reports count every cohort still tracked)."""

    cohorts: Cohorts
    changes: list[CountRow]
    replacements: list[CountRow]
    accidents: list[CountRow]


def tracking_figures(scope: Scope, cohorts: Cohorts) -> TrackingFigures:
    graduates = cohorts.graduates(scope.graduates())
    return TrackingFigures(
        cohorts, change_counts(graduates), replacement_counts(graduates), accident_counts(graduates)
    )
