"""The reports as documents (POLICY §9): the school's 就业跟踪报告 and 9-15 综合性专题报告, and a 系's
毕业生质量跟踪调查报告, each with the 应届 and the 往届 apart — as an editable .docx and as a .pdf.

.docx: python-docx, the East Asian font named on every style (w:eastAsia) so that Word does not fall back per
machine; charts are matplotlib PNGs drawn with Noto Sans SC from the PyPI package pylopdf-fonts-zh-cn, so a
fresh machine draws Chinese without any system font.

.pdf: the .docx converted by LibreOffice headless (``soffice --convert-to pdf``) in a temporary directory.
Chosen over drawing a second layout with reportlab: the PDF is then exactly the Word document (one layout to
maintain, the same tables and charts), and LibreOffice is already what the tests use to prove a document
opens. LibreOffice is pointed at the same pip font through a fontconfig file that maps 宋体/黑体 to it, so the
PDF shows Chinese even where no CJK system font is installed.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from gradtrack.core.models import PolicySettings, SchoolProfile
from gradtrack.stats import charts as chart_defs
from gradtrack.stats import selectors
from gradtrack.stats.selectors import Cohorts, Scope, Statistics

BODY_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
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


def chart_png(chart: chart_defs.Chart) -> bytes:
    """The chart as a PNG picture, drawn from the same definition as the page's Chart.js chart."""
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(6.4, 3.4), dpi=CHART_DPI)
    try:
        values = [[0 if v is None else float(v) for v in series] for _name, series in chart.series]
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
                axes.legend(
                    [label for label, _v in pairs], loc="center left", bbox_to_anchor=(1, 0.5), fontsize=8
                )
            axes.axis("equal")
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
            axes.set_xticklabels(
                chart.labels,
                fontsize=8,
                rotation=30 if len(chart.labels) > 4 else 0,
                ha="right" if len(chart.labels) > 4 else "center",
            )
            axes.set_ylabel(chart.unit)
            if len(chart.series) > 1:
                axes.legend(fontsize=8)
            axes.grid(axis="y", alpha=0.3)
        axes.set_title(chart.title, fontsize=11)
        figure.tight_layout()
        buffer = io.BytesIO()
        # Fast PNG compression: the pictures are small, and a report has two dozen of them.
        figure.savefig(buffer, format="png", pil_kwargs={"compress_level": 1})
        return buffer.getvalue()
    finally:
        plt.close(figure)


# --- The Word document ---------------------------------------------------------------------------------------


def _east_asian(style_or_run, name: str) -> None:
    """Name the East Asian font on a style's or run's properties (w:rFonts w:eastAsia)."""
    element = style_or_run.element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), name)
    # A theme font (the template's headings have them) would win over the named one in Word.
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)


def _new_document() -> Document:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    for style_name in ("Normal", "Table Grid", "Caption"):
        if style_name not in [s.name for s in document.styles]:
            continue
        style = document.styles[style_name]
        style.font.name = LATIN_FONT
        style.font.size = Pt(12 if style_name == "Normal" else 10.5)
        _east_asian(style, BODY_FONT)
    for style_name in ("Title", "Heading 1", "Heading 2"):
        style = document.styles[style_name]
        style.font.name = LATIN_FONT
        _east_asian(style, HEADING_FONT)
    return document


def _table(document, headers: list[str], rows: list[list]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(str(header))
        run.bold = True
        run.font.size = Pt(9)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run(display(value))
            run.font.size = Pt(9)
    document.add_paragraph()


def display(value) -> str:
    """A cell as every report prints it: — for a rate over nothing, whole numbers without decimals."""
    if value is None:
        return "—"
    return str(value)


def _chart(document, chart: chart_defs.Chart) -> None:
    document.add_picture(io.BytesIO(chart_png(chart)), width=Cm(15))
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _table(document, chart.headers, chart.rows)


@dataclass
class ReportData:
    kind: str
    scope: Scope
    year: int
    current: Statistics  # the 应届 (the Y届)
    past: Statistics | None  # the 往届 still tracked (Y−n … Y−1届)

    @property
    def title(self) -> str:
        return _("%(scope)s%(year)s届%(kind)s") % {
            "scope": self.scope.label,
            "year": self.year,
            "kind": KINDS[self.kind],
        }


def report_data(scope: Scope, year: int, kind: str, policy: PolicySettings | None = None) -> ReportData:
    """The 应届 (the Y届) and the 往届 (the cohorts still within the tracking service: Y−years … Y−1)."""
    policy = policy or PolicySettings.current()
    current = selectors.statistics_for(scope, Cohorts(year, year), policy)
    past_first = year - policy.service_years
    past = selectors.statistics_for(scope, Cohorts(past_first, year - 1), policy)
    return ReportData(kind, scope, year, current, past if past.total.graduates else None)


def headline_sentences(stats: Statistics) -> list[str]:
    """The generated sentences of the 基本情况 section."""
    total, previous = stats.total, stats.previous
    labels = selectors.figure_labels()
    sentences = [
        _(
            "%(cohort)s共有毕业生%(graduates)s人，其中就业%(employed)s人（含升学、参军），直接就业%(direct)s人。"
        )
        % {
            "cohort": stats.cohorts.label,
            "graduates": total.graduates,
            "employed": total.employed,
            "direct": total.direct,
        },
        selectors.rate_sentence(
            stats.cohorts, _("就业率"), total.employment_rate, previous.employment_rate if previous else None
        ),
        selectors.rate_sentence(
            stats.cohorts, _("对口就业率"), total.matched_rate, previous.matched_rate if previous else None
        ),
    ]
    if total.average_salary is not None:
        sentences.append(
            _("在职毕业生%(label)s为%(salary)s元，%(start_label)s为%(start)s元。")
            % {
                "label": labels["average_salary"].replace("（元）", ""),
                "salary": total.average_salary,
                "start_label": labels["starting_salary"].replace("（元）", ""),
                "start": display(total.starting_salary),
            }
        )
    if total.retention_rate is not None:
        sentences.append(
            _("有首份工作记录的%(first)s人中，%(retained)s人仍在首份工作，留存率为%(rate)s%%。")
            % {"first": total.first_jobs, "retained": total.retained, "rate": total.retention_rate}
        )
    return sentences


CURRENT_CHARTS = (
    "destinations",
    "salary_distribution",
    "employer_natures",
    "industries",
    "sectors",
    "localities",
    "contract_terms",
    "social_insurance",
    "channels",
)
PAST_CHARTS = ("rates_by_cohort", "salary_trend", "retention")
TRACKING_CHARTS = ("changes_by_type", "replacements_by_decision", "accidents")


def tracking_sentences(stats: Statistics | selectors.TrackingFigures) -> list[str]:
    changes = sum(row.count for row in stats.changes)
    late = sum(row.detail["late"] for row in stats.changes)
    requests = sum(row.count for row in stats.replacements)
    placed = sum(row.detail["placed"] for row in stats.replacements)
    cases = sum(row.count for row in stats.accidents)
    return [
        _(
            "%(cohorts)s毕业生共通报变动%(changes)s次，其中未及时通报%(late)s次；申请再次就业安置%(requests)s人次，已安置%(placed)s人次；发生意外事故%(cases)s起。"
        )
        % {
            "cohorts": stats.cohorts.label,
            "changes": changes,
            "late": late,
            "requests": requests,
            "placed": placed,
            "cases": cases,
        }
    ]


FEEDBACK_CHARTS = (
    "feedback_quality",
    "feedback_satisfaction",
    "feedback_items",
    "feedback_items_by_department",
)


def feedback_sentences(stats: Statistics) -> list[str]:
    """The generated sentences of the employer-feedback section."""
    feedback = stats.feedback
    if not feedback.responses:
        return [_("%(cohorts)s毕业生暂无已提交的用人单位反馈。") % {"cohorts": stats.cohorts.label}]
    sentences = [
        _("共收到涉及%(cohorts)s毕业生的用人单位反馈%(count)s份。")
        % {"cohorts": stats.cohorts.label, "count": feedback.responses}
    ]
    if feedback.quality_rate is not None:
        sentences.append(
            _("用人单位认为毕业生整体质量水平“高”或“较高”的占%(rate)s%%。") % {"rate": feedback.quality_rate}
        )
    if feedback.satisfaction_rate is not None:
        sentences.append(_("对毕业生“很满意”或“满意”的占%(rate)s%%。") % {"rate": feedback.satisfaction_rate})
    if feedback.retention_rate is not None:
        sentences.append(
            _("据用人单位填报，近三年到岗的%(hired)s名毕业生中，%(still)s人至今仍在岗，留存率为%(rate)s%%。")
            % {"hired": feedback.hired, "still": feedback.still_employed, "rate": feedback.retention_rate}
        )
    return sentences


def _figures_table(document, stats: Statistics) -> None:
    labels = selectors.figure_labels()
    names = list(stats.total.as_dict())
    _table(document, [_("指标"), _("数值")], [[labels[n], stats.total.as_dict()[n]] for n in names])


def build_docx(data: ReportData) -> bytes:
    school = SchoolProfile.current()
    document = _new_document()
    document.add_heading(data.title, level=0)
    meta = document.add_paragraph(
        _("%(school)s %(office)s　%(date)s")
        % {
            "school": school.name,
            "office": school.office,
            "date": timezone.localdate().strftime("%Y年%m月%d日"),
        }
    )
    meta.alignment = WD_ALIGN_PARAGRAPH.CENTER

    current = data.current
    document.add_heading(_("一、基本情况"), level=1)
    for sentence in headline_sentences(current):
        document.add_paragraph(sentence)
    if data.past:
        for sentence in headline_sentences(data.past)[:2]:
            document.add_paragraph(sentence)

    document.add_heading(_("二、应届毕业生（%(year)s届）就业情况") % {"year": data.year}, level=1)
    document.add_heading(_("（一）主要指标"), level=2)
    _figures_table(document, current)
    breakdown = (
        "rates_by_major" if data.scope.kind in ("dept", "category", "major") else "rates_by_department"
    )
    document.add_heading(_("（二）分系部、分专业就业率"), level=2)
    _chart(document, chart_defs.CHARTS[breakdown](current))
    if breakdown == "rates_by_department":
        chart = chart_defs.rates_by_major(current)
        _table(document, chart.headers, chart.rows)
    document.add_heading(_("（三）就业去向、薪酬与就业质量"), level=2)
    for key in CURRENT_CHARTS:
        chart = chart_defs.CHARTS[key](current)
        if not chart.is_empty:
            _chart(document, chart)

    if data.past:
        document.add_heading(
            _("三、往届毕业生（%(cohorts)s）跟踪情况") % {"cohorts": data.past.cohorts.label}, level=1
        )
        _figures_table(document, data.past)
        for key in PAST_CHARTS:
            _chart(document, chart_defs.CHARTS[key](data.past))

    document.add_heading(_("四、用人单位反馈"), level=1)
    for number, stats in ((_("（一）"), current), (_("（二）"), data.past)):
        if stats is None:
            continue
        document.add_heading(
            _("%(number)s%(cohorts)s毕业生") % {"number": number, "cohorts": stats.cohorts.label}, level=2
        )
        for sentence in feedback_sentences(stats):
            document.add_paragraph(sentence)
        if stats.feedback.responses:
            for key in FEEDBACK_CHARTS:
                chart = chart_defs.CHARTS[key](stats)
                if not chart.is_empty:
                    _chart(document, chart)

    numbers = iter([_("五"), _("六"), _("七")])
    progress = chart_defs.survey_progress(current)
    if progress.rows:
        document.add_heading(_("%(n)s、调查工作进度") % {"n": next(numbers)}, level=1)
        _chart(document, progress)

    tracked = Cohorts(data.year - current.policy.service_years, data.year)
    tracking = selectors.tracking_figures(data.scope, tracked)
    document.add_heading(
        _("%(n)s、跟踪服务（%(cohorts)s）") % {"n": next(numbers), "cohorts": tracking.cohorts.label}, level=1
    )
    for sentence in tracking_sentences(tracking):
        document.add_paragraph(sentence)
    for key in TRACKING_CHARTS:
        chart = chart_defs.CHARTS[key](tracking)
        if not chart.is_empty:
            _chart(document, chart)

    document.add_heading(_("%(n)s、待核查记录") % {"n": next(numbers)}, level=1)
    labels = selectors.flag_labels()
    flagged = current.flagged
    document.add_paragraph(
        _("按当地最低工资标准%(wage)s元/月核查，%(cohort)s共有%(total)s条记录需要核查：")
        % {
            "wage": selectors.yuan(current.policy.local_minimum_wage),
            "cohort": current.cohorts.label,
            "total": flagged["total"],
        }
    )
    _table(document, [_("核查原因"), _("人数")], [[label, flagged[name]] for name, label in labels.items()])

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


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


def build_report(scope: Scope, year: int, kind: str, file_format: str) -> BuiltReport:
    """The report as a .docx or .pdf file."""
    if kind not in KINDS or file_format not in CONTENT_TYPES:
        raise ValueError(f"{kind}/{file_format}")
    if kind == "comprehensive":  # the 9-15 专题报告 has its own structure, from the visits and forums
        from gradtrack.stats.special_report import build_special_report

        return build_special_report(scope, year, file_format)
    data = report_data(scope, year, kind)
    content = build_docx(data)
    if file_format == "pdf":
        content = docx_to_pdf(content)
    graduates = data.current.total.graduates + (data.past.total.graduates if data.past else 0)
    return BuiltReport(f"{data.title}.{file_format}", content, CONTENT_TYPES[file_format], graduates)


CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
