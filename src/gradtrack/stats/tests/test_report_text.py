"""Staff write what figures cannot (issue 14 item 3): the 前言 and 问题与改进措施 of a year's report, entered
on the report page or through the API, with history, and the next year's draft starting from them."""

import pytest

from gradtrack.core.models import HistoryEntry
from gradtrack.stats.models import ReportText

pytestmark = pytest.mark.django_db

URL = "/stats/report/"


def _post(client, scope, year=2026, foreword="前言段落。", improvements="改进措施。"):
    return client.post(
        URL,
        {
            "text-year": year,
            "text-scope": scope,
            "text-foreword": foreword,
            "text-improvements": improvements,
        },
    )


def test_the_centre_saves_the_schools_text_with_history_and_sees_it_again(centre_client):
    response = _post(centre_client, "school", improvements="一、对口就业率偏低。\n二、加强校企合作。")
    assert response.status_code == 302
    assert "text_year=2026" in response["Location"] and "text_scope=school" in response["Location"]
    text = ReportText.objects.get(year=2026, department=None)
    assert text.improvements == "一、对口就业率偏低。\n二、加强校企合作。"
    assert HistoryEntry.objects.filter(model="stats.reporttext", action="create").count() == 1
    _post(centre_client, "school", improvements="改过的措施。")
    assert HistoryEntry.objects.filter(model="stats.reporttext", action="update").count() == 1
    html = centre_client.get(URL, {"text_year": 2026, "text_scope": "school"}).content.decode()
    assert "改过的措施。" in html and "保存报告文字" in html


def test_next_years_draft_starts_from_last_years_text(centre_client):
    _post(centre_client, "school", foreword="去年的前言。")
    html = centre_client.get(URL, {"text_year": 2027, "text_scope": "school"}).content.decode()
    assert "以下内容取自2026届报告" in html
    assert "去年的前言。" in html
    assert not ReportText.objects.filter(year=2027).exists()  # a draft until saved


def test_a_department_writes_its_own_reports_text_only(dept_client, department, other_department):
    assert _post(dept_client, f"dept:{department.code}").status_code == 302
    assert ReportText.objects.get(year=2026, department=department).foreword == "前言段落。"
    for scope in ("school", f"dept:{other_department.code}"):
        response = _post(dept_client, scope, foreword="不该保存")
        assert response.status_code == 200  # the form again, with the reason
        assert "报告：" in response.content.decode()
        assert "不该保存" not in [t.foreword for t in ReportText.objects.all()]
    html = dept_client.get(URL).content.decode()
    assert "全校报告" not in html


def test_a_leader_reads_the_text_but_cannot_change_it(client, centre_user, leader_user):
    client.force_login(centre_user)
    _post(client, "school", foreword="中心写的前言。")
    client.force_login(leader_user)
    html = client.get(URL, {"text_year": 2026, "text_scope": "school"}).content.decode()
    assert "中心写的前言。" in html and "保存报告文字" not in html
    response = _post(client, "school", foreword="校领导改的")
    assert "没有权限修改这份报告的文字。" in response.content.decode()
    assert ReportText.objects.get(year=2026, department=None).foreword == "中心写的前言。"


def test_the_api_reads_the_draft_and_saves_the_text(centre_api, dept_api, leader_api, department):
    body = {"year": 2026, "scope": "school", "foreword": "API 前言", "improvements": "API 措施"}
    saved = centre_api.post("/api/v1/report-texts/", body, format="json")
    assert saved.status_code == 200, saved.content
    assert saved.json()["saved"] is True and saved.json()["foreword"] == "API 前言"
    draft = centre_api.get("/api/v1/report-texts/", {"year": 2027, "scope": "school"}).json()
    assert (draft["saved"], draft["from_year"], draft["improvements"]) == (False, 2026, "API 措施")
    # a department: its own text, not the school's; a leader: read only
    own = dept_api.post("/api/v1/report-texts/", {**body, "scope": f"dept:{department.code}"}, format="json")
    assert own.status_code == 200
    assert dept_api.post("/api/v1/report-texts/", body, format="json").status_code == 404
    assert dept_api.get("/api/v1/report-texts/", {"scope": "school"}).status_code == 404
    assert leader_api.post("/api/v1/report-texts/", body, format="json").status_code == 403
    assert centre_api.get("/api/v1/report-texts/", {"scope": "major:660301"}).status_code == 400


def test_the_endpoint_is_in_the_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/report-texts/"])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_centre_writes_the_text_on_a_phone_before_generating(browser, live_server, centre_user, password):
    from gradtrack.testing import csp
    from gradtrack.testing.journeys import sign_in

    page = browser.new_page(phone=True)
    sign_in(page, live_server, centre_user, password, next_path="/stats/report/")
    page.goto(f"{live_server.url}/stats/report/?text_year=2026&text_scope=school")
    page.get_by_role("textbox", name="问题与改进措施").fill("一、对口就业率偏低。")
    page.get_by_role("button", name="保存报告文字").click()
    assert page.get_by_text("报告文字已保存").is_visible()
    assert page.get_by_role("textbox", name="问题与改进措施").input_value() == "一、对口就业率偏低。"
    assert csp.violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
