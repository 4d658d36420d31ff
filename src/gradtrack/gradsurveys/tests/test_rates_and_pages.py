"""The response-rate page counts respondents per department and class for a hand-built cohort, scoped by records'
visibility; its export; the personal link (PRG, answered on a second open), the portal card and form; the
figures on /stats/, the settings page, the report section and the API (issue 15)."""

import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from gradtrack.gradsurveys import selectors, services
from gradtrack.gradsurveys.models import GraduateResponse, Wave
from gradtrack.gradsurveys.tests.conftest import COHORT, answers_for, invitation_of
from gradtrack.tracking.models import ChangeReport

pytestmark = pytest.mark.django_db

NOT_EMPLOYED = {"status": "not_employed", "teaching_rating": "fair", "guidance_rating": "poor"}


@pytest.fixture
def answered(wave, cohort):
    """机电1班: 2 of 3 answered; 机电2班: 1 of 2; 网络1班: 0 of 2."""
    services.response_submit(
        invitation=invitation_of(wave, cohort["placed"]), data=answers_for(cohort["placed"]), source="link"
    )
    for key in ("self_found", "jd2a"):
        services.response_submit(
            invitation=invitation_of(wave, cohort[key]), data=NOT_EMPLOYED, source="portal"
        )
    return wave


def rows(table):
    return {(row.department, row.label): (row.invited, row.responded, row.response_rate) for row in table}


def test_the_response_rate_counts_respondents_per_class(answered, centre_user):
    rates = selectors.response_rates(answered, centre_user)
    assert rows(rates.classes) == {
        ("机电系", "机电1班"): (3, 2, 66.7),
        ("机电系", "机电2班"): (2, 1, 50.0),
        ("信息技术系", "网络1班"): (2, 0, 0.0),
    }
    assert rows(rates.departments) == {("", "机电系"): (5, 3, 60.0), ("", "信息技术系"): (2, 0, 0.0)}
    assert (rates.total.invited, rates.total.responded, rates.total.response_rate) == (7, 3, 42.9)


def test_a_department_user_sees_its_own_department_only(answered, dept_user, other_dept_user, client):
    assert rows(selectors.response_rates(answered, other_dept_user).classes) == {
        ("信息技术系", "网络1班"): (2, 0, 0.0)
    }
    client.force_login(dept_user)
    page = client.get(reverse("gradsurveys:wave_detail", args=[answered.pk])).content.decode()
    assert "机电2班" in page and "网络1班" not in page


def test_the_response_rate_exports_as_xlsx(answered, centre_user, client):
    client.force_login(centre_user)
    response = client.get(reverse("gradsurveys:wave_export", args=[answered.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == ("系部", "班级", "应答人数", "已答人数", "回收率（%）")
    assert ("机电系", "机电1班", 3, 2, 66.7) in values
    assert values[-1] == ("合计", None, 7, 3, 42.9)


def test_only_the_centre_creates_a_wave(cohort, centre_user, dept_user, client):
    client.force_login(dept_user)
    assert client.get(reverse("gradsurveys:wave_create")).status_code == 403
    client.force_login(centre_user)
    response = client.post(reverse("gradsurveys:wave_create"), {"cohort": COHORT, "kind": "six_months"})
    wave = Wave.objects.get()
    assert response.status_code == 302 and wave.invitations.count() == 7
    assert wave.opens_on == services.wave_dates(COHORT, "six_months")[0]


def link(invitation, name="graduate_survey:form"):
    return reverse(name, kwargs={"token": services.invitation_token(invitation)})


def test_the_personal_link_answers_once_with_post_redirect_get(wave, cohort, client):
    invitation = invitation_of(wave, cohort["placed"])
    page = client.get(link(invitation))
    assert page.status_code == 200 and "张伟同学" in page.content.decode()
    assert page.context["form"].initial["monthly_salary"] == 4200  # prefilled from the file

    refused = client.post(link(invitation), {"status": "employed"})
    assert refused.status_code == 302 and refused["Location"] == link(invitation)
    again = client.get(link(invitation)).content.decode()
    assert (
        "请检查标红的项目" in again
        and "请填写工作单位" in again
        and "请选择“你对母校教育教学的评价”" in again
    )

    data = {k: v for k, v in answers_for(cohort["placed"], monthly_salary="4600").items() if v is not None}
    done = client.post(link(invitation), data)
    assert done.status_code == 302 and done["Location"] == link(invitation, "graduate_survey:thanks")
    assert "谢谢你的填写" in client.get(done["Location"]).content.decode()
    second = client.get(link(invitation)).content.decode()
    assert "你已完成本轮调查" in second and "<form" not in second
    assert ChangeReport.objects.get().status == ChangeReport.Status.PENDING


def test_a_wrong_link_shows_nothing(wave, client):
    response = client.get(reverse("graduate_survey:form", kwargs={"token": "AAAA.BBBB"}))
    assert response.status_code == 404 and "张伟" not in response.content.decode()


def test_the_portal_shows_the_open_wave_and_its_form(wave, cohort, client, password):
    from gradtrack.accounts import services as accounts_services

    user = accounts_services.portal_account_set_password(graduate=cohort["placed"], password=password)
    client.force_login(user)
    home = client.get(reverse("portal:home")).content.decode()
    form_url = reverse("portal_survey:form", args=[wave.pk])
    assert "毕业生调查（半年后）" in home and form_url in home
    data = {k: v for k, v in answers_for(cohort["placed"]).items() if v is not None}
    response = client.post(form_url, data)
    assert response["Location"] == reverse("portal_survey:thanks", args=[wave.pk])
    assert GraduateResponse.objects.get().source == GraduateResponse.Source.PORTAL
    assert "你已完成本轮调查，谢谢！" in client.get(reverse("portal:home")).content.decode()
    # The archived graduate was not invited, and its portal account is paused besides (records' archive).
    client.force_login(
        accounts_services.portal_account_set_password(graduate=cohort["archived"], password=password)
    )
    assert client.get(form_url).status_code == 403


def test_the_satisfaction_figures_have_n_and_response_rate(answered, centre_user, client):
    figures = selectors.graduate_satisfaction(cohorts=[COHORT], user=centre_user)
    by_key = {q.key: (q.n, q.favourable, q.rate) for q in figures.questions}
    assert by_key == {
        "job_rating": (1, 1, 100.0),
        "teaching_rating": (3, 1, 33.3),
        "guidance_rating": (3, 1, 33.3),
        "matching": (1, 1, 100.0),
    }
    assert (figures.invited, figures.responded, figures.response_rate) == (7, 3, 42.9)
    client.force_login(centre_user)
    page = client.get(reverse("stats:overview"), {"first": COHORT, "last": COHORT}).content.decode()
    assert "毕业生满意度" in page and "就业指导服务满意度" in page


def test_the_school_report_has_the_graduates_evaluation_with_n_and_the_response_rate(answered):
    from gradtrack.stats import documents
    from gradtrack.stats.selectors import resolve_scope

    report = documents.build_report(resolve_scope(None, "school"), COHORT, "tracking", "docx")
    document = Document(io.BytesIO(report.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "毕业生评价" in text
    assert f"学校对{COHORT}届毕业生开展问卷调查，邀请7人，回收有效答卷3份，回收率42.9%" in text
    # Three answers are below the minimum count for a percentage (stats.sentences.MIN_COUNT): said, not stated.
    assert "教学满意度" in text and "33.3%" not in text.split("毕业生评价")[1].split("附表")[0]
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "指标")
    assert [c.text for c in table.rows[1].cells][:3] == ["工作满意度", "1", "1"]


def test_the_settings_page_shows_the_wave_settings(admin_user, client):
    client.force_login(admin_user)
    page = client.get(reverse("site:settings")).content.decode()
    assert "毕业生调查第一轮（毕业后月数）" in page and "毕业生调查开放天数" in page


def test_the_api_follows_the_access_rules(answered, centre_api, dept_api, other_dept_api, leader_api, cohort):
    url = "/api/v1/graduate-surveys/waves/"
    assert [w["id"] for w in leader_api.get(url).json()["results"]] == [answered.pk]
    rates = dept_api.get(f"{url}{answered.pk}/response-rates/").json()
    assert [c["label"] for c in rates["classes"]] == ["机电1班", "机电2班"]
    assert rates["total"] == {
        "label": "合计",
        "department": "",
        "invited": 5,
        "responded": 3,
        "response_rate": 60.0,
    }
    assert len(other_dept_api.get("/api/v1/graduate-surveys/responses/").json()["results"]) == 0
    assert len(dept_api.get("/api/v1/graduate-surveys/responses/").json()["results"]) == 3
    figures = centre_api.get("/api/v1/graduate-surveys/satisfaction/", {"cohort": COHORT}).json()
    assert figures["responded"] == 3 and figures["questions"][1]["n"] == 3
    body = {"cohort": COHORT, "kind": "three_years"}
    assert leader_api.post(url, body, format="json").status_code == 403
    assert dept_api.post(url, body, format="json").status_code == 403
    created = centre_api.post(url, body, format="json")
    assert created.status_code == 201 and created.json()["kind_display"] == "三年后"


def test_the_endpoints_are_in_the_openapi_schema(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/graduate-surveys/waves/",
        "/api/v1/graduate-surveys/waves/{id}/response-rates/",
        "/api/v1/graduate-surveys/waves/{id}/satisfaction/",
        "/api/v1/graduate-surveys/responses/",
        "/api/v1/graduate-surveys/satisfaction/",
    ):
        assert path in paths


def test_the_api_masks_salaries_for_leaders_and_logs_what_it_gave(answered, centre_api, leader_api):
    from gradtrack.security.models import AccessLogEntry

    url = "/api/v1/graduate-surveys/responses/"
    salaries = {r["monthly_salary"] for r in leader_api.get(url).json()["results"]}
    assert salaries == {None}
    assert not AccessLogEntry.objects.exists()
    shown = [r["monthly_salary"] for r in centre_api.get(url).json()["results"] if r["monthly_salary"]]
    assert shown == ["4200.00"]
    assert AccessLogEntry.objects.get().action == AccessLogEntry.Action.API_READ
