"""The written reports (issue 14): the sections a 中职 就业质量报告 has, the rule-chosen comparison sentences with
the numbers of a hand-built dataset, every employer suggestion in the report or its appendix, the department
report as the department's, and the PDF that LibreOffice makes of it."""

import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from gradtrack.stats import charts, documents, selectors
from gradtrack.stats.docframe import chinese_date, chinese_number
from gradtrack.stats.selectors import resolve_scope
from gradtrack.stats.tests.conftest import _graduate, _job

pytestmark = pytest.mark.django_db

needs_office = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice and poppler-utils are installed by `make test` (system-packages)",
)

SECTIONS = [
    "前言",
    "基本情况",
    "应届毕业生就业状况（2026届）",
    "往届毕业生就业状况（2025届）",
    "跟踪服务工作开展情况",
    "用人单位评价",
    "用人单位意见和建议",
    "毕业生评价",
    "问题与改进措施",
]

SUGGESTIONS = {
    # the employer's words → the 单位性质 the report names it by
    "希望加强学生的实操训练，多接触企业现在用的设备": "国有企业",
    "建议延长顶岗实习时间，开设订单班": "私营企业",
    "学生吃苦耐劳精神有待加强，工作态度要端正": "事业单位",
}
# A response of the year that names no graduate: the school's, not a department's.
UNNAMED_SUGGESTION = "感谢学校一直以来的支持，希望继续推荐毕业生"
DRAFT_SUGGESTION = "这条意见仍是草稿，未提交"


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(paragraphs + cells)


def _headings(content: bytes, level: int) -> list[str]:
    document = Document(io.BytesIO(content))
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


@pytest.fixture
def report_school(small_school, feedback):
    """The small school of conftest, with a 2025届 large enough to compare with and employers' suggestions.

    2025届 of 数控技术应用 (机电系): the four of conftest (g20 11, g21 11, g22 80 升学, g23 70 待就业) and three more
    11s (g24–g26): 7 graduates, 6 employed → 85.7 %; direct 5, of which g20 and g21 对口 → 40.0 %; first jobs of
    g20, g21, g24–g26 at 3000 → 平均起薪 3000.
    2026届 (conftest): 就业率 70.0 % (fall of 15.7 points), 对口 50.0 % (rise of 10.0 points), 平均起薪 3860
    (rise of 860 元, 28.7 %); the employers' feedback on 机电系 2026届 is two responses (too few to rate).
    """
    from gradtrack.surveys.models import EmployerResponse, Invitation

    g = small_school.graduates
    major = g[20].major
    for n in (24, 25, 26):
        g[n] = _graduate(major, n, 2025, "11")
    for n in (20, 21, 24, 25, 26):
        _job(g[n], small_school.employer, 3000, matches=n in (20, 21), start=(2025, 7, 1))
    responses = list(EmployerResponse.objects.filter(submitted_at__isnull=False).order_by("pk"))
    natures = ["state_owned", "private", "institution"]
    for response, (text, _nature), nature in zip(responses, SUGGESTIONS.items(), natures, strict=False):
        response.suggestions = text
        response.nature = nature
        response.unit_name = "攀钢集团有限公司"
        response.save()
    draft = EmployerResponse.objects.get(submitted_at__isnull=True)
    draft.suggestions = DRAFT_SUGGESTION
    draft.save()
    invitation = Invitation.objects.create(
        campaign=feedback,
        employer=small_school.employer,
        public_id="stats-test-unnamed",
        sent_at=timezone.now(),
        submitted_at=timezone.now(),
    )
    EmployerResponse.objects.create(
        invitation=invitation, submitted_at=invitation.submitted_at, suggestions=UNNAMED_SUGGESTION
    )
    return small_school


def _report(scope: str, kind: str, file_format: str = "docx"):
    return documents.build_report(resolve_scope(None, scope), 2026, kind, file_format)


def test_the_school_report_has_every_section_of_a_quality_report_numbered_without_gaps(report_school):
    content = _report("school", "tracking").content
    headings = _headings(content, 1)
    numbered = [h for h in headings if h != "前言" and not h.startswith("附表")]
    for section in SECTIONS:
        assert any(h.endswith(section) for h in headings), (section, headings)
    assert [h.split("、", 1)[0] for h in numbered] == [chinese_number(n) for n in range(1, len(numbered) + 1)]
    # Contents, 落款 and the appendix after it.
    text = _docx_text(content)
    assert "目　录" in text and "（盖章）" in text
    assert headings[-1].startswith("附表")


def test_the_sections_open_with_the_comparison_sentences_chosen_by_the_rules(report_school):
    text = _docx_text(_report("dept:JD", "department").content)
    # a fall: 70.0 % against 85.7 %
    assert "2026届就业率70.0%，比上届下降15.7个百分点。" in text
    # a rise in points and a rise in 元
    assert "2026届对口就业率50.0%，比上届提高10.0个百分点。" in text
    assert "2026届平均起薪3860元，比上届提高860元（增长28.7%）。" in text
    # too few answers: the two employers' rating is not turned into a percentage
    assert (
        "2026届用人单位对毕业生质量评价“高”或“较高”的比例仅有2份的数据（少于5份），样本过少，暂不作评价。"
        in text
    )
    # the head count and its change (10 against 7)
    assert "2026届共有毕业生10人，比上届增加3人。" in text
    # the employers' retention: eight hired are enough for a rate; 信息技术系's two are not
    assert "据用人单位填报，近三年到岗的8名毕业生中，5人至今仍在岗，留存率为62.5%。" in text
    other = _docx_text(_report("dept:XX", "department").content)
    assert "据用人单位填报，近三年到岗的2名毕业生中，2人至今仍在岗。" in other


def test_every_suggestion_of_the_dataset_is_in_the_school_report_by_its_employers_nature(report_school):
    text = _docx_text(_report("school", "tracking").content)
    for suggestion, nature in SUGGESTIONS.items():
        assert f"“{suggestion}”（{nature}）" in text  # each is its theme's representative here
    assert UNNAMED_SUGGESTION in text
    assert DRAFT_SUGGESTION not in text  # not submitted
    assert "攀钢集团有限公司" not in text  # quoted by 单位性质, never by name
    # The full list in 附表, each with its 单位性质 beside it.
    document = Document(io.BytesIO(_report("school", "tracking").content))
    appendix = document.tables[-1]
    assert [c.text for c in appendix.rows[0].cells] == ["序号", "单位性质", "主题", "意见和建议"]
    listed = {row.cells[3].text: row.cells[1].text for row in appendix.rows[1:]}
    assert {k: listed[k] for k in SUGGESTIONS} == SUGGESTIONS
    assert UNNAMED_SUGGESTION in listed
    # Grouped by theme (surveys.themes): the 专业技能 suggestion under its theme's heading.
    assert any(
        h.startswith("（") and "专业技能" in h for h in _headings(_report("school", "tracking").content, 2)
    )


def test_staff_may_choose_to_quote_the_employers_by_name_too(report_school, centre_client):
    """Issue 14 item 2: 单位性质 by default; the employer's name beside it only when staff choose."""
    scope = resolve_scope(None, "school")
    named = documents.build_report(scope, 2026, "tracking", "docx", name_employers=True).content
    text = _docx_text(named)
    assert "（攀钢集团有限公司，国有企业）" in text
    appendix = Document(io.BytesIO(named)).tables[-1]
    assert appendix.rows[0].cells[1].text == "用人单位（单位性质）"
    # The report page's checkbox reaches the document; unchecked, no name.
    query = {"scope": "school", "year": 2026, "kind": "tracking", "file_format": "docx"}
    page = centre_client.get(reverse("stats:report"), {**query, "name_employers": "on"})
    assert "（攀钢集团有限公司，国有企业）" in _docx_text(page.content)
    assert "攀钢集团有限公司" not in _docx_text(centre_client.get(reverse("stats:report"), query).content)


def test_the_department_report_keeps_its_own_suggestions_only(report_school):
    text = _docx_text(_report("dept:JD", "department").content)
    assert "希望加强学生的实操训练，多接触企业现在用的设备" in text
    assert UNNAMED_SUGGESTION not in text


def test_the_department_report_is_the_departments(report_school):
    report = _report("dept:JD", "department")
    assert report.filename == "机电系2026届毕业生质量跟踪调查报告.docx"
    document = Document(io.BytesIO(report.content))
    paragraphs = [p.text for p in document.paragraphs]
    text = _docx_text(report.content)
    # Its name as issuer on the cover (under the title) and in the 落款.
    cover = paragraphs[: paragraphs.index("目　录")]
    assert "机电系2026届毕业生质量跟踪调查报告" in cover
    assert [p for p in cover if p][-2:] == ["机电系", chinese_date(timezone.localdate())]
    signature = paragraphs.index("（盖章）")
    assert [p for p in paragraphs[signature:] if p][1:3] == ["机电系", chinese_date(timezone.localdate())]
    assert "学生就业指导中心" not in text
    # 应届 and 往届 apart, the range naming only 届 that have graduates (2023 and 2024 have none).
    headings = _headings(report.content, 1)
    assert "二、应届毕业生就业状况（2026届）" in headings
    assert "三、往届毕业生就业状况（2025届）" in headings
    assert "2023—2025届" not in text
    numbered = [h for h in headings if h != "前言" and not h.startswith("附表")]
    assert [h.split("、", 1)[0] for h in numbered] == ["一", "二", "三", "四", "五", "六", "七", "八"]
    # No school-wide wording.
    for wording in ("分系部", "各系部", "系部分布"):
        assert wording not in text


def test_the_change_table_and_the_text_give_one_number_of_accidents(report_school, tracking_events):
    text = _docx_text(_report("dept:JD", "department").content)
    # One accident within the service period (conftest: g3, closed) — as a case, not as a change type too.
    assert "发生意外事故1起，其中服务期内1起（已结案1起），服务期外0起。" in text
    document = Document(io.BytesIO(_report("dept:JD", "department").content))
    change_tables = [t for t in document.tables if t.rows[0].cells[0].text == "变动类型"]
    assert change_tables
    assert "意外事故" not in [row.cells[0].text for row in change_tables[0].rows]


def test_staff_text_is_printed_and_next_years_draft_starts_from_it(report_school, centre_user):
    from gradtrack.stats import report_selectors, services

    services.report_text_save(
        year=2026,
        department=None,
        foreword="本年度学校新建了智能制造实训基地。",
        improvements="一、对口就业率偏低。\n二、将加强校企合作。",
        acting_user=centre_user,
    )
    text = _docx_text(_report("school", "tracking").content)
    assert "本年度学校新建了智能制造实训基地。" in text
    assert "二、将加强校企合作。" in text
    # Not in the department's report: it has its own text.
    assert "智能制造实训基地" not in _docx_text(_report("dept:JD", "department").content)
    draft = report_selectors.report_text_draft(2027, None)
    assert (draft.saved, draft.from_year, draft.foreword) == (
        None,
        2026,
        "本年度学校新建了智能制造实训基地。",
    )


def test_the_docx_names_an_east_asian_font_and_holds_chart_pictures(report_school):
    report = _report("school", "tracking")
    document = Document(io.BytesIO(report.content))
    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "宋体"
    pictures = [r for r in document.part.rels.values() if r.reltype.endswith("/image")]
    assert len(pictures) >= 8


def test_body_tables_fit_a_page_and_wide_ones_are_in_the_appendix(report_school):
    from docx.table import Table

    from gradtrack.stats.docframe import BODY_MAX_COLUMNS

    document = Document(io.BytesIO(_report("school", "tracking").content))
    in_appendix, widths = False, {"body": [], "appendix": []}
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            widths["appendix" if in_appendix else "body"].append(len(block.columns))
        elif block.style.name == "Heading 1" and block.text.startswith("附表"):
            in_appendix = True
    assert widths["body"] and max(widths["body"]) <= BODY_MAX_COLUMNS
    # the 16 items with every rating's count and share (11 columns) wait in 附表
    assert max(widths["appendix"]) > BODY_MAX_COLUMNS


def _chart_stats():
    return selectors.statistics_for(resolve_scope(None, "school"), selectors.Cohorts(2026, 2026))


def test_a_chart_png_is_drawn_with_the_cjk_font_from_pypi(small_school):
    from matplotlib import rcParams
    from PIL import Image

    png = documents.chart_png(charts.employer_natures(_chart_stats()))
    assert Image.open(io.BytesIO(png)).format == "PNG"
    assert rcParams["font.family"] == ["Noto Sans SC"]


@pytest.mark.parametrize(
    "key", ["rates_by_department", "feedback_items", "changes_by_type", "employer_natures"]
)
def test_a_charts_legend_stays_outside_its_bars(report_school, tracking_events, key):
    figure, axes, legend = documents.chart_figure(charts.CHARTS[key](_chart_stats()))
    try:
        figure.canvas.draw()
        renderer = figure.canvas.get_renderer()
        plot = axes.get_window_extent(renderer)
        box = legend.get_window_extent(renderer)
        assert not plot.overlaps(box), (key, plot, box)
    finally:
        figure.clear()


def test_a_count_chart_steps_in_whole_numbers_and_its_digits_use_the_cjk_font(report_school, tracking_events):
    figure, axes, _legend = documents.chart_figure(charts.changes_by_type(_chart_stats()))
    try:
        figure.canvas.draw()
        ticks = axes.get_yticks()
        assert all(float(t).is_integer() for t in ticks)
        assert {label.get_fontname() for label in axes.get_yticklabels()} == {"Noto Sans SC"}
    finally:
        figure.clear()


@needs_office
def test_the_pdf_shows_the_cover_the_contents_with_page_numbers_and_the_signature(report_school, tmp_path):
    report = _report("dept:JD", "department", "pdf")
    assert report.content.startswith(b"%PDF")
    path = tmp_path / "report.pdf"
    path.write_bytes(report.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()
    pages = ["".join(page.split()) for page in text.split("\f")]
    assert "机电系2026届毕业生质量跟踪调查报告" in pages[0]
    assert "目录" in pages[1]
    contents = ["".join(line.split()) for line in text.split("\f")[1].splitlines()]
    body_page = next(n for n, page in enumerate(pages, 1) if n > 2 and page.startswith("前言"))
    assert any(line.startswith("前言") and line.endswith(str(body_page)) for line in contents), contents
    signature = next(n for n, page in enumerate(pages) if "（盖章）" in page)
    assert "机电系" in pages[signature] and chinese_date(timezone.localdate()) in pages[signature]
    assert any("附表" in page for page in pages[signature + 1 :])
    assert "2026届就业率70.0%，比上届下降15.7个百分点。" in "".join(pages)
    images = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, check=True
    ).stdout.decode()
    assert len(images.strip().splitlines()) > 2  # two header lines, then one line per picture


def test_the_same_words_from_several_employers_are_quoted_once_with_every_nature():
    from gradtrack.surveys.themes import Quoted, ThemeGroup

    items = [
        Quoted("多开展实训", "私营企业"),
        Quoted("多开展实训", "国有企业"),
        Quoted("加强实操", "私营企业"),
    ]
    group = ThemeGroup("专业技能", items, representative=[items[0], items[1]])
    assert documents.quoted_suggestions(group, 3) == [
        ("多开展实训", ["私营企业", "国有企业"]),
        ("加强实操", ["私营企业"]),
    ]


def test_no_range_in_the_school_report_names_a_cohort_without_graduates(report_school):
    import re

    text = _docx_text(_report("school", "tracking").content)
    ranges = set(re.findall(r"(\d{4})—(\d{4})届", text))
    assert ranges  # the tracked cohorts, the 往届 feedback …
    assert all(int(first) >= 2025 for first, _last in ranges), ranges  # 2023 and 2024 have nobody
