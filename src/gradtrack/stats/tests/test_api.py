"""GET /api/v1/statistics/: the same numbers as the selectors, scoped like every other endpoint."""

import pytest
from rest_framework.test import APIClient

from gradtrack.testing.api import bearer_client

pytestmark = pytest.mark.django_db
URL = "/api/v1/statistics/"


@pytest.fixture
def api_for(centre_user, dept_user, other_dept_user):
    users = {"centre": centre_user, "dept": dept_user, "other_dept": other_dept_user}
    return lambda name: bearer_client(users[name])


def test_it_gives_the_rates_of_a_department_and_cohort_as_numbers(small_school, api_for):
    response = api_for("centre").get(URL, {"scope": "dept:JD", "first": 2026, "last": 2026})
    assert response.status_code == 200
    body = response.json()
    assert body["total"]["employment_rate"] == 70.0
    assert body["total"]["matched_rate"] == 50.0
    assert body["total"]["average_salary"] == 3960
    assert body["previous"]["employment_rate"] == 75.0
    assert body["flagged"] == {
        "below_minimum_wage": 1,
        "missing_destination": 1,
        "missing_salary": 1,
        "total": 3,
    }
    assert body["scope"] == {"key": "dept:JD", "kind": "dept", "code": "JD", "label": "机电系"}


@pytest.mark.parametrize(
    "user, scope, status, graduates",
    [
        ("centre", "school", 200, 12),
        ("centre", "dept:XX", 200, 2),
        ("dept", "school", 200, 10),  # a department user's school is their departments
        ("dept", "dept:JD", 200, 10),
        ("dept", "dept:XX", 404, None),
        ("other_dept", "school", 200, 2),
        ("other_dept", "major:660301", 404, None),
    ],
)
def test_access_trio(small_school, api_for, user, scope, status, graduates):
    response = api_for(user).get(URL, {"scope": scope, "first": 2026, "last": 2026})
    assert response.status_code == status
    if graduates is not None:
        assert response.json()["total"]["graduates"] == graduates


def test_without_a_token_it_is_refused(small_school):
    assert APIClient().get(URL).status_code in (401, 403)


@pytest.mark.parametrize(
    "params, field",
    [({"first": 2026, "last": 2025}, "first"), ({"first": "abc"}, "first"), ({"scope": "nation"}, "scope")],
)
def test_bad_parameters_are_a_400_naming_the_parameter(small_school, api_for, params, field):
    response = api_for("centre").get(URL, params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_the_latest_graduated_cohort_is_the_default(small_school, api_for):
    body = api_for("centre").get(URL).json()
    assert body["cohorts"] == {"first": 2026, "last": 2026}
