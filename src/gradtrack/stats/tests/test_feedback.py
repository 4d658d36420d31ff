"""Employer-feedback figures (surveys' responses) on the hand-built school: see conftest.feedback."""

from decimal import Decimal

import pytest

from gradtrack.stats import charts, selectors
from gradtrack.stats.selectors import Cohorts, resolve_scope

pytestmark = pytest.mark.django_db


def _stats(scope):
    return selectors.statistics_for(resolve_scope(None, scope), Cohorts(2026, 2026))


def test_a_department_counts_the_submitted_responses_that_name_its_graduates_once_each(feedback):
    stats = _stats("dept:JD")
    assert stats.feedback.responses == 2
    assert stats.feedback.quality_rate == Decimal("50.0")
    assert stats.feedback.satisfaction_rate == Decimal("100.0")


def test_the_school_counts_every_department(feedback):
    stats = _stats("school")
    assert stats.feedback.responses == 3
    assert stats.feedback.quality_rate == Decimal("33.3")
    assert stats.feedback.satisfaction_rate == Decimal("66.7")
    assert stats.feedback.retention_rate == Decimal("70.0")  # (4 + 1 + 2) ÷ (5 + 3 + 2)


def test_retention_reported_by_employers_is_still_employed_over_hired(feedback):
    assert _stats("dept:JD").feedback.retention_rate == Decimal("62.5")  # (4 + 1) ÷ (5 + 3)


def test_each_of_the_sixteen_items_is_counted_per_rating(feedback):
    items = {item.key: item for item in _stats("dept:JD").feedback.items}
    assert len(items) == 16
    assert items["political"].counts == {"excellent": 1, "good": 1, "fair": 0, "poor": 0}
    assert items["political"].good_rate == Decimal("100.0")
    assert items["knowledge"].good_rate == Decimal("50.0")
    assert items["physical"].answered == 0 and items["physical"].good_rate is None


def test_quality_and_satisfaction_shares(feedback):
    stats = _stats("school")
    assert [(s.label, s.count, s.percent) for s in stats.feedback.quality] == [
        ("高", 1, Decimal("33.3")),
        ("较高", 0, Decimal("0.0")),
        ("一般", 1, Decimal("33.3")),
        ("低", 1, Decimal("33.3")),
    ]


def test_the_items_by_department_table_lists_each_department_and_item(feedback):
    chart = charts.feedback_items_by_department(_stats("school"))
    assert [s[0] for s in chart.series] == ["机电系", "信息技术系"]
    assert len(chart.rows) == 32
    assert chart.rows[0][:2] == ["机电系", "思想政治表现"]


def test_survey_progress_shows_the_years_campaigns(feedback):
    progress = _stats("school").survey_progress
    assert [(row.campaign, row.sent, row.returned) for row in progress] == [
        ("2026年应届毕业生跟踪登记表", 4, 3)
    ]
    assert progress[0].response_rate == Decimal("75.0")


def test_without_responses_the_feedback_is_empty_not_an_error(small_school):
    stats = _stats("school")
    assert stats.feedback.responses == 0
    assert stats.feedback.quality_rate is None
    assert charts.feedback_items(stats).is_empty


def test_the_page_the_xlsx_the_docx_and_the_api_give_the_same_satisfaction_rate(
    feedback, centre_client, centre_user
):
    import io
    import re

    from docx import Document
    from openpyxl import load_workbook

    from gradtrack.testing.api import bearer_client

    query = {"scope": "school", "first": 2026, "last": 2026}
    html = centre_client.get("/stats/", query).content.decode()
    assert re.search(r'data-figure="feedback_satisfaction_rate">([^<]*)<', html).group(1) == "66.7"

    sheet = load_workbook(
        io.BytesIO(centre_client.get("/stats/export/feedback_satisfaction/", query).content)
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1:3] == [("很满意", 1, 33.3), ("满意", 1, 33.3)]

    response = centre_client.get(
        "/stats/report/", {**query, "year": 2026, "kind": "tracking", "file_format": "docx"}
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    # Three answers are too few for the report to state a rate (stats.sentences.MIN_COUNT); it says so.
    assert "2026届用人单位满意率（“很满意”或“满意”）仅有3份的数据（少于5份），样本过少，暂不作评价。" in text
    assert "共收到涉及2026届毕业生的用人单位反馈3份。" in text
    assert "（一）用人单位调查" in text
    tables = Document(io.BytesIO(response.content)).tables
    satisfaction = next(t for t in tables if t.rows[0].cells[0].text == "满意度")
    assert [c.text for c in satisfaction.rows[1].cells] == ["很满意", "1", "33.3"]

    body = bearer_client(centre_user).get("/api/v1/statistics/", query).json()
    assert body["feedback"]["satisfaction_rate"] == 66.7
    assert body["feedback"]["items"][0] == {
        "key": "political",
        "label": "思想政治表现",
        "excellent": 1,
        "good": 1,
        "fair": 0,
        "poor": 1,
        "answered": 3,
        "good_rate": 66.7,
    }
    assert body["survey_progress"][0]["returned"] == 3
