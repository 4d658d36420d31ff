"""Bad input on every endpoint of the API (issue 2): each is a 4xx with a JSON message naming the problem, or
stored inert — never a server error."""

import json

import pytest

from gradtrack.testing.api import bearer_client, with_version
from gradtrack.testing.bad_input import BAD_VALUES, PER_FIELD_VALUES
from gradtrack.testing.factories import DepartmentFactory

READ_ONLY = {"id", "created_at", "updated_at", "graduate_name", "employer_name", "is_current", "version"}
RESOURCES = ["departments", "majors", "graduates", "employers", "employments"]
ODD_JSON_VALUES = [None, 10**30, [], {"id": 1}]


@pytest.fixture
def records(graduate, other_graduate, employment):
    return {
        "departments": graduate.department,
        "majors": graduate.major,
        "graduates": graduate,
        "employers": employment.employer,
        "employments": employment,
    }


def writable(record: dict) -> dict:
    return {name: value for name, value in record.items() if name not in READ_ONLY}


def assert_refused_or_inert(response, field):
    assert response.status_code in (200, 201, 400, 404, 409), (
        field,
        response.status_code,
        response.content[:300],
    )
    body = response.json()
    if response.status_code == 400:
        assert body, field  # names what is wrong
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("resource", RESOURCES)
def test_each_field_alone_refuses_bad_values_or_stores_them_inert(centre_api, records, resource):
    url = f"/api/v1/{resource}/{records[resource].pk}/"
    record = centre_api.get(url).json()
    for field in writable(record):
        for value in [*PER_FIELD_VALUES, *ODD_JSON_VALUES]:
            body = with_version({field: value}, records[resource])
            assert_refused_or_inert(centre_api.patch(url, body, format="json"), field)


@pytest.mark.parametrize("kind", [*BAD_VALUES, "odd_json"])
@pytest.mark.parametrize("resource", RESOURCES)
def test_every_field_at_once_refuses_bad_values(centre_api, records, resource, kind):
    url = f"/api/v1/{resource}/{records[resource].pk}/"
    fields = list(writable(centre_api.get(url).json()))
    for value in ODD_JSON_VALUES if kind == "odd_json" else BAD_VALUES[kind]:
        bad = dict.fromkeys(fields, value)
        assert_refused_or_inert(
            centre_api.patch(url, with_version(bad, records[resource]), format="json"), kind
        )
        assert_refused_or_inert(centre_api.post(f"/api/v1/{resource}/", bad, format="json"), kind)


@pytest.mark.parametrize("resource", ["graduates", "employments"])
def test_another_departments_ids_are_refused_naming_the_field(dept_api, records, other_graduate, resource):
    url = f"/api/v1/{resource}/{records[resource].pk}/"
    other = {"department": other_graduate.department_id, "major": other_graduate.major_id}
    other["graduate"] = other_graduate.pk
    record = dept_api.get(url).json()
    for field in set(other) & set(record):
        response = dept_api.patch(url, with_version({field: other[field]}, records[resource]), format="json")
        assert response.status_code == 400
        assert field in response.json()["errors"]


@pytest.mark.parametrize("resource", RESOURCES)
def test_another_departments_records_are_not_found(dept_api, other_graduate, resource):
    from gradtrack.testing.factories import EmploymentFactory

    job = EmploymentFactory(graduate=other_graduate)
    targets = {
        "departments": other_graduate.department_id,
        "majors": other_graduate.major_id,
        "graduates": other_graduate.pk,
        "employments": job.pk,
        "employers": None,  # the employers' directory is shared
    }
    if targets[resource] is None:
        return
    url = f"/api/v1/{resource}/{targets[resource]}/"
    assert dept_api.get(url).status_code == 404
    # Departments and majors are reference data: a 系部 user may not write them at all.
    assert dept_api.patch(url, {"name": "x"}, format="json").status_code in (403, 404)


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ("{not json", "application/json", 400),
        ("[1, 2, 3]", "application/json", 400),
        ('"a string"', "application/json", 400),
        ("null", "application/json", 400),
        ("[" * 5000 + "]" * 5000, "application/json", 400),
        ("name=x", "application/x-www-form-urlencoded", 415),
        ("<xml/>", "application/xml", 415),
        (json.dumps({"name": "九" * 2_000_000}), "application/json", 413),
    ],
)
def test_malformed_bodies_are_refused_with_a_message(centre_api, records, body, content_type, status):
    for url in ["/api/v1/departments/", f"/api/v1/departments/{records['departments'].pk}/"]:
        method = centre_api.post if url.endswith("departments/") else centre_api.patch
        response = method(url, body, content_type=content_type)
        assert response.status_code == status, (url, response.content[:300])
        assert response.json()["detail"] if "detail" in response.json() else response.json()


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("kind", BAD_VALUES)
def test_list_queries_accept_any_value(centre_api, records, resource, kind):
    params = ["page", "page_size", "ordering", "search", "department", "major", "graduation_year", "employer"]
    params += ["graduate", "current", "nature", "industry", "is_active", "updated_since", "student_no"]
    queries = [dict.fromkeys(params, value) for value in BAD_VALUES[kind]]
    if kind == "huge":
        queries += [{param: BAD_VALUES[kind][0]} for param in params]
    for query in queries:
        response = centre_api.get(f"/api/v1/{resource}/", query)
        assert response.status_code in (200, 400, 404), (query, response.status_code)
        assert response["Content-Type"].startswith("application/json")


def test_a_stored_script_comes_back_as_plain_json_text(centre_api, db):
    department = DepartmentFactory(code="QX", name="汽修系")
    script = "<script>alert(1)</script>"
    response = centre_api.patch(f"/api/v1/departments/{department.pk}/", {"name": script}, format="json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["name"] == script


def test_unknown_tokens_and_ids_answer_in_json(db, centre_user):
    api = bearer_client(centre_user)
    for url in ["/api/v1/graduates/99999999999999999999999/", "/api/v1/graduates/abc/", "/api/v1/nothing/"]:
        response = api.get(url)
        assert response.status_code == 404
        assert response.json()["detail"]
