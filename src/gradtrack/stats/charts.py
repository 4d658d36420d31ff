"""The charts of the statistics pages and reports, each with the table it is drawn from.

A chart is defined once from a ``selectors.Statistics``: the page draws it with Chart.js (static/gradtrack/
stats.js reads ``as_json()`` from a json_script), the documents draw it with matplotlib (documents.py), and
the .xlsx export writes its table (exports.py). So the three always show the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from gradtrack.stats.selectors import GroupFigures, Share, Statistics, figure_labels


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    kind: str  # bar, line or pie
    labels: list[str]
    series: list[tuple[str, list]]  # (name, one value per label)
    headers: list[str]
    rows: list[list]
    unit: str = ""

    @property
    def is_empty(self) -> bool:
        return not any(value for _name, values in self.series for value in values if value)

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "kind": self.kind,
            "unit": self.unit,
            "labels": self.labels,
            "series": [
                {"name": name, "values": [_number(v) for v in values]} for name, values in self.series
            ],
        }


def _number(value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    return value


def _rates_chart(key: str, title: str, first_header: str, groups: list[GroupFigures]) -> Chart:
    labels = figure_labels()
    names = ["graduates", "employed", "employment_rate", "direct", "matched", "matched_rate"]
    return Chart(
        key=key,
        title=title,
        kind="bar",
        unit="%",
        labels=[group.label for group in groups],
        series=[
            (labels["employment_rate"], [g.figures.employment_rate for g in groups]),
            (labels["matched_rate"], [g.figures.matched_rate for g in groups]),
        ],
        headers=[first_header, *(labels[n] for n in names)],
        rows=[[g.label, *(g.figures.as_dict()[n] for n in names)] for g in groups],
    )


def _cohort_label(groups: list[GroupFigures]) -> list[GroupFigures]:
    return [GroupFigures(g.key, f"{g.key}届", g.figures) for g in groups]


def rates_by_cohort(stats: Statistics) -> Chart:
    return _rates_chart(
        "rates_by_cohort", _("各届就业率与对口就业率"), _("届别"), _cohort_label(stats.by_cohort)
    )


def rates_by_department(stats: Statistics) -> Chart:
    return _rates_chart("rates_by_department", _("各系部就业率与对口就业率"), _("系部"), stats.by_department)


def rates_by_major(stats: Statistics) -> Chart:
    return _rates_chart("rates_by_major", _("各专业就业率与对口就业率"), _("专业"), stats.by_major)


def salary_trend(stats: Statistics) -> Chart:
    labels = figure_labels()
    groups = _cohort_label(stats.by_cohort)
    names = ["current_jobs", "average_salary", "first_jobs", "starting_salary"]
    return Chart(
        key="salary_trend",
        title=_("各届平均月薪与平均起薪"),
        kind="line",
        unit=_("元"),
        labels=[g.label for g in groups],
        series=[
            (labels["average_salary"], [g.figures.average_salary for g in groups]),
            (labels["starting_salary"], [g.figures.starting_salary for g in groups]),
        ],
        headers=[_("届别"), *(labels[n] for n in names)],
        rows=[[g.label, *(g.figures.as_dict()[n] for n in names)] for g in groups],
    )


def retention(stats: Statistics) -> Chart:
    labels = figure_labels()
    groups = _cohort_label(stats.by_cohort)
    names = ["first_jobs", "retained", "retention_rate"]
    return Chart(
        key="retention",
        title=_("各届留存率（仍在首份工作）"),
        kind="bar",
        unit="%",
        labels=[g.label for g in groups],
        series=[(labels["retention_rate"], [g.figures.retention_rate for g in groups])],
        headers=[_("届别"), *(labels[n] for n in names)],
        rows=[[g.label, *(g.figures.as_dict()[n] for n in names)] for g in groups],
    )


def _share_chart(key: str, title: str, first_header: str, shares: list[Share], kind: str = "pie") -> Chart:
    return Chart(
        key=key,
        title=title,
        kind=kind,
        unit=_("人"),
        labels=[share.label for share in shares],
        series=[(_("人数"), [share.count for share in shares])],
        headers=[first_header, _("人数"), _("占比（%）")],
        rows=[[share.label, share.count, share.percent] for share in shares],
    )


def salary_distribution(stats: Statistics) -> Chart:
    return _share_chart(
        "salary_distribution", _("在职月薪分布"), _("月薪（元）"), stats.salary_distribution, "bar"
    )


def destinations(stats: Statistics) -> Chart:
    return _share_chart("destinations", _("毕业去向"), _("毕业去向"), stats.destinations, "bar")


def employer_natures(stats: Statistics) -> Chart:
    return _share_chart("employer_natures", _("就业单位性质"), _("单位性质"), stats.employer_natures)


def industries(stats: Statistics) -> Chart:
    return _share_chart("industries", _("就业行业分布"), _("行业"), stats.industries, "bar")


def sectors(stats: Statistics) -> Chart:
    return _share_chart("sectors", _("三次产业分布"), _("产业"), stats.sectors)


def localities(stats: Statistics) -> Chart:
    return _share_chart("localities", _("就业地域"), _("就业地域"), stats.localities)


def contract_terms(stats: Statistics) -> Chart:
    return _share_chart("contract_terms", _("劳动合同期限"), _("合同期限"), stats.contract_terms, "bar")


def social_insurance(stats: Statistics) -> Chart:
    return _share_chart("social_insurance", _("社会保险"), _("社会保险"), stats.social_insurance)


def channels(stats: Statistics) -> Chart:
    return _share_chart("channels", _("就业渠道"), _("就业渠道"), stats.channels)


CHARTS: dict[str, Callable[[Statistics], Chart]] = {
    "rates_by_cohort": rates_by_cohort,
    "rates_by_department": rates_by_department,
    "rates_by_major": rates_by_major,
    "destinations": destinations,
    "salary_distribution": salary_distribution,
    "salary_trend": salary_trend,
    "retention": retention,
    "employer_natures": employer_natures,
    "industries": industries,
    "sectors": sectors,
    "localities": localities,
    "contract_terms": contract_terms,
    "social_insurance": social_insurance,
    "channels": channels,
}


def charts_for(stats: Statistics, keys=None) -> list[Chart]:
    return [CHARTS[key](stats) for key in (keys or CHARTS)]
