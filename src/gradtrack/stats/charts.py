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

from gradtrack.stats.selectors import GroupFigures, Share, Statistics, TrackingFigures, figure_labels
from gradtrack.surveys.models import RATING_ITEMS, Rating


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
        "salary_distribution", _("起薪分布"), _("起薪（元）"), stats.salary_distribution, "bar"
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


def _rating_labels() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in Rating.choices]


def feedback_quality(stats: Statistics) -> Chart:
    return _share_chart(
        "feedback_quality", _("用人单位评价：整体质量水平"), _("质量水平"), stats.feedback.quality
    )


def feedback_satisfaction(stats: Statistics) -> Chart:
    return _share_chart(
        "feedback_satisfaction", _("用人单位评价：整体满意度"), _("满意度"), stats.feedback.satisfaction
    )


def feedback_items(stats: Statistics) -> Chart:
    """The sixteen items: each rating's share of the responses that answered the item."""
    ratings = _rating_labels()
    items = stats.feedback.items if stats.feedback.responses else []
    return Chart(
        key="feedback_items",
        title=_("用人单位评价：十六项素质"),
        kind="bar",
        unit="%",
        labels=[item.label for item in items],
        series=[(label, [item.percent_of(value) for item in items]) for value, label in ratings],
        headers=[
            _("评价项目"),
            *(f"{label}（{_('份')}）" for _v, label in ratings),
            _("回答数"),
            *(f"{label}（%）" for _v, label in ratings),
            _("优良率（%）"),
        ],
        rows=[
            [
                item.label,
                *(item.counts[value] for value, _l in ratings),
                item.answered,
                *(item.percent_of(value) for value, _l in ratings),
                item.good_rate,
            ]
            for item in items
        ],
    )


def feedback_items_by_department(stats: Statistics) -> Chart:
    """The sixteen items' 优良率 per 系, with the counts of each rating."""
    ratings = _rating_labels()
    departments = [(name, feedback) for name, feedback in stats.feedback_by_department if feedback.responses]
    item_labels = [str(label) for _key, label in RATING_ITEMS]
    return Chart(
        key="feedback_items_by_department",
        title=_("各系部十六项素质优良率"),
        kind="bar",
        unit="%",
        labels=item_labels if departments else [],
        series=[(name, [item.good_rate for item in feedback.items]) for name, feedback in departments],
        headers=[
            _("系部"),
            _("评价项目"),
            *(f"{label}（{_('份')}）" for _v, label in ratings),
            _("回答数"),
            _("优良率（%）"),
        ],
        rows=[
            [name, item.label, *(item.counts[value] for value, _l in ratings), item.answered, item.good_rate]
            for name, feedback in departments
            for item in feedback.items
        ],
    )


def survey_progress(stats: Statistics) -> Chart:
    """The year's campaigns: employers planned, sent, returned and visited, and the sample's target."""
    rows = stats.survey_progress
    return Chart(
        key="survey_progress",
        title=_("%(year)s年调查进度") % {"year": stats.cohorts.last},
        kind="bar",
        unit=_("家"),
        labels=[row.campaign for row in rows],
        series=[
            (_("计划单位"), [row.planned for row in rows]),
            (_("已发送"), [row.sent for row in rows]),
            (_("已回收"), [row.returned for row in rows]),
            (_("已走访"), [row.visited for row in rows]),
        ],
        headers=[
            _("调查活动"),
            _("届别"),
            _("覆盖比例（%）"),
            _("目标覆盖人数"),
            _("计划覆盖人数"),
            _("计划单位"),
            _("已发送"),
            _("已回收"),
            _("已走访"),
            _("回收率（%）"),
        ],
        rows=[
            [
                row.campaign,
                row.cohorts,
                row.percent,
                row.target,
                row.covered,
                row.planned,
                row.sent,
                row.returned,
                row.visited,
                row.response_rate,
            ]
            for row in rows
        ],
    )


def changes_by_type(stats: Statistics | TrackingFigures) -> Chart:
    rows = stats.changes
    return Chart(
        key="changes_by_type",
        title=_("变动情况（按类型）"),
        kind="bar",
        unit=_("次"),
        labels=[row.label for row in rows],
        series=[
            (_("通报次数"), [row.count for row in rows]),
            (_("其中未及时通报"), [row.detail["late"] for row in rows]),
        ],
        headers=[_("变动类型"), _("通报次数"), _("其中已确认"), _("其中未及时通报")],
        rows=[[row.label, row.count, row.detail["confirmed"], row.detail["late"]] for row in rows],
    )


def replacements_by_decision(stats: Statistics | TrackingFigures) -> Chart:
    rows = stats.replacements
    return Chart(
        key="replacements_by_decision",
        title=_("再次就业安置（按安置决定）"),
        kind="bar",
        unit=_("人次"),
        labels=[row.label for row in rows],
        series=[
            (_("申请数"), [row.count for row in rows]),
            (_("已安置"), [row.detail["placed"] for row in rows]),
        ],
        headers=[_("安置决定"), _("申请数"), _("已安置"), _("办理中")],
        rows=[[row.label, row.count, row.detail["placed"], row.detail["open"]] for row in rows],
    )


def accidents(stats: Statistics | TrackingFigures) -> Chart:
    rows = stats.accidents
    return Chart(
        key="accidents",
        title=_("意外事故"),
        kind="bar",
        unit=_("起"),
        labels=[row.label for row in rows],
        series=[
            (_("事故数"), [row.count for row in rows]),
            (_("已结案"), [row.detail["closed"] for row in rows]),
        ],
        headers=[_("类别"), _("事故数"), _("已结案")],
        rows=[[row.label, row.count, row.detail["closed"]] for row in rows],
    )


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
    "feedback_quality": feedback_quality,
    "feedback_satisfaction": feedback_satisfaction,
    "feedback_items": feedback_items,
    "feedback_items_by_department": feedback_items_by_department,
    "survey_progress": survey_progress,
    "changes_by_type": changes_by_type,
    "replacements_by_decision": replacements_by_decision,
    "accidents": accidents,
}


def charts_for(stats: Statistics, keys=None) -> list[Chart]:
    return [CHARTS[key](stats) for key in (keys or CHARTS)]
