"""The reports as documents (POLICY §9): the school's 就业跟踪报告 and 9-15 综合性专题报告, and a 系's
毕业生质量跟踪调查报告, each with the 应届 and the 往届 apart — as an editable .docx and as a .pdf.

.docx: python-docx, the East Asian font named on every style (w:eastAsia) so that Word does not fall back per
machine; charts are matplotlib PNGs drawn with Noto Sans SC from the PyPI package pylopdf-fonts-zh-cn, so a
fresh machine draws Chinese without any system font.

Structure (issue 14): every report is written on stats.docframe (cover, contents, page numbers, numbered
headings, page-wide tables, 落款); ReportWriter writes the school's 就业跟踪报告 and a 系's report as a 中职
就业质量报告 — 前言 / 基本情况 / 应届 and 往届 就业状况 / 跟踪服务工作开展情况 / 用人单位评价 / 用人单位意见和
建议 / 问题与改进措施 / 落款 / 附表 — each section opening with the rule-chosen sentences of stats.sentences,
and the staff-written 前言 and 问题与改进措施 (stats.models.ReportText) printed where they belong.
``build_report`` dispatches on the kind (a kind with its own structure adds its builder there).

.pdf: the .docx converted by LibreOffice headless (``soffice --convert-to pdf``) in a temporary directory.
Chosen over drawing a second layout with reportlab: the PDF is then exactly the Word document (one layout to
maintain, the same tables and charts), and LibreOffice is already what the tests use to prove a document
opens. LibreOffice is pointed at the same pip font through a fontconfig file that maps 宋体/黑体 to it, so the
PDF shows Chinese even where no CJK system font is installed.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from docx.shared import Cm

from gradtrack.core.models import PolicySettings, SchoolProfile
from gradtrack.gradsurveys.selectors import graduate_satisfaction
from gradtrack.stats import charts as chart_defs
from gradtrack.stats import docframe, report_selectors, selectors, sentences
from gradtrack.stats.selectors import Cohorts, Scope, Statistics
from gradtrack.surveys import themes
from gradtrack.surveys.models import RATING_ITEMS

BODY_FONT = docframe.BODY_FONT
HEADING_FONT = docframe.HEADING_FONT
PDF_TIMEOUT_SECONDS = 180
CHART_DPI = 130

KINDS = {
    "tracking": "毕业生就业跟踪报告",
    "comprehensive": "毕业生就业9-15综合性专题报告",
    "department": "毕业生质量跟踪调查报告",
}


def kind_choices() -> list[tuple[str, str]]:
    return [
        ("tracking", _("就业跟踪报告")),
        ("comprehensive", _("9-15综合性专题报告")),
        ("department", _("系毕业生质量跟踪调查报告")),
    ]


class DocumentError(Exception):
    """The document could not be produced (for instance LibreOffice is missing)."""


# --- Fonts ---------------------------------------------------------------------------------------------------


def cjk_font_path() -> Path:
    import pylopdf_fonts_zh_cn

    return Path(pylopdf_fonts_zh_cn.sans_path())


_matplotlib_ready = False


def _pyplot():
    """matplotlib without a display, with the pip CJK font registered once."""
    global _matplotlib_ready
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    if not _matplotlib_ready:
        path = cjk_font_path()
        font_manager.fontManager.addfont(str(path))
        name = font_manager.FontProperties(fname=str(path)).get_name()
        matplotlib.rcParams["font.family"] = [name]
        matplotlib.rcParams["axes.unicode_minus"] = False
        _matplotlib_ready = True
    return plt


# --- Charts as PNG ---------------------------------------------------------------------------------------------


# Charts whose unit is a count get whole-number axis steps (no "2.5 人").
COUNT_UNITS = frozenset({"人", "家", "次", "人次", "起", "份"})
# Shares of the answers per item: one horizontal bar per item, the ratings stacked to 100 %.
STACKED_CHARTS = frozenset({"feedback_items"})


def chart_png(chart: chart_defs.Chart) -> bytes:
    """The chart as a PNG picture (see ``chart_figure``)."""
    plt = _pyplot()
    figure, _axes, legend = chart_figure(chart)
    try:
        buffer = io.BytesIO()
        # The legend outside the axes is kept in the picture by the tight bounding box. Fast PNG compression:
        # the pictures are small, and a report has two dozen of them.
        figure.savefig(
            buffer,
            format="png",
            bbox_inches="tight",
            bbox_extra_artists=[legend] if legend else None,
            pad_inches=0.1,
            pil_kwargs={"compress_level": 1},
        )
        return buffer.getvalue()
    finally:
        plt.close(figure)


def chart_figure(chart: chart_defs.Chart):
    """(figure, axes, legend or None) of a chart, drawn from the same definition as the page's Chart.js chart:
    the legend outside the plotting area (never over a bar), whole-number steps for counts, the CJK font for
    every character, digits included (rcParams, _pyplot). The caller closes the figure."""
    plt = _pyplot()
    from matplotlib.ticker import MaxNLocator

    stacked = chart.key in STACKED_CHARTS
    height = 1.6 + 0.3 * len(chart.labels) if stacked else 3.4
    figure, axes = plt.subplots(figsize=(6.4, height), dpi=CHART_DPI)
    try:
        values = [[0 if v is None else float(v) for v in series] for _name, series in chart.series]
        legend = None
        if chart.kind == "pie":
            pairs = [(label, value) for label, value in zip(chart.labels, values[0], strict=True) if value]
            if pairs:
                # Labels in a legend and small slices unlabelled: names beside thin slices overlap.
                axes.pie(
                    [v for _l, v in pairs],
                    autopct=lambda share: f"{share:.1f}%" if share >= 4 else "",
                    startangle=90,
                    counterclock=False,
                    textprops={"fontsize": 8},
                )
                legend = axes.legend(
                    [label for label, _v in pairs], loc="center left", bbox_to_anchor=(1, 0.5), fontsize=8
                )
            axes.axis("equal")
        elif stacked:
            positions = list(range(len(chart.labels)))
            left = [0.0] * len(positions)
            for (name, _series), series_values in zip(chart.series, values, strict=True):
                axes.barh(positions, series_values, left=left, label=name, height=0.7)
                left = [a + b for a, b in zip(left, series_values, strict=True)]
            axes.set_yticks(positions)
            axes.set_yticklabels(chart.labels, fontsize=8)
            axes.invert_yaxis()
            axes.set_xlim(0, 100)
            axes.set_xlabel(chart.unit)
            axes.grid(axis="x", alpha=0.3)
            legend = axes.legend(
                loc="upper center",
                bbox_to_anchor=(0.5, -0.6 / height),
                ncol=len(chart.series),
                fontsize=8,
                frameon=False,
            )
        else:
            positions = range(len(chart.labels))
            width = 0.8 / max(1, len(values))
            for index, ((name, _series), series_values) in enumerate(zip(chart.series, values, strict=True)):
                if chart.kind == "line":
                    axes.plot(list(positions), series_values, marker="o", label=name)
                else:
                    offsets = [p - 0.4 + width * (index + 0.5) for p in positions]
                    axes.bar(offsets, series_values, width=width, label=name)
            axes.set_xticks(list(positions))
            rotated = len(chart.labels) > 4
            axes.set_xticklabels(
                chart.labels, fontsize=8, rotation=30 if rotated else 0, ha="right" if rotated else "center"
            )
            axes.set_ylabel(chart.unit)
            if chart.unit in COUNT_UNITS:
                axes.yaxis.set_major_locator(MaxNLocator(integer=True))
                axes.set_ylim(bottom=0)
            elif chart.unit == "%":
                axes.set_ylim(0, 100)
            if len(chart.series) > 1:
                legend = axes.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8, frameon=False)
            axes.grid(axis="y", alpha=0.3)
        axes.set_title(chart.title, fontsize=11)
    except Exception:
        plt.close(figure)
        raise
    return figure, axes, legend


# --- The Word document ---------------------------------------------------------------------------------------
#
# The school's 就业跟踪报告 is written as a 中职 school's 就业质量报告 (issue 14): 前言 / 基本情况 / 就业状况 (应届,
# then 往届 apart, POLICY §三(二)3) / 跟踪服务工作开展情况 / 用人单位评价 / 用人单位意见和建议 / 问题与改进措施 /
# 落款, then 附表. A department's 毕业生质量跟踪调查报告 has the same sections for its own graduates, issued in
# its name. Each section opens with the comparison sentences of stats.sentences; wide tables go to 附表.


def display(value) -> str:
    """A cell as every report prints it: — for a rate over nothing, whole numbers without decimals."""
    if value is None:
        return "—"
    return str(value)


@dataclass
class ReportData:
    kind: str
    scope: Scope
    year: int
    current: Statistics  # the 应届 (the Y届)
    past: Statistics | None  # the 往届 still tracked (Y−n … Y−1届), from the first of them that has graduates
    previous_feedback: selectors.Feedback | None = None  # the employers' feedback on the Y−1届, for "比上届"
    tracked: Cohorts | None = None  # every cohort still tracked that has graduates (Y−n … Y)
    name_employers: bool = False  # quote suggestions with the employer's name too (staff's choice)

    @property
    def title(self) -> str:
        return _("%(scope)s%(year)s届%(kind)s") % {
            "scope": self.scope.label,
            "year": self.year,
            "kind": KINDS[self.kind],
        }

    @property
    def is_school(self) -> bool:
        return self.scope.kind == "school"

    @property
    def cover_title(self) -> str:
        """The title under the school's name on the cover (the school's name is not repeated)."""
        if self.is_school:
            return _("%(year)s届%(kind)s") % {"year": self.year, "kind": KINDS[self.kind]}
        return self.title

    def issuer(self, school: SchoolProfile) -> str:
        """Who issues the report: a department's report is the department's (POLICY §9), the school's reports
        are its 负责部门's."""
        if self.kind == "department" or not self.is_school:
            return self.scope.label
        return f"{school.name}{school.office}"


def report_data(
    scope: Scope, year: int, kind: str, policy: PolicySettings | None = None, *, name_employers: bool = False
) -> ReportData:
    """The 应届 (the Y届) and the 往届 (the cohorts still within the tracking service: Y−years … Y−1, from the
    first that has graduates, so that no range names a 届 without any)."""
    policy = policy or PolicySettings.current()
    current = selectors.statistics_for(scope, Cohorts(year, year), policy)
    past_cohorts = report_selectors.cohorts_with_data(scope, year - policy.service_years, year - 1)
    past = selectors.statistics_for(scope, past_cohorts, policy) if past_cohorts else None
    previous_feedback = selectors.feedback_for(Cohorts(year - 1, year - 1).graduates(scope.graduates()))
    tracked = report_selectors.cohorts_with_data(scope, year - policy.service_years, year) or Cohorts(
        year, year
    )
    return ReportData(
        kind,
        scope,
        year,
        current,
        past if past and past.total.graduates else None,
        previous_feedback if previous_feedback.responses else None,
        tracked,
        name_employers,
    )


def _measure(value, count) -> sentences.Measure:
    return sentences.Measure(value, count or 0)


def headline_sentences(stats: Statistics) -> list[str]:
    """The 就业状况 opening: 就业率, 直接就业率 and 对口就业率 of a single cohort against the one before."""
    total, previous = stats.total, stats.previous or selectors.Figures()
    cohort = stats.cohorts.label
    return [
        sentences.rate_sentence(
            cohort,
            _("就业率"),
            _measure(total.employment_rate, total.graduates),
            _measure(previous.employment_rate, previous.graduates),
        ).text,
        sentences.rate_sentence(
            cohort,
            _("直接就业率"),
            _measure(total.direct_employment_rate, total.graduates),
            _measure(previous.direct_employment_rate, previous.graduates),
        ).text,
        sentences.rate_sentence(
            cohort,
            _("对口就业率"),
            _measure(total.matched_rate, total.direct),
            _measure(previous.matched_rate, previous.direct),
        ).text,
    ]


def salary_sentences(stats: Statistics) -> list[str]:
    total, previous = stats.total, stats.previous or selectors.Figures()
    cohort = stats.cohorts.label
    return [
        sentences.amount_sentence(
            cohort,
            _("平均起薪"),
            _measure(total.starting_salary, total.first_jobs),
            _measure(previous.starting_salary, previous.first_jobs),
        ).text,
        sentences.amount_sentence(
            cohort,
            _("在职毕业生平均月薪"),
            _measure(total.average_salary, total.salaries),
            _measure(previous.average_salary, previous.salaries),
        ).text,
    ]


def mix_sentence(lead: str, shares: list[selectors.Share], top: int = 3) -> str | None:
    """ "在职毕业生中，本地就业5人，占62.5%；异地就业3人，占37.5%。" — the largest shares, as counted."""
    known = sorted((s for s in shares if s.key and s.count), key=lambda s: -s.count)[:top]
    if not known:
        return None
    parts = [
        _("%(label)s%(count)s人，占%(percent)s%%")
        % {"label": s.label, "count": s.count, "percent": s.percent}
        for s in known
    ]
    return _("%(lead)s，%(parts)s。") % {"lead": lead, "parts": "；".join(parts)}


def changes_without_accidents(rows: list[selectors.CountRow]) -> list[selectors.CountRow]:
    """The change reports by type without 意外事故: accidents are counted once, as cases (AccidentCase), so the
    text and the tables give one number for them."""
    return [row for row in rows if row.key != "accident"]


def tracking_sentences(stats: Statistics | selectors.TrackingFigures) -> list[str]:
    changes = changes_without_accidents(stats.changes)
    within = next(row for row in stats.accidents if row.key == "within")
    outside = next(row for row in stats.accidents if row.key == "outside")
    requests = sum(row.count for row in stats.replacements)
    return [
        _("%(cohorts)s毕业生共通报变动%(changes)s次，其中未及时通报%(late)s次。")
        % {
            "cohorts": stats.cohorts.label,
            "changes": sum(row.count for row in changes),
            "late": sum(row.detail["late"] for row in changes),
        },
        _("申请再次就业安置%(requests)s人次，已安置%(placed)s人次，办理中%(open)s人次。")
        % {
            "requests": requests,
            "placed": sum(row.detail["placed"] for row in stats.replacements),
            "open": sum(row.detail["open"] for row in stats.replacements),
        },
        _("发生意外事故%(cases)s起，其中服务期内%(within)s起（已结案%(closed)s起），服务期外%(outside)s起。")
        % {
            "cases": within.count + outside.count,
            "within": within.count,
            "closed": within.detail["closed"],
            "outside": outside.count,
        },
    ]


def feedback_sentences(stats: Statistics, previous: selectors.Feedback | None = None) -> list[str]:
    """The employer-feedback opening: how many responses, then each rate against the previous cohort's
    (``previous``, when the figures are a single cohort's)."""
    feedback = stats.feedback
    cohort = stats.cohorts.label
    if not feedback.responses:
        return [_("%(cohorts)s毕业生暂无已提交的用人单位反馈。") % {"cohorts": cohort}]
    result = [
        _("共收到涉及%(cohorts)s毕业生的用人单位反馈%(count)s份。")
        % {"cohorts": cohort, "count": feedback.responses}
    ]

    def answered(shares):
        return sum(s.count for s in shares if s.key)

    rates = [
        (
            _("用人单位对毕业生质量评价“高”或“较高”的比例"),
            feedback.quality_rate,
            answered(feedback.quality),
            previous and previous.quality_rate,
            previous and answered(previous.quality),
        ),
        (
            _("用人单位满意率（“很满意”或“满意”）"),
            feedback.satisfaction_rate,
            answered(feedback.satisfaction),
            previous and previous.satisfaction_rate,
            previous and answered(previous.satisfaction),
        ),
    ]
    single = stats.cohorts.first == stats.cohorts.last
    for name, value, count, previous_value, previous_count in rates:
        current = _measure(value, count)
        if single:
            before = _measure(previous_value, previous_count) if previous else None
            comparison = sentences.rate_sentence(cohort, name, current, before, unit_word=_("份"))
        else:  # a range of cohorts has no "上届"
            comparison = sentences.rate_statement(cohort, name, current, unit_word=_("份"))
        result.append(comparison.text)
    if feedback.retention_rate is not None:
        result.append(employer_retention_sentence(_("据用人单位填报，"), feedback, lead_in=True))
    return result


def employer_retention_sentence(subject: str, feedback: selectors.Feedback, *, lead_in: bool = False) -> str:
    """The employers' head counts (近三年到岗, 至今仍在岗), with the 留存率 only when enough were hired
    (stats.sentences.MIN_COUNT)."""
    values = {
        "subject": subject if lead_in else subject + "：",
        "hired": feedback.hired,
        "still": feedback.still_employed,
        "rate": feedback.retention_rate,
    }
    if feedback.hired is not None and feedback.hired >= sentences.MIN_COUNT:
        return (
            _("%(subject)s近三年到岗的%(hired)s名毕业生中，%(still)s人至今仍在岗，留存率为%(rate)s%%。")
            % values
        )
    return _("%(subject)s近三年到岗的%(hired)s名毕业生中，%(still)s人至今仍在岗。") % values


def item_sentence(feedback: selectors.Feedback) -> str | None:
    """The sixteen items' best and weakest 优良率, among the items answered by enough employers."""
    items = [i for i in feedback.items if i.answered >= sentences.MIN_COUNT and i.good_rate is not None]
    if len(items) < 2:
        return None
    ranked = sorted(items, key=lambda i: -i.good_rate)
    best = "、".join(f"{i.label}（{i.good_rate}%）" for i in ranked[:3])
    weakest = "、".join(f"{i.label}（{i.good_rate}%）" for i in ranked[-2:][::-1])
    return _("十六项素质中，优良率最高的是%(best)s；较低的是%(weakest)s。") % {
        "best": best,
        "weakest": weakest,
    }


def quoted_suggestions(group: themes.ThemeGroup, count: int) -> list[tuple[str, list[str]]]:
    """Up to ``count`` different texts of a theme to quote — its representatives first, then the others —
    each with the 单位性质 of every employer that wrote it (the same words from several employers are quoted
    once)."""
    natures: dict[str, list[str]] = {}
    for item in group.items:
        natures.setdefault(item.text, []).append(item.source)
    texts = list(dict.fromkeys([q.text for q in group.representative] + [q.text for q in group.items]))
    return [(text, natures[text]) for text in texts[:count]]


class ReportWriter:
    """Writes one 就业跟踪报告 or 系 report into a docframe.ReportFrame; wide tables wait for 附表."""

    SUGGESTION_QUOTES = 3  # representative suggestions quoted per theme in the body

    def __init__(self, data: ReportData):
        self.data = data
        self.frame = docframe.ReportFrame()
        self.school = SchoolProfile.current()
        self.today = timezone.localdate()
        self.appendices: list[tuple[str, list[str], list[list], list[float] | None]] = []
        saved = report_selectors.report_text_for(data.scope, data.year)
        self.foreword = saved.foreword if saved else ""
        self.improvements = saved.improvements if saved else ""

    # --- Helpers ---------------------------------------------------------------------------------------------

    def paragraphs(self, texts) -> None:
        for text in texts:
            if text:
                self.frame.paragraph(text)

    def table(self, headers, rows, widths=None, *, title: str = "") -> None:
        """A table in the body when it fits a page, else in 附表 (named ``title``) with a pointer to it."""
        if len(headers) > docframe.BODY_MAX_COLUMNS or len(rows) > BODY_MAX_ROWS:
            name = self.appendix(title, headers, rows, widths)
            self.frame.note(_("数据见%(name)s。") % {"name": name})
            return
        self.frame.table(headers, [[display(v) for v in row] for row in rows], widths=widths)

    def appendix(self, title: str, headers, rows, widths=None) -> str:
        """Keep a table for 附表 and return its name ("附表2") to cite in the body."""
        name = _("附表%(n)s") % {"n": len(self.appendices) + 1}
        self.appendices.append((f"{name} {title}", headers, rows, widths))
        return name

    def chart(self, chart: chart_defs.Chart, *, with_table: bool = True) -> None:
        if chart.is_empty:
            return
        # A pie is drawn narrower: at full width its circle would fill half a page.
        self.frame.picture(
            chart_png(chart), width=PIE_WIDTH if chart.kind == "pie" else docframe.PICTURE_WIDTH
        )
        if with_table and chart.rows:
            self.table(chart.headers, chart.rows, title=chart.title)

    def cohorts_label(self, label: str) -> str:
        """A campaign's "2023—2025届" from its first 届 that has graduates (a range never names an empty 届)."""
        years = re.findall(r"\d{4}", label)
        if not years:
            return label
        found = report_selectors.cohorts_with_data(self.data.scope, int(years[0]), int(years[-1]))
        return found.label if found else label

    @property
    def cohort(self) -> str:
        return self.data.current.cohorts.label

    # --- The report ------------------------------------------------------------------------------------------

    def write(self) -> bytes:
        data, frame = self.data, self.frame
        issuer = data.issuer(self.school)
        frame.cover(
            title=data.cover_title, year=data.year, issuer=issuer, date=self.today, school=self.school.name
        )
        frame.contents()
        self.foreword_section(issuer)
        self.basics()
        self.employment(data.current)
        if data.past:
            self.past_employment(data.past)
        self.tracking_work()
        self.employer_feedback()
        self.employer_suggestions()
        self.graduate_evaluation()
        self.problems()
        frame.signature(issuer=issuer, date=self.today)
        self.write_appendices()
        return frame.save()

    def foreword_section(self, issuer: str) -> None:
        data = self.data
        self.frame.heading(_("前言"), numbered=False)
        if data.past:
            scope_text = _("%(year)s届毕业生及跟踪服务期内的%(past)s毕业生") % {
                "year": data.year,
                "past": data.past.cohorts.label,
            }
        else:
            scope_text = _("%(year)s届毕业生") % {"year": data.year}
        self.frame.paragraph(
            _(
                "为全面了解毕业生就业质量，%(issuer)s依据毕业生就业跟踪服务制度，对%(scope)s的就业情况进行了"
                "统计和跟踪调查，并收集了用人单位的评价和意见建议。本报告数据来自学校毕业生就业跟踪管理系统，"
                "统计截至%(date)s。现将有关情况报告如下。"
            )
            % {"issuer": issuer, "scope": scope_text, "date": docframe.chinese_date(self.today)}
        )
        self.paragraphs(_split(self.foreword))

    def basics(self) -> None:
        data, stats = self.data, self.data.current
        total, previous = stats.total, stats.previous
        self.frame.heading(_("基本情况"))
        self.frame.paragraph(
            sentences.count_sentence(
                self.cohort, _("毕业生"), total.graduates, previous.graduates if previous else None
            ).text
        )
        if data.is_school:
            self.frame.paragraph(
                _("%(cohort)s毕业生分布在%(departments)s个系部、%(categories)s个专业大类的%(majors)s个专业。")
                % {
                    "cohort": self.cohort,
                    "departments": len(stats.by_department),
                    "categories": len(stats.by_category),
                    "majors": len(stats.by_major),
                }
            )
        else:
            self.frame.paragraph(
                _("%(cohort)s毕业生分布在%(majors)s个专业。")
                % {"cohort": self.cohort, "majors": len(stats.by_major)}
            )
        if data.past:
            self.frame.paragraph(
                _("跟踪服务期内的往届毕业生（%(cohorts)s）共%(count)s人。")
                % {"cohorts": data.past.cohorts.label, "count": data.past.total.graduates}
            )
        groups = stats.by_category if data.is_school else stats.by_major
        first = _("专业大类") if data.is_school else _("专业")
        self.frame.subheading(_("毕业生的%(what)s分布") % {"what": first})
        rows = [
            [g.label, g.figures.graduates, selectors.percent(g.figures.graduates, total.graduates)]
            for g in groups
        ]
        self.table([first, _("毕业人数"), _("占比（%）")], rows)
        if data.is_school:
            self.frame.subheading(_("毕业生的系部分布"))
            rows = [
                [g.label, g.figures.graduates, selectors.percent(g.figures.graduates, total.graduates)]
                for g in stats.by_department
            ]
            self.table([_("系部"), _("毕业人数"), _("占比（%）")], rows)

    def employment(self, stats: Statistics) -> None:
        data = self.data
        self.frame.heading(_("应届毕业生就业状况（%(cohort)s）") % {"cohort": self.cohort})
        self.paragraphs(headline_sentences(stats))
        labels = selectors.figure_labels()

        self.frame.subheading(_("就业率与毕业去向"))
        self.chart(chart_defs.destinations(stats))
        rate_names = ["graduates", "employed", "employment_rate", "direct", "matched", "matched_rate"]
        headers = [labels[n] for n in rate_names]
        if data.is_school:
            self.frame.paragraph(_("各专业大类、各系部的就业率与对口就业率如下。"), indent=True)
            rows = [[g.label, *(g.figures.as_dict()[n] for n in rate_names)] for g in stats.by_category]
            self.table([_("专业大类"), *headers], rows)
            self.chart(chart_defs.rates_by_department(stats))
            major = chart_defs.rates_by_major(stats)
            name = self.appendix(_("各专业毕业生就业情况"), major.headers, major.rows)
            self.frame.note(_("各专业的就业率与对口就业率见%(name)s。") % {"name": name})
        else:
            self.frame.paragraph(_("各专业的就业率与对口就业率如下。"))
            self.chart(chart_defs.rates_by_major(stats))

        self.frame.subheading(_("起薪与月薪"))
        self.paragraphs(salary_sentences(stats))
        self.chart(chart_defs.salary_distribution(stats))

        for title, lead, keys in (
            (_("就业地域"), _("在职毕业生中"), ("localities", "area_types")),
            (_("就业产业与行业"), _("按三次产业分"), ("sectors", "industries")),
            (_("就业单位性质"), _("按就业单位性质分"), ("employer_natures",)),
            (
                _("就业渠道、劳动合同与社会保险"),
                _("按就业渠道分"),
                ("channels", "contract_terms", "social_insurance"),
            ),
        ):
            shares = getattr(stats, keys[0])
            if not any(share.count for share in shares):
                continue  # no current job to describe: no subsection (the numbering has no gap)
            self.frame.subheading(title)
            self.paragraphs([mix_sentence(lead, shares)])
            for key in keys:
                if key in chart_defs.CHARTS:
                    self.chart(chart_defs.CHARTS[key](stats))
                else:  # 城乡 has no chart of its own on the page: its table
                    self.table(
                        [_("城乡分布"), _("人数"), _("占比（%）")],
                        [[s.label, s.count, s.percent] for s in getattr(stats, key)],
                    )

    def past_employment(self, past: Statistics) -> None:
        self.frame.heading(_("往届毕业生就业状况（%(cohorts)s）") % {"cohorts": past.cohorts.label})
        total = past.total
        self.frame.paragraph(
            _("跟踪服务期内的往届毕业生（%(cohorts)s）共%(graduates)s人，就业%(employed)s人。")
            % {"cohorts": past.cohorts.label, "graduates": total.graduates, "employed": total.employed}
        )
        by_year = {int(g.key): g.figures for g in past.by_cohort}
        for year, figures in sorted(by_year.items()):
            before = by_year.get(year - 1)
            self.frame.paragraph(
                sentences.rate_sentence(
                    f"{year}届",
                    _("就业率"),
                    _measure(figures.employment_rate, figures.graduates),
                    _measure(before.employment_rate, before.graduates) if before else None,
                ).text
            )
        if total.retention_rate is not None:
            self.frame.paragraph(
                _("有首份工作记录的%(first)s人中，%(retained)s人仍在首份工作，留存率为%(rate)s%%。")
                % {"first": total.first_jobs, "retained": total.retained, "rate": total.retention_rate}
            )
        for key in ("rates_by_cohort", "salary_trend", "retention"):
            self.chart(chart_defs.CHARTS[key](past))

    def tracking_work(self) -> None:
        data = self.data
        tracked = data.tracked
        tracking = selectors.tracking_figures(data.scope, tracked)
        work = report_selectors.tracking_work(data.scope, tracked)
        self.frame.heading(_("跟踪服务工作开展情况"))
        self.frame.paragraph(
            _(
                "%(cohorts)s毕业生中，%(services)s人建立了跟踪服务（目前服务中%(active)s人）；共回访%(contacts)s次，"
                "联系上%(reached)s次；核查%(verifications)s次；违规记录%(violations)s条，其中未办结%(open)s条。"
            )
            % {
                "cohorts": tracked.label,
                "services": work.services,
                "active": work.active_services,
                "contacts": work.contact_total,
                "reached": work.reached_total,
                "verifications": work.verification_total,
                "violations": work.violations,
                "open": work.open_violations,
            }
        )
        if data.is_school and data.current.survey_progress:
            self.frame.subheading(_("用人单位调查"))
            progress = data.current.survey_progress
            self.frame.paragraph(
                _(
                    "%(year)s年开展用人单位调查%(count)s项，计划调查单位%(planned)s家，已发送%(sent)s家，已回收%(returned)s家，已走访%(visited)s家。"
                )
                % {
                    "year": data.year,
                    "count": len(progress),
                    "planned": sum(p.planned for p in progress),
                    "sent": sum(p.sent for p in progress),
                    "returned": sum(p.returned for p in progress),
                    "visited": sum(p.visited for p in progress),
                }
            )
            self.table(
                [
                    _("调查活动"),
                    _("届别"),
                    _("计划单位"),
                    _("已发送"),
                    _("已回收"),
                    _("已走访"),
                    _("回收率（%）"),
                ],
                [
                    [
                        p.campaign,
                        self.cohorts_label(p.cohorts),
                        p.planned,
                        p.sent,
                        p.returned,
                        p.visited,
                        p.response_rate,
                    ]
                    for p in progress
                ],
                widths=[3, 2, 1, 1, 1, 1, 1],
            )
            chart = chart_defs.survey_progress(data.current)
            rows = [[row[0], self.cohorts_label(row[1]), *row[2:]] for row in chart.rows]
            self.appendix(chart.title, chart.headers, rows)

        self.frame.subheading(_("定期回访"))
        self.table(
            [_("回访方式"), _("回访次数"), _("联系上")],
            [[row.label, row.count, row.detail] for row in work.contacts],
        )
        sentences_ = tracking_sentences(tracking)
        self.frame.subheading(_("变动通报"))
        self.frame.paragraph(sentences_[0])
        changes = selectors.TrackingFigures(
            tracking.cohorts,
            changes_without_accidents(tracking.changes),
            tracking.replacements,
            tracking.accidents,
        )
        self.chart(chart_defs.changes_by_type(changes), with_table=False)
        table = chart_defs.changes_by_type(changes)
        self.table(table.headers, table.rows)
        self.frame.note(_("意外事故按事故登记单独统计，见下文。"))
        self.frame.subheading(_("再次就业安置"))
        self.frame.paragraph(sentences_[1])
        table = chart_defs.replacements_by_decision(tracking)
        self.table(table.headers, table.rows)
        self.frame.subheading(_("意外事故"))
        self.frame.paragraph(sentences_[2])
        table = chart_defs.accidents(tracking)
        self.table(table.headers, table.rows)

        self.frame.subheading(_("核查与违规"))
        current = data.current
        flagged = current.flagged
        self.frame.paragraph(
            _("按当地最低工资标准%(wage)s元/月核查，%(cohort)s共有%(total)s条记录需要核查。")
            % {
                "wage": selectors.yuan(current.policy.local_minimum_wage),
                "cohort": current.cohorts.label,
                "total": flagged["total"],
            }
        )
        self.table(
            [_("核查结果"), _("次数")],
            [[row.label, row.count] for row in work.verifications] + [[_("违规记录（条）"), work.violations]],
        )
        self.table(
            [_("待核查原因"), _("人数")],
            [[label, flagged[name]] for name, label in selectors.flag_labels().items()],
            widths=[3, 1],
        )

    def employer_feedback(self) -> None:
        data = self.data
        self.frame.heading(_("用人单位评价"))
        current = data.current
        self.paragraphs(feedback_sentences(current, data.previous_feedback))
        if data.past:
            self.paragraphs(feedback_sentences(data.past)[:2])
        if not current.feedback.responses and not (data.past and data.past.feedback.responses):
            return
        self.frame.subheading(_("毕业生整体质量与满意度"))
        for key in ("feedback_quality", "feedback_satisfaction"):
            self.chart(chart_defs.CHARTS[key](current))
        self.frame.subheading(_("十六项素质评价"))
        sentence = item_sentence(current.feedback)
        if sentence:
            self.frame.paragraph(sentence)
        items = chart_defs.feedback_items(current)
        self.chart(items, with_table=False)
        past_items = {i.key: i for i in data.past.feedback.items} if data.past else {}
        headers = [_("评价项目"), _("应届回答数"), _("应届优良率（%）")]
        if past_items:
            headers += [_("往届回答数"), _("往届优良率（%）")]
        rows = []
        for item in current.feedback.items:
            row = [item.label, item.answered, item.good_rate]
            if past_items:
                row += [past_items[item.key].answered, past_items[item.key].good_rate]
            rows.append(row)
        self.table(headers, rows, widths=[2] + [1] * (len(headers) - 1))
        detail = self.appendix(
            _("十六项素质评价明细（%(cohort)s）") % {"cohort": self.cohort}, items.headers, items.rows
        )
        notes = [detail]
        if data.is_school:
            pivot = self.items_by_department(current)
            if pivot:
                notes.append(self.appendix(_("各系部十六项素质优良率（%）"), *pivot))
        self.frame.note(_("各项评价的份数与比例见%(names)s。") % {"names": "、".join(notes)})
        if current.feedback.retention_rate is not None or (data.past and data.past.feedback.retention_rate):
            self.frame.subheading(_("毕业生留存"))
            for stats in (current, data.past):
                if stats and stats.feedback.retention_rate is not None:
                    self.frame.paragraph(employer_retention_sentence(stats.cohorts.label, stats.feedback))

    @staticmethod
    def items_by_department(stats: Statistics):
        """系部 × 16 items as one row per item and one column per 系 (优良率), for 附表."""
        departments = [(name, f) for name, f in stats.feedback_by_department if f.responses]
        if not departments:
            return None
        headers = [_("评价项目"), *(name for name, _f in departments)]
        rows = [
            [label, *(feedback.items[index].good_rate for _name, feedback in departments)]
            for index, (_key, label) in enumerate(RATING_ITEMS)
        ]
        return headers, rows, [2] + [1] * len(departments)

    def graduate_evaluation(self) -> None:
        """毕业生评价 (issue 15): what the graduates of the tracked cohorts answered in their own survey waves
        (gradsurveys), each figure with its n, and the response rate; too few answers say so."""
        data = self.data
        figures = graduate_satisfaction(data.scope.graduates(), cohorts=data.tracked.years)
        self.frame.heading(_("毕业生评价"))
        if not figures.invited:
            self.frame.paragraph(_("%(cohorts)s毕业生的问卷调查尚未开展。") % {"cohorts": data.tracked.label})
            return
        self.frame.paragraph(
            _(
                "学校对%(label)s毕业生开展问卷调查，邀请%(invited)s人，回收有效答卷%(responded)s份，回收率%(rate)s%%。"
                "满意度为评价“优秀”或“良好”的比例，专业对口率为“完全对口”或“基本对口”的比例。"
            )
            % {
                "label": figures.label,
                "invited": figures.invited,
                "responded": figures.responded,
                "rate": display(figures.response_rate),
            }
        )
        for question in figures.questions:
            self.frame.paragraph(
                sentences.rate_statement(
                    _("答卷毕业生的"),
                    question.label,
                    sentences.Measure(question.rate, question.n),
                    unit_word="份",
                ).text
            )
        self.table(
            [_("指标"), _("作答人数"), _("满意（对口）人数"), _("比例（%）")],
            [[q.label, q.n, q.favourable, q.rate] for q in figures.questions],
            [5, 3, 3, 3],
            title=_("毕业生问卷调查结果"),
        )

    def suggestion_source(self, suggestion) -> str:
        """How a suggestion is attributed: by the employer's 单位性质, and by its name only when staff chose."""
        if self.data.name_employers and suggestion.employer:
            return _("%(employer)s，%(nature)s") % {
                "employer": suggestion.employer,
                "nature": suggestion.nature,
            }
        return suggestion.nature

    def employer_suggestions(self) -> None:
        data = self.data
        found = report_selectors.employer_suggestions(data.scope, data.tracked, data.year)
        self.frame.heading(_("用人单位意见和建议"))
        if not found:
            self.frame.paragraph(
                _("%(cohorts)s毕业生的用人单位暂未提出意见和建议。") % {"cohorts": data.tracked.label}
            )
            return
        sources = [self.suggestion_source(s) for s in found]
        groups = themes.group(
            [(s.text, source) for s, source in zip(found, sources, strict=True)],
            representatives=self.SUGGESTION_QUOTES,
        )
        theme_of = {(q.text, q.source): g.theme for g in groups for q in g.items}
        rows = [
            [n, source, theme_of.get((s.text, source), themes.OTHER), s.text]
            for n, (s, source) in enumerate(zip(found, sources, strict=True), 1)
        ]
        source_header = _("用人单位（单位性质）") if data.name_employers else _("单位性质")
        name = self.appendix(
            _("用人单位意见和建议全文"),
            [_("序号"), source_header, _("主题"), _("意见和建议")],
            rows,
            [1, 3 if data.name_employers else 2, 2, 9],
        )
        self.frame.paragraph(
            _(
                "涉及%(cohorts)s毕业生的用人单位共提出意见和建议%(count)s条，按主题归纳为%(themes)s类（全文见%(name)s）：%(list)s。"
            )
            % {
                "cohorts": data.tracked.label,
                "count": len(found),
                "themes": len(groups),
                "name": name,
                "list": "；".join(_("%(theme)s%(n)s条") % {"theme": g.theme, "n": g.size} for g in groups),
            }
        )
        for group in groups:
            self.frame.subheading(_("%(theme)s（%(n)s条）") % {"theme": group.theme, "n": group.size})
            if group.keywords:
                self.frame.paragraph(_("主要涉及：%(words)s。") % {"words": "、".join(group.keywords)})
            for text, natures in quoted_suggestions(group, self.SUGGESTION_QUOTES):
                if len(natures) == 1:
                    source = natures[0]
                else:
                    source = _("%(natures)s等%(n)s家单位") % {
                        "natures": "、".join(dict.fromkeys(natures)),
                        "n": len(natures),
                    }
                self.frame.paragraph(_("“%(text)s”（%(source)s）") % {"text": text, "source": source})

    def problems(self) -> None:
        self.frame.heading(_("问题与改进措施"))
        texts = _split(self.improvements)
        if texts:
            self.paragraphs(texts)
        else:
            self.frame.paragraph(
                _("（本部分尚未填写：请在“统计报告”页面填写问题与改进措施后重新生成报告。）")
            )

    def write_appendices(self) -> None:
        """附表 after the 落款, each on a new page; tables too wide for portrait on landscape pages."""
        landscape = False
        for title, headers, rows, widths in self.appendices:
            wide = len(headers) > docframe.BODY_MAX_COLUMNS
            if wide != landscape:
                self.frame.new_section(landscape=wide)
                landscape = wide
                self.frame.appendix(title, new_page=False)
            else:
                self.frame.appendix(title)
            self.frame.table(headers, [[display(v) for v in row] for row in rows], widths=widths)


PIE_WIDTH = Cm(11)

# A body table longer than this goes to 附表 (a page holds about 40 rows of 9 pt).
BODY_MAX_ROWS = 30


def _split(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def build_docx(data: ReportData) -> bytes:
    """The school's 就业跟踪报告 or a department's 毕业生质量跟踪调查报告 as .docx."""
    return ReportWriter(data).write()


# --- PDF through LibreOffice ---------------------------------------------------------------------------------

FONTCONFIG_TEMPLATE = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>{font_dir}</dir>
  <cachedir>{cache_dir}</cachedir>
  <alias binding="strong"><family>{body}</family><prefer><family>Noto Serif SC</family></prefer></alias>
  <alias binding="strong"><family>{heading}</family><prefer><family>Noto Sans SC</family></prefer></alias>
</fontconfig>
"""


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes) -> bytes:
    """Convert with LibreOffice headless in a private temporary directory (its own profile, so that parallel
    conversions do not share one), with the pip CJK fonts made visible through fontconfig."""
    soffice = soffice_path()
    if soffice is None:
        raise DocumentError(_("未安装 LibreOffice（soffice），无法生成 PDF。"))
    with tempfile.TemporaryDirectory(prefix="gradtrack-report-") as directory:
        work = Path(directory)
        source = work / "report.docx"
        source.write_bytes(docx)
        fonts_conf = work / "fonts.conf"
        fonts_conf.write_text(
            FONTCONFIG_TEMPLATE.format(
                font_dir=cjk_font_path().parent,
                cache_dir=work / "fontcache",
                body=BODY_FONT,
                heading=HEADING_FONT,
            ),
            encoding="utf-8",
        )
        environment = {**os.environ, "FONTCONFIG_FILE": str(fonts_conf), "HOME": str(work)}
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            subprocess.run(
                command,
                env=environment,
                capture_output=True,
                timeout=PDF_TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise DocumentError(_("生成 PDF 超时。")) from error
        result = work / "report.pdf"
        if not result.exists():
            raise DocumentError(_("LibreOffice 未能生成 PDF。"))
        return result.read_bytes()


@dataclass(frozen=True)
class BuiltReport:
    filename: str
    content: bytes
    content_type: str
    graduates: int = 0  # how many graduates' records the report is computed from (for the access log)


def build_report(
    scope: Scope, year: int, kind: str, file_format: str, *, name_employers: bool = False
) -> BuiltReport:
    """The report as a .docx or .pdf file. ``name_employers``: the school and department reports quote the
    employers' suggestions with the employer's name beside its 单位性质 (by default the 单位性质 only)."""
    if kind not in KINDS or file_format not in CONTENT_TYPES:
        raise ValueError(f"{kind}/{file_format}")
    if kind == "comprehensive":  # the 9-15 专题报告 has its own structure, from the visits and forums
        from gradtrack.stats.special_report import build_special_report

        return build_special_report(scope, year, file_format)
    data = report_data(scope, year, kind, name_employers=name_employers)
    content = build_docx(data)
    if file_format == "pdf":
        # Converted twice: the second time with the contents' page numbers read from the first.
        content = docframe.pdf_with_contents_pages(content, docx_to_pdf)
    graduates = data.current.total.graduates + (data.past.total.graduates if data.past else 0)
    return BuiltReport(f"{data.title}.{file_format}", content, CONTENT_TYPES[file_format], graduates)


CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
