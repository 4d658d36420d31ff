"""The shared employer directory: list, page (with only the graduates the user may see) and form."""

import datetime

import pytest
from django.urls import reverse

from gradtrack.core.models import EmployerNature, Industry
from gradtrack.records.models import Employer
from gradtrack.testing.factories import EmployerFactory, EmploymentFactory, GraduateFactory

LIST_URL = reverse("records:employer_list")


def listed(response) -> list[str]:
    return [employer.name for employer in response.context["employers"]]


@pytest.fixture
def directory(graduate, other_graduate, major, other_major):
    """攀钢 employs one graduate of each department now; 川投 employed our graduate in the past."""
    state_owned = EmployerNature.objects.get(code="31")
    private = EmployerNature.objects.get(code="39")
    manufacturing = Industry.objects.get(code="C")
    pangang = EmployerFactory(name="攀钢集团有限公司", nature=state_owned, industry=manufacturing)
    chuantou = EmployerFactory(name="川投能源股份有限公司", nature=private)
    EmployerFactory(name="成都小店", nature=private)
    EmploymentFactory(
        graduate=graduate,
        employer=chuantou,
        start_date=datetime.date(2023, 7, 1),
        probation_end=datetime.date(2023, 9, 30),
        end_date=datetime.date(2024, 5, 31),
        end_reason="personal",
    )
    EmploymentFactory(graduate=graduate, employer=pangang)
    EmploymentFactory(graduate=other_graduate, employer=pangang)
    EmploymentFactory(graduate=GraduateFactory(student_no="X9", major=other_major), employer=pangang)
    return {"pangang": pangang, "chuantou": chuantou}


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"q": "攀钢"}, ["攀钢集团有限公司"]),
        ({"nature": "39"}, ["成都小店", "川投能源股份有限公司"]),
        ({"industry": "C"}, ["攀钢集团有限公司"]),
    ],
)
def test_the_directory_searches_and_filters(centre_client, directory, query, expected):
    if "nature" in query:
        query = {"nature": EmployerNature.objects.get(code=query["nature"]).pk}
    if "industry" in query:
        query = {"industry": Industry.objects.get(code=query["industry"]).pk}
    assert sorted(listed(centre_client.get(LIST_URL, query))) == sorted(expected)


def test_the_directory_finds_an_employer_by_its_credit_code(centre_client, directory):
    code = directory["chuantou"].credit_code
    assert listed(centre_client.get(LIST_URL, {"q": code.lower()})) == ["川投能源股份有限公司"]


@pytest.mark.parametrize(
    "client_fixture, pangang_count",
    [("centre_client", 3), ("leader_client", 3), ("dept_client", 1), ("other_dept_client", 2)],
)
def test_the_directory_counts_only_the_current_graduates_one_may_see(
    request, directory, client_fixture, pangang_count
):
    client = request.getfixturevalue(client_fixture)
    employers = {e.name: e for e in client.get(LIST_URL).context["employers"]}
    assert len(employers) == 3, "every staff member sees the whole directory"
    assert employers["攀钢集团有限公司"].current_graduates == pangang_count
    assert employers["川投能源股份有限公司"].current_graduates == 0


def test_the_directory_sorts_by_current_graduates(centre_client, directory):
    names = listed(centre_client.get(LIST_URL, {"sort": "-current_graduates"}))
    assert names[0] == "攀钢集团有限公司"


def test_the_employer_page_lists_past_and_present_graduates_one_may_see(dept_client, directory, graduate):
    response = dept_client.get(reverse("records:employer_detail", args=[directory["pangang"].pk]))
    assert [job.graduate for job in response.context["jobs"]] == [graduate]
    assert response.context["current_count"] == 1
    assert "王芳" not in response.content.decode()
    past = dept_client.get(reverse("records:employer_detail", args=[directory["chuantou"].pk]))
    assert [job.graduate for job in past.context["jobs"]] == [graduate]
    assert "已离职" in past.content.decode()


def test_an_employer_is_created_with_its_credit_code_checked(dept_client):
    response = dept_client.post(
        reverse("records:employer_create"), {"name": "某公司", "credit_code": "91110000600037341M"}
    )
    assert "credit_code" in response.context["form"].errors
    assert not Employer.objects.exists()


def test_an_employer_edit_is_saved_and_shown_in_its_history(centre_client, directory):
    employer = directory["pangang"]
    url = reverse("records:employer_update", args=[employer.pk])
    data = {
        "name": employer.name,
        "credit_code": employer.credit_code,
        "contact_person": "周经理",
        "version": 1,
    }
    assert centre_client.post(url, data).status_code == 302
    page = centre_client.get(reverse("records:employer_detail", args=[employer.pk])).content.decode()
    assert "周经理" in page and "修改历史" in page


def test_a_next_address_on_another_site_is_ignored(dept_client):
    response = dept_client.post(
        reverse("records:employer_create") + "?next=https://evil.example/", {"name": "正常公司"}
    )
    employer = Employer.objects.get(name="正常公司")
    assert response.url == reverse("records:employer_detail", args=[employer.pk])


def test_an_empty_directory_says_so(centre_client, db):
    assert "还没有登记用人单位" in centre_client.get(LIST_URL).content.decode()


def test_a_department_user_cannot_change_an_employers_master_data(dept_client, directory):
    employer = directory["pangang"]
    url = reverse("records:employer_update", args=[employer.pk])

    assert dept_client.get(url).status_code == 403
    response = dept_client.post(url, {"name": employer.name, "email": "evil@example.com", "version": 1})

    assert response.status_code == 403
    employer.refresh_from_db()
    assert (employer.email, employer.version) == ("", 1)
    page = dept_client.get(reverse("records:employer_detail", args=[employer.pk])).content.decode()
    assert url not in page


def test_the_centre_sees_the_edit_button_of_an_employer(centre_client, directory):
    employer = directory["pangang"]
    page = centre_client.get(reverse("records:employer_detail", args=[employer.pk])).content.decode()
    assert reverse("records:employer_update", args=[employer.pk]) in page


def test_a_department_user_still_adds_a_new_employer_while_entering_a_job(dept_client, graduate):
    job_form = reverse("records:employment_create", args=[graduate.pk])
    response = dept_client.post(
        reverse("records:employer_create") + f"?next={job_form}", {"name": "米易县新开的酒店"}
    )
    employer = Employer.objects.get(name="米易县新开的酒店")
    assert response.url == f"{job_form}?employer={employer.pk}"
    assert dept_client.get(response.url).context["form"].initial["employer"] == employer.pk


def test_through_the_api_a_department_user_adds_an_employer_but_cannot_change_one(
    dept_api, centre_api, directory
):
    employer = directory["pangang"]
    url = f"/api/v1/employers/{employer.pk}/"

    created = dept_api.post("/api/v1/employers/", {"name": "新公司"}, format="json")
    refused = dept_api.patch(url, {"email": "evil@example.com", "version": 1}, format="json")
    allowed = centre_api.patch(url, {"email": "hr@pangang.example.com", "version": 1}, format="json")

    assert created.status_code == 201
    assert refused.status_code == 403
    assert allowed.status_code == 200
    employer.refresh_from_db()
    assert employer.email == "hr@pangang.example.com"
