"""List filters, search, ordering and pagination, always inside the user's scope."""

import datetime

import pytest

from gradtrack.core.models import Destination, EmployerNature, Industry
from gradtrack.records.models import Graduate
from gradtrack.testing.factories import EmployerFactory, EmploymentFactory, GraduateFactory, MajorFactory


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def roster(department, major, other_major):
    second_major = MajorFactory(code="660302", name="机电技术应用", department=department)
    return {
        "li": GraduateFactory(
            major=major, student_no="2024000001", name="李明", mobile="13800000001", graduation_year=2024
        ),
        "zhang": GraduateFactory(
            major=second_major,
            student_no="2025000002",
            name="张伟",
            mobile="13900000002",
            graduation_year=2025,
            placement_mode=Graduate.PlacementMode.SELF,
            destination=Destination.objects.get(code="80"),
        ),
        "wang": GraduateFactory(
            major=other_major,
            student_no="2025000003",
            name="王芳",
            mobile="13700000003",
            graduation_year=2025,
        ),
        "second_major": second_major,
    }


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", {"li", "zhang", "wang"}),
        ("graduation_year=2025", {"zhang", "wang"}),
        ("placement_mode=self", {"zhang"}),
        ("destination=80", {"zhang"}),
        ("search=李", {"li"}),
        ("search=2025000003", {"wang"}),
        ("search=139000", {"zhang"}),
        ("search=%20", {"li", "zhang", "wang"}),
        ("graduation_year=2025&placement_mode=school", {"wang"}),
    ],
)
def test_graduates_are_filtered(query, expected, roster, centre_api):
    response = centre_api.get(f"/api/v1/graduates/?{query}")
    assert ids(response) == {roster[name].pk for name in expected}


def test_graduates_are_filtered_by_department_and_major(roster, department, centre_api):
    assert ids(centre_api.get(f"/api/v1/graduates/?department={department.pk}")) == {
        roster["li"].pk,
        roster["zhang"].pk,
    }
    assert ids(centre_api.get(f"/api/v1/graduates/?major={roster['second_major'].pk}")) == {
        roster["zhang"].pk
    }


def test_a_department_user_searching_finds_nothing_outside_the_department(roster, dept_api):
    assert ids(dept_api.get("/api/v1/graduates/?search=王芳")) == set()


def test_filtering_by_another_departments_id_is_refused_naming_the_filter(roster, other_department, dept_api):
    response = dept_api.get(f"/api/v1/graduates/?department={other_department.pk}")
    assert response.status_code == 400
    assert "department" in response.json()["errors"]


@pytest.mark.parametrize(
    "query, field",
    [
        ("graduation_year=abc", "graduation_year"),
        ("placement_mode=lottery", "placement_mode"),
        ("destination=00", "destination"),
        ("search=%00", "search"),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_the_filter(query, field, roster, centre_api):
    response = centre_api.get(f"/api/v1/graduates/?{query}")
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_ordering_and_pagination(roster, centre_api):
    response = centre_api.get("/api/v1/graduates/?ordering=student_no&page_size=2")
    body = response.json()
    assert body["count"] == 3
    assert [row["student_no"] for row in body["results"]] == ["2024000001", "2025000002"]
    assert body["next"] is not None
    second = centre_api.get("/api/v1/graduates/?ordering=student_no&page_size=2&page=2").json()
    assert [row["student_no"] for row in second["results"]] == ["2025000003"]


def test_the_page_size_is_capped_at_200(roster, centre_api):
    GraduateFactory.create_batch(201, major=roster["li"].major)
    body = centre_api.get("/api/v1/graduates/?page_size=1000").json()
    assert len(body["results"]) == 200


def test_a_page_past_the_end_is_a_404_json(roster, centre_api):
    response = centre_api.get("/api/v1/graduates/?page=99")
    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.fixture
def jobs(graduate, other_graduate):
    steel = EmployerFactory(
        name="攀钢集团有限公司",
        nature=EmployerNature.objects.get(code="31"),
        industry=Industry.objects.get(code="C"),
    )
    hotel = EmployerFactory(
        name="米易县（阳光）酒店",
        nature=EmployerNature.objects.get(code="39"),
        industry=Industry.objects.get(code="H"),
    )
    return {
        "steel": steel,
        "hotel": hotel,
        "past": EmploymentFactory(
            graduate=graduate,
            employer=hotel,
            start_date=datetime.date(2023, 7, 1),
            probation_end=None,
            end_date=datetime.date(2023, 12, 31),
        ),
        "current": EmploymentFactory(graduate=graduate, employer=steel),
        "other": EmploymentFactory(graduate=other_graduate, employer=steel),
    }


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", {"past", "current", "other"}),
        ("current=true", {"current", "other"}),
        ("current=false", {"past"}),
        ("employer={steel}", {"current", "other"}),
        ("graduate={graduate}&current=true", {"current"}),
    ],
)
def test_employments_are_filtered(query, expected, jobs, graduate, centre_api):
    query = query.format(steel=jobs["steel"].pk, graduate=graduate.pk)
    assert ids(centre_api.get(f"/api/v1/employments/?{query}")) == {jobs[name].pk for name in expected}


def test_a_department_user_sees_only_the_jobs_of_the_department(jobs, dept_api, other_graduate):
    assert ids(dept_api.get(f"/api/v1/employments/?employer={jobs['steel'].pk}")) == {jobs["current"].pk}
    refused = dept_api.get(f"/api/v1/employments/?graduate={other_graduate.pk}")
    assert refused.status_code == 400


@pytest.mark.parametrize(
    "query, expected",
    [
        ("nature=31", {"steel"}),
        ("industry=H", {"hotel"}),
        ("search=攀钢", {"steel"}),
        ("search=(阳光)", {"hotel"}),
    ],
)
def test_employers_are_filtered(query, expected, jobs, centre_api):
    assert ids(centre_api.get(f"/api/v1/employers/?{query}")) == {jobs[name].pk for name in expected}


def test_majors_are_filtered_by_department_and_category(major, other_major, department, centre_api):
    assert ids(centre_api.get(f"/api/v1/majors/?department={department.pk}")) == {major.pk}
    assert ids(centre_api.get("/api/v1/majors/?category=71")) == {major.pk, other_major.pk}


@pytest.mark.parametrize(
    "url, field",
    [
        ("/api/v1/graduates/?destination=1%000", "destination"),
        ("/api/v1/employers/?nature=3%001", "nature"),
        ("/api/v1/majors/?category=7%001", "category"),
    ],
)
def test_a_nul_character_in_a_code_filter_is_a_400_not_a_server_error(url, field, centre_api):
    response = centre_api.get(url)
    assert response.status_code == 400
    assert field in response.json()["errors"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/code-tables/industries/C%00/",
        "/api/v1/graduates/1.5/",
        "/api/v1/graduates/abc/",
        "/api/v1/no-such-endpoint/",
    ],
)
def test_an_unknown_address_under_the_api_is_a_json_404(url, centre_api):
    response = centre_api.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


@pytest.mark.parametrize("path", ["graduates", "employments", "employers", "majors"])
def test_a_list_takes_the_same_few_queries_however_long_it_is(
    path, major, centre_api, django_assert_max_num_queries
):
    for _ in range(30):
        EmploymentFactory(graduate=GraduateFactory(major=major), employer=EmployerFactory())
    MajorFactory.create_batch(10, department=major.department)
    with django_assert_max_num_queries(8):
        response = centre_api.get(f"/api/v1/{path}/?page_size=100")
    assert response.status_code == 200
    assert len(response.json()["results"]) >= 11
