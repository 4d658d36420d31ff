"""The 9-15 综合性专题报告 (stats.special_report, issue 14 item 4): its own sections built from the visits, the
forums and the employers' suggestions — not the 就业跟踪报告 with another title."""

import datetime
import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone
from docx import Document

from gradtrack.records.models import Employment
from gradtrack.stats import documents, special_report
from gradtrack.stats.selectors import resolve_scope
from gradtrack.surveys import services
from gradtrack.surveys.models import Campaign, EmployerResponse, SuggestionTheme

pytestmark = pytest.mark.django_db

SECTIONS = [
    "一、走访概况",
    "二、用人单位综合评价",
    "三、毕业生工作适应情况",
    "四、毕业生座谈会情况",
    "五、意见建议",
    "六、改进措施",
]
OPINIONS = [
    ("张伟", "希望学校更新数控实训设备，和企业用的一致。"),
    ("", "顶岗实习时间太短，建议延长到半年。"),
    ("刘洋", "刚入职时和师傅沟通不够，希望在校多练表达。"),
]
NOTES = "1. 建议就业指导课讲清倒班岗位的真实情况，减少离职。\n2、希望学校多组织文体活动"


def _text(content: bytes) -> tuple[list[str], str]:
    document = Document(io.BytesIO(content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    paragraphs = [p.text for p in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return headings, "\n".join(paragraphs + cells)


def _visit(trip, employer, user, **data):
    values = {
        "visited_on": timezone.localdate(),
        "visitors": "刘静",
        "met_whom": "人力资源部赵经理",
        "graduates_situation": "毕业生已转正。",
    }
    return services.visit_record(trip=trip, employer=employer, data={**values, **data}, acting_user=user)


def _visited_year(year, employers, centre, leader):
    campaign = Campaign.objects.filter(year=year, kind=Campaign.Kind.SITE_VISIT).first()
    if campaign is None:
        created = services.campaigns_create_for_year(year=year, acting_user=centre)
        campaign = next(c for c in created if c.kind == Campaign.Kind.SITE_VISIT)
    trip = services.trip_request(
        campaign=campaign,
        data={
            "destination": "攀枝花",
            "people": "刘静",
            "planned_date": timezone.localdate(),
            "estimated_cost": 300,
        },
        employers=employers,
        acting_user=centre,
    )
    services.trip_decide(trip=trip, approve=True, acting_user=leader)
    return campaign, trip


@pytest.fixture
def visited(small_school, centre_user, leader_user):
    """2026: both employers visited (steel 优秀, hotel 一般), a forum with three speakers and two lines of
    notes, and a form's suggestion; 2025: the hotel visited and rated 一般 (the year-on-year comparison)."""
    steel = small_school.employer
    hotel = Employment.objects.get(graduate=small_school.graduates[4]).employer
    campaign, trip = _visited_year(2026, [steel, hotel], centre_user, leader_user)
    _visit(
        trip,
        steel,
        centre_user,
        evaluation="excellent",
        graduates_situation="五名毕业生均已转正，一人担任班组长。",
        assessment="专业基础扎实，踏实肯干。",
        suggestions="建议加强安全操作规程教育。",
    )
    _visit(
        trip,
        hotel,
        centre_user,
        evaluation="fair",
        graduates_situation="个别毕业生对倒班不适应。",
        assessment="服务意识还需提高。",
    )
    forum = services.forum_record(
        campaign=campaign,
        data={
            "held_on": datetime.date(2026, 9, 10),
            "place": "行政楼会议室",
            "attendees": "毕业生代表 12 人",
            "minutes": "转达学校领导的问候。",
            "opinion_notes": NOTES,
        },
        opinions=[{"speaker": who, "text": text} for who, text in OPINIONS],
        acting_user=centre_user,
    )
    invitation = services.invitation_for(campaign, steel)
    EmployerResponse.objects.create(
        invitation=invitation,
        nature="state_owned",
        suggestions="希望学生的识图能力再加强。",
        submitted_at=timezone.now(),
    )
    _before, trip_before = _visited_year(2025, [hotel], centre_user, leader_user)
    _visit(trip_before, hotel, centre_user, evaluation="fair")
    return forum


def test_the_special_report_has_its_own_sections_and_every_forum_opinion(visited):
    report = documents.build_report(resolve_scope(None, "school"), 2026, "comprehensive", "docx")
    headings, text = _text(report.content)

    assert report.filename.endswith("2026届用人单位、毕业生就业跟踪综合性专题报告.docx")
    assert [h for h in headings if h in SECTIONS] == SECTIONS
    assert "附表 意见和建议汇总" in headings
    for _who, opinion in OPINIONS:
        assert opinion in text
    assert "建议就业指导课讲清倒班岗位的真实情况，减少离职。" in text
    assert "希望学校多组织文体活动" in text
    assert "五名毕业生均已转正，一人担任班组长。" in text and "个别毕业生对倒班不适应。" in text
    assert "希望学生的识图能力再加强。" in text and "建议加强安全操作规程教育。" in text
    assert "攀钢集团有限公司" not in text  # quoted by 单位性质, not by name
    assert "（盖章）" in text and "学生就业指导中心" in text


def test_its_sentences_state_the_visits_evaluations_and_the_change_from_last_year(visited):
    data = special_report.special_report_data(resolve_scope(None, "school"), 2026)
    overview = "".join(special_report.overview_sentences(data))

    assert "共记录走访 2 次，走访用人单位 2 家，比上年增加 1 次，覆盖在岗毕业生 8 人" in overview
    assert special_report.evaluation_sentences(data) == [
        "记录整体评价的走访单位 2 家，其中优秀 1 家、一般 1 家；评价为优秀或良好的占 50.0%，"
        "比上年提高 50.0 个百分点。"
    ]
    sizes = {group.theme: group.size for group in data.groups}
    assert sum(sizes.values()) == 7  # 5 forum opinions, 1 visit, 1 form
    assert sizes["其他"] == 1  # 文体活动 touches no theme


def test_the_opinions_are_tagged_and_staff_tags_decide_their_group(visited, centre_user):
    opinions = {o.text: o for o in visited.opinions.all()}
    assert [t.name for t in opinions[OPINIONS[1][1]].themes.all()] == ["实习与校企合作"]

    sports = opinions["希望学校多组织文体活动"]
    services.forum_opinion_set_themes(
        opinion=sports, themes=SuggestionTheme.objects.filter(name="职业素养"), acting_user=centre_user
    )
    data = special_report.special_report_data(resolve_scope(None, "school"), 2026)
    by_theme = {group.theme: [q.text for q in group.items] for group in data.groups}
    assert "希望学校多组织文体活动" in by_theme["职业素养"]
    assert "其他" not in by_theme


def test_the_measures_state_the_themes_by_count_and_the_visits_rated_fair_or_poor(visited):
    _headings, text = _text(
        documents.build_report(resolve_scope(None, "school"), 2026, "comprehensive", "docx").content
    )
    data = special_report.special_report_data(resolve_scope(None, "school"), 2026)
    ranked = "、".join(f"{g.theme}（{g.size} 条）" for g in data.groups if g.theme != "其他")
    assert f"按意见条数，用人单位和毕业生意见较集中的方面依次为：{ranked}。" in text
    assert "整体评价为一般或差的走访单位 1 家（" in text


def test_a_department_report_counts_its_own_graduates_and_names_it_as_issuer(visited):
    report = documents.build_report(resolve_scope(None, "dept:JD"), 2026, "comprehensive", "docx")
    headings, text = _text(report.content)
    assert report.filename == "机电系2026届用人单位、毕业生就业跟踪综合性专题报告.docx"
    assert [h for h in headings if h in SECTIONS] == SECTIONS
    data = special_report.special_report_data(resolve_scope(None, "dept:JD"), 2026)
    assert [(row.label, row.employed) for row in data.plan_rows] == [("机电系", 6)]
    assert data.issuer == "机电系"


def test_a_year_without_a_visit_campaign_says_so(small_school):
    report = documents.build_report(resolve_scope(None, "school"), 2026, "comprehensive", "docx")
    _headings, text = _text(report.content)
    assert "2026年度尚未建立实地走访活动" in text


@pytest.fixture
def demo_school(db):
    from gradtrack.site import demo

    return demo.build_demo_school(graduates=300, employers=40, seed=11, today=datetime.date(2026, 11, 25))


def test_the_demo_schools_special_report_and_tracking_report_differ(demo_school):
    scope = resolve_scope(None, "school")
    special_headings, special = _text(documents.build_report(scope, 2026, "comprehensive", "docx").content)
    tracking_headings, tracking = _text(documents.build_report(scope, 2026, "tracking", "docx").content)

    assert [h for h in special_headings if h in SECTIONS] == SECTIONS
    assert not set(SECTIONS) & set(tracking_headings)
    assert set(special_headings) != set(tracking_headings)
    forum = Campaign.objects.get(year=2026, kind=Campaign.Kind.SITE_VISIT).forums.get()
    for opinion in forum.opinions.all():
        assert opinion.text in special and opinion.text not in tracking
    assert forum.place in special and forum.place not in tracking


needs_office = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice and poppler-utils are installed by `make test` (system-packages)",
)


@needs_office
def test_the_pdf_has_a_cover_contents_with_page_numbers_and_the_sections(visited):
    report = documents.build_report(resolve_scope(None, "school"), 2026, "comprehensive", "pdf")
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "report.pdf"
        path.write_bytes(report.content)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()
    pages = ["".join(page.split()) for page in text.split("\f")]
    assert "综合性专题报告" in pages[0] and "目录" in pages[1]
    for heading in SECTIONS:
        assert heading in pages[1]  # listed in the contents …
        assert any(heading in page for page in pages[2:])  # … and in the body
    assert re.search(r"六、改进措施\.+\d+", pages[1])  # with its page number
