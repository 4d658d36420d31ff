"""Statistics pages and exports: the access trio, and the same number on the page, in the .xlsx and the .docx."""

import io
import re

import pytest
from docx import Document
from openpyxl import load_workbook

from gradtrack.core import reference

pytestmark = pytest.mark.django_db

JD_2026 = {"scope": "dept:JD", "first": 2026, "last": 2026}


def _sheet_rows(content: bytes, sheet: str | None = None) -> list[list]:
    workbook = load_workbook(io.BytesIO(content))
    worksheet = workbook[sheet] if sheet else workbook.active
    return [list(row) for row in worksheet.iter_rows(values_only=True)]


def _figure(html: str, name: str) -> str:
    return re.search(rf'data-figure="{name}">([^<]*)<', html).group(1)


@pytest.mark.parametrize(
    "client_name, scope, status",
    [
        ("centre_client", "school", 200),
        ("centre_client", "dept:XX", 200),
        ("dept_client", "dept:JD", 200),
        ("dept_client", "dept:XX", 404),
        ("other_dept_client", "dept:XX", 200),
        ("other_dept_client", "dept:JD", 404),
        ("leader_client", "dept:JD", 200),
    ],
)
@pytest.mark.parametrize("url", ["/stats/", "/stats/export/rates_by_cohort/", "/stats/provincial/"])
def test_access_trio_for_pages_and_exports(small_school, request, client_name, scope, status, url):
    client = request.getfixturevalue(client_name)
    assert client.get(url, {"scope": scope, "first": 2026, "last": 2026}).status_code == status


@pytest.mark.parametrize("url", ["/stats/", "/stats/provincial/", "/stats/report/", "/stats/submissions/"])
def test_anonymous_users_are_sent_to_sign_in(client, url, db):
    response = client.get(url)
    assert response.status_code == 302
    assert "/login" in response["Location"] or "login" in response["Location"]


def test_a_department_user_sees_their_department_as_the_whole(small_school, dept_client):
    html = dept_client.get("/stats/", {"first": 2026, "last": 2026}).content.decode()
    assert _figure(html, "graduates") == "10"
    assert "信息技术系" not in html


def test_the_page_the_xlsx_the_docx_and_the_api_give_the_same_employment_rate(
    small_school, centre_client, centre_user
):
    html = centre_client.get("/stats/", JD_2026).content.decode()
    assert _figure(html, "employment_rate") == "70.0"
    assert "2026届毕业生就业率为70.0%，较上届下降5.0个百分点。" in html

    rows = _sheet_rows(centre_client.get("/stats/export/rates_by_cohort/", JD_2026).content)
    assert rows[0][:4] == ["届别", "毕业人数", "就业人数", "就业率（%）"]
    assert rows[1][:4] == ["2026届", 10, 7, 70]

    provincial = centre_client.get("/stats/provincial/", JD_2026).content
    by_major = _sheet_rows(provincial, "按专业")
    headers = by_major[1]
    row = by_major[2]
    assert row[headers.index("专业名称")] == "数控技术应用"
    assert row[headers.index("就业率（%）")] == 70

    response = centre_client.get(
        "/stats/report/", {**JD_2026, "year": 2026, "kind": "department", "file_format": "docx"}
    )
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "2026届就业率70.0%" in text

    from gradtrack.testing.api import bearer_client

    body = bearer_client(centre_user).get("/api/v1/statistics/", JD_2026).json()
    assert body["total"]["employment_rate"] == 70.0


def test_the_provincial_table_has_the_policy_columns_and_lists_flagged_records(small_school, centre_client):
    content = centre_client.get(
        "/stats/provincial/", {"scope": "school", "first": 2026, "last": 2026}
    ).content
    by_category = _sheet_rows(content, "按专业大类")
    headers = by_category[1]
    groups = [
        row["name"]
        for row in reference.rows(reference.DESTINATIONS)
        if row["scheme"] == "zhongzhi" and not row["code"].startswith("ZZ-AGG")
    ]
    for column in [
        "毕业学生人数",
        "就业学生人数",
        "就业率（%）",
        *groups,
        "直接就业人数",
        "直接就业率（%）",
        "升学率（%）",
        "对口就业人数",
        "对口就业率（%）",
        "学校推荐",
        "本地",
        "异地",
        "境外",
        "城区",
        "乡村",
        "未签合同",
        "1年及以内",
        "1-2（含）年",
        "3年以上",
        "有社会保险",
        "第一产业",
        "第三产业",
        "起薪1001–2000元",
        "平均起薪（元）",
    ]:
        assert column in headers
    total = by_category[-1]
    assert total[1] == "合计"
    assert total[headers.index("毕业学生人数")] == 12
    # small_school's majors are in 大类 71, named as the 2021 catalogue names it
    category = next(r for r in reference.rows(reference.MAJOR_CATEGORIES) if r["code"] == "71")
    assert by_category[2][:2] == ["71", category["name"]]
    flagged = _sheet_rows(content, "核对清单")
    assert flagged[1][:2] == ["学号", "姓名"]
    # the three flagged records (g5, g6, g10) among those the check list names (test_exports.py)
    assert {"2026000005", "2026000006", "2026000010"} <= {row[0] for row in flagged[2:]}


def test_an_unknown_chart_is_a_404(centre_client):
    assert centre_client.get("/stats/export/nothing/").status_code == 404


def test_a_bad_query_shows_its_error_and_the_default_statistics(small_school, centre_client):
    response = centre_client.get("/stats/", {"first": 2026, "last": 2024})
    assert response.status_code == 200
    assert "起始届别不能晚于结束届别" in response.content.decode()


@pytest.mark.parametrize("client_name", ["centre_client", "dept_client", "leader_client"])
def test_the_report_page_opens_for_every_staff_role(client_name, request, small_school):
    assert request.getfixturevalue(client_name).get("/stats/report/").status_code == 200


def test_a_downloaded_report_is_written_to_the_access_log(small_school, dept_client, dept_user):
    from gradtrack.security.models import AccessLogEntry

    response = dept_client.get(
        "/stats/report/", {"scope": "dept:JD", "year": 2026, "kind": "department", "file_format": "docx"}
    )
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get()
    assert (entry.action, entry.actor) == (AccessLogEntry.Action.DOWNLOAD, dept_user)
    assert entry.subject.endswith(".docx") and "2026届" in entry.subject
    assert entry.record_count > 0


def test_a_department_user_cannot_download_another_departments_report(small_school, dept_client):
    response = dept_client.get(
        "/stats/report/", {"scope": "dept:XX", "year": 2026, "kind": "department", "file_format": "docx"}
    )
    assert response.status_code == 404


def test_the_page_loads_chart_js_from_the_site_and_no_inline_script(small_school, centre_client):
    html = centre_client.get("/stats/").content.decode()
    assert "/static/vendor/chart.js/chart.umd.min.js" in html
    assert '<script id="stats-charts" type="application/json">' in html
    inline = [
        s for s in re.findall(r"<script([^>]*)>", html) if "src=" not in s and "application/json" not in s
    ]
    assert inline == []


def test_the_flagged_sheet_masks_salaries_for_leaders_and_the_export_is_logged(small_school, leader_client):
    from gradtrack.security.models import AccessLogEntry

    content = leader_client.get(
        "/stats/provincial/", {"scope": "school", "first": 2026, "last": 2026}
    ).content
    flagged = _sheet_rows(content, "核对清单")
    salary_column = flagged[1].index("在职月薪（元）")
    assert {row[salary_column] for row in flagged[2:]} <= {"****", None}
    assert AccessLogEntry.objects.filter(record_count=len(flagged) - 2).exists()
