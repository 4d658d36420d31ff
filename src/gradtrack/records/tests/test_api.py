"""The records API (records/api.py). Writes: the services' rules come back as JSON naming the field; concurrent
edits are 409; every write leaves history with the acting user. Lists: filters, search, ordering and
pagination, always inside the user's scope."""

import datetime
import random

import pytest

from gradtrack.core.models import Destination, EmployerNature, HistoryEntry, Industry
from gradtrack.records import identifiers
from gradtrack.records.models import Employment, Graduate
from gradtrack.testing.factories import EmployerFactory, EmploymentFactory, GraduateFactory, MajorFactory


def new_graduate(base_major, **overrides):
    body = {
        "student_no": "2026000001",
        "name": "张三",
        "department": base_major.department.pk,
        "major": base_major.pk,
        "graduation_year": 2026,
    }
    body.update(overrides)
    return body


def assert_field_error(response, field):
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["detail"] == "提交的数据有误"
    assert field in body["errors"], body
    assert all(isinstance(message, str) and message for message in body["errors"][field])


def test_a_graduate_is_created_normalised_with_history_of_the_acting_user(major, dept_api, dept_user):
    response = dept_api.post(
        "/api/v1/graduates/",
        new_graduate(major, mobile="+86 139-0000-1111", destination="ZZ-E1", gender="女"),
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["mobile"] == "13900001111"
    assert body["destination"] == "ZZ-E1"
    assert body["version"] == 1
    entry = HistoryEntry.objects.get(model="records.graduate", object_id=str(body["id"]))
    assert (entry.action, entry.actor, entry.source) == ("create", dept_user, "api")


def test_an_update_bumps_the_version_and_keeps_old_and_new_values(graduate, centre_api, centre_user):
    response = centre_api.patch(
        f"/api/v1/graduates/{graduate.pk}/", {"mobile": "137 1111 2222", "version": 1}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    entry = HistoryEntry.objects.get(model="records.graduate", action="update")
    assert entry.changes == {"mobile": [graduate.mobile, "13711112222"]}
    assert (entry.actor, entry.source) == (centre_user, "api")


def test_a_stale_version_is_a_409_and_nothing_is_overwritten(graduate, centre_api, dept_api):
    first = dept_api.patch(
        f"/api/v1/graduates/{graduate.pk}/", {"name": "李明明", "version": 1}, format="json"
    )
    assert first.status_code == 200
    second = centre_api.patch(
        f"/api/v1/graduates/{graduate.pk}/", {"name": "旧页面的名字", "version": 1}, format="json"
    )
    assert second.status_code == 409
    body = second.json()
    assert "已被他人修改" in body["detail"]
    assert "version" in body["errors"]
    graduate.refresh_from_db()
    assert (graduate.name, graduate.version) == ("李明明", 2)


@pytest.mark.parametrize("method", ["put", "patch"])
def test_an_update_without_a_version_is_refused_with_428_and_changes_nothing(
    graduate, employer, centre_api, method
):
    job = EmploymentFactory(graduate=graduate, employer=employer)
    for url, body in [
        (f"/api/v1/graduates/{graduate.pk}/", {"name": "李明明"}),
        (f"/api/v1/employers/{employer.pk}/", {"name": "攀钢集团"}),
        (f"/api/v1/employments/{job.pk}/", {"post": "技术员"}),
    ]:
        full = {**centre_api.get(url).json(), **body}
        full.pop("version")
        response = getattr(centre_api, method)(url, full if method == "put" else body, format="json")
        assert response.status_code == 428, response.content
        assert "version" in response.json()["errors"]
        assert "须提交" in response.json()["detail"]
    graduate.refresh_from_db()
    employer.refresh_from_db()
    assert (graduate.name, graduate.version, employer.name) == ("李明", 1, "攀钢集团有限公司")
    assert not HistoryEntry.objects.filter(action="update").exists()


def test_a_department_is_not_versioned_and_updates_without_one(department, centre_api):
    response = centre_api.patch(
        f"/api/v1/departments/{department.pk}/", {"name": "机电工程系"}, format="json"
    )
    assert response.status_code == 200


def test_the_version_of_a_new_record_is_one_whatever_the_client_sends(major, centre_api):
    response = centre_api.post("/api/v1/graduates/", new_graduate(major, version=99), format="json")
    assert response.json()["version"] == 1


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"id_number": "110105194912310021"}, "id_number"),
        ({"id_number": "51042119990101"}, "id_number"),
        ({"mobile": "2390000111"}, "mobile"),
        ({"qq": "12"}, "qq"),
        ({"graduation_year": 1980}, "graduation_year"),
        ({"graduation_month": 13}, "graduation_month"),
        ({"placement_mode": "lottery"}, "placement_mode"),
        ({"destination": "00"}, "destination"),
        ({"student_no": ""}, "student_no"),
        ({"name": "\x00"}, "name"),
        ({"department": 999999}, "department"),
        ({"major": "abc"}, "major"),
    ],
    ids=[
        "bad 身份证号 check digit",
        "truncated 身份证号",
        "mobile not starting with 1",
        "short QQ",
        "year before 1990",
        "month 13",
        "unknown placement mode",
        "unknown destination code",
        "empty 学号",
        "NUL character",
        "unknown department",
        "major id not a number",
    ],
)
def test_a_bad_graduate_is_refused_naming_the_field(overrides, field, major, centre_api):
    response = centre_api.post("/api/v1/graduates/", new_graduate(major, **overrides), format="json")
    assert_field_error(response, field)
    assert not Graduate.objects.filter(student_no="2026000001").exists()


def test_a_duplicate_student_number_is_refused_naming_the_field(graduate, major, centre_api):
    response = centre_api.post(
        "/api/v1/graduates/", new_graduate(major, student_no=graduate.student_no), format="json"
    )
    assert_field_error(response, "student_no")


def test_a_major_of_another_department_is_refused_naming_the_field(major, other_major, centre_api):
    response = centre_api.post("/api/v1/graduates/", new_graduate(major, major=other_major.pk), format="json")
    assert_field_error(response, "major")


def test_a_department_user_cannot_create_a_graduate_in_another_department(other_major, dept_api):
    response = dept_api.post("/api/v1/graduates/", new_graduate(other_major), format="json")
    assert_field_error(response, "department")
    assert not Graduate.objects.filter(student_no="2026000001").exists()


def test_a_department_user_cannot_move_a_graduate_to_another_department(
    graduate, other_department, other_major, dept_api
):
    response = dept_api.patch(
        f"/api/v1/graduates/{graduate.pk}/",
        {"department": other_department.pk, "major": other_major.pk, "version": graduate.version},
        format="json",
    )
    assert_field_error(response, "department")
    graduate.refresh_from_db()
    assert graduate.department.code == "JD"


def test_a_body_that_is_not_json_is_refused(major, centre_api):
    response = centre_api.post("/api/v1/graduates/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_a_form_encoded_body_is_refused_with_415(major, centre_api):
    response = centre_api.post("/api/v1/graduates/", new_graduate(major), format="multipart")
    assert response.status_code == 415


def job(graduate, employer, **overrides):
    body = {"graduate": graduate.pk, "employer": employer.pk, "start_date": "2024-07-01"}
    body.update(overrides)
    return body


def test_a_job_gets_the_default_probation_end_and_history(graduate, employer, dept_api, dept_user):
    response = dept_api.post(
        "/api/v1/employments/", job(graduate, employer, monthly_salary="4500.00"), format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["probation_end"] == "2024-09-30"
    assert body["is_current"] is True
    assert body["employer_name"] == employer.name
    entry = HistoryEntry.objects.get(model="records.employment", object_id=str(body["id"]))
    assert entry.actor == dept_user


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"monthly_salary": "-1"}, "monthly_salary"),
        ({"monthly_salary": "abc"}, "monthly_salary"),
        ({"end_date": "2024-06-30"}, "end_date"),
        ({"probation_end": "2024-06-01"}, "probation_end"),
        ({"end_reason": "personal"}, "end_reason"),
        ({"start_date": "2024-13-01"}, "start_date"),
        ({"channel": "friend"}, "channel"),
        ({"start_date": "9999-12-01"}, "start_date"),
    ],
    ids=[
        "negative salary",
        "salary not a number",
        "end before start",
        "probation ending before start",
        "end reason without an end date",
        "impossible date",
        "unknown channel",
        "default probation past the year 9999",
    ],
)
def test_a_bad_job_is_refused_naming_the_field(overrides, field, graduate, employer, centre_api):
    response = centre_api.post("/api/v1/employments/", job(graduate, employer, **overrides), format="json")
    assert_field_error(response, field)
    assert not Employment.objects.exists()


def test_a_second_current_job_is_refused_naming_the_field(employment, employer, centre_api):
    response = centre_api.post(
        "/api/v1/employments/", job(employment.graduate, employer, start_date="2025-01-01"), format="json"
    )
    assert_field_error(response, "end_date")
    assert Employment.objects.count() == 1


def test_ending_the_current_job_then_adding_a_new_one_works(employment, employer, centre_api):
    ended = centre_api.patch(
        f"/api/v1/employments/{employment.pk}/",
        {"end_date": "2024-12-31", "end_reason": "personal", "version": employment.version},
        format="json",
    )
    assert ended.status_code == 200, ended.content
    assert ended.json()["is_current"] is False
    added = centre_api.post(
        "/api/v1/employments/", job(employment.graduate, employer, start_date="2025-01-06"), format="json"
    )
    assert added.status_code == 201, added.content


def test_a_job_for_a_graduate_of_another_department_is_refused(other_graduate, employer, dept_api):
    response = dept_api.post("/api/v1/employments/", job(other_graduate, employer), format="json")
    assert_field_error(response, "graduate")


def test_an_employer_is_created_with_codes_and_a_normalised_credit_code(centre_api):
    code = identifiers.make_credit_code(random.Random(7))
    response = centre_api.post(
        "/api/v1/employers/",
        {
            "name": "攀枝花钒钛科技有限公司",
            "credit_code": f" {code.lower()} ",
            "nature": "31",
            "industry": "C",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["credit_code"], body["nature"], body["industry"]) == (code, "31", "C")


@pytest.mark.parametrize(
    "body, field",
    [
        ({"name": "某公司", "credit_code": "91510400ABCDEFGHI0"}, "credit_code"),
        ({"name": "某公司", "nature": "00"}, "nature"),
        ({"name": "某公司", "industry": "Z"}, "industry"),
        ({"name": ""}, "name"),
        ({"name": "某公司", "email": "not-an-address"}, "email"),
    ],
    ids=["bad credit code", "unknown nature", "unknown industry", "no name", "bad e-mail"],
)
def test_a_bad_employer_is_refused_naming_the_field(body, field, centre_api):
    assert_field_error(centre_api.post("/api/v1/employers/", body, format="json"), field)


def test_a_duplicate_credit_code_is_refused_naming_the_field(employer, centre_api):
    response = centre_api.post(
        "/api/v1/employers/", {"name": "另一家公司", "credit_code": employer.credit_code}, format="json"
    )
    assert_field_error(response, "credit_code")


def test_a_major_with_an_unknown_category_is_refused_naming_the_field(department, centre_api):
    response = centre_api.post(
        "/api/v1/majors/",
        {"code": "999999", "name": "新专业", "department": department.pk, "category": "00"},
        format="json",
    )
    assert_field_error(response, "category")


def test_a_duplicate_department_code_is_refused_naming_the_field(department, centre_api):
    response = centre_api.post("/api/v1/departments/", {"code": "JD", "name": "另一个系"}, format="json")
    assert_field_error(response, "code")


def test_an_api_update_of_a_job_records_history_of_the_acting_user(graduate, employer, dept_api, dept_user):
    job_record = EmploymentFactory(graduate=graduate, employer=employer)
    response = dept_api.patch(
        f"/api/v1/employments/{job_record.pk}/", {"monthly_salary": "5200.50", "version": 1}, format="json"
    )
    assert response.status_code == 200
    entry = HistoryEntry.objects.get(model="records.employment", action="update")
    assert entry.actor == dept_user
    assert entry.changes["monthly_salary"][1] == "5200.50"


@pytest.mark.parametrize("field", ["destination"])
def test_a_nul_character_in_a_code_is_a_400_not_a_server_error(field, major, centre_api):
    # PostgreSQL refuses NUL in a query; found by schemathesis.
    response = centre_api.post("/api/v1/graduates/", new_graduate(major, **{field: "1\x000"}), format="json")
    assert_field_error(response, field)


# --- Lists: filters, search, ordering, pagination --------------------------------------------------------


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
            destination=Destination.objects.get(code="ZZ-S"),
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
        ("destination=ZZ-S", {"zhang"}),
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
