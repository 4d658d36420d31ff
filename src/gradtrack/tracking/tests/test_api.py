"""Tracking API: the access trio with bearer tokens, 校领导 read-only, and writes through the same services."""

import pytest
from django.utils import timezone

from gradtrack.tracking import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(service, salary_change, dept_user):
    flag = services.violation_flag_raise(
        service=service, description="伪造工资条", raised_on=timezone.localdate(), acting_user=dept_user
    )
    case = services.accident_case_open(
        graduate=service.graduate,
        data={"occurred_on": timezone.localdate(), "description": "工伤"},
        acting_user=dept_user,
    )
    contact = services.follow_up_contact_log(
        service=service, data={"channel": "phone", "reached": True}, acting_user=dept_user
    )
    verification = services.verification_record(
        service=service, data={"outcome": "consistent"}, acting_user=dept_user
    )
    return {
        "services": service.pk,
        "changes": salary_change.pk,
        "flags": flag.pk,
        "incidents": case.pk,
        "contacts": contact.pk,
        "verifications": verification.pk,
    }


@pytest.mark.parametrize(
    ("who", "status"), [("centre", 200), ("dept", 200), ("other_dept", 404), ("leader", 200)]
)
def test_every_endpoint_follows_the_department_scope(api_as, records, who, status):
    api = api_as(who)
    for name, pk in records.items():
        assert api.get(f"/api/v1/tracking/{name}/{pk}/").status_code == status, name
        listed = [row["id"] for row in api.get(f"/api/v1/tracking/{name}/").json()["results"]]
        assert (pk in listed) is (status == 200), name


def test_leaders_read_but_do_not_write(api_as, records):
    api = api_as("leader")
    response = api.post(
        f"/api/v1/tracking/changes/{records['changes']}/reject/", {"reason": "x"}, format="json"
    )
    assert response.status_code == 403


def test_confirming_through_the_api_updates_the_job_like_the_page(api_as, records, job):
    response = api_as("dept").post(
        f"/api/v1/tracking/changes/{records['changes']}/confirm/",
        {"corrections": {"new_salary": "4900"}},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "confirmed"
    job.refresh_from_db()
    assert job.monthly_salary == 4900


def test_other_departments_cannot_act_on_records_they_cannot_see(api_as, records):
    response = api_as("other_dept").post(
        f"/api/v1/tracking/changes/{records['changes']}/confirm/", {}, format="json"
    )
    assert response.status_code == 404


def test_a_contact_for_a_terminated_service_is_a_400_naming_the_date(api_as, service, dept_user):
    services.tracking_service_terminate(
        service=service,
        cause="expelled",
        evidence="开除",
        decided_on=timezone.localdate(),
        acting_user=dept_user,
    )
    response = api_as("dept").post(
        "/api/v1/tracking/contacts/",
        {"service": service.pk, "channel": "phone", "reached": True},
        format="json",
    )
    assert response.status_code == 400
    assert "终止" in response.json()["errors"]["contacted_on"][0]


def test_termination_through_the_api_only_for_the_two_causes(api_as, service):
    api = api_as("centre")
    url = f"/api/v1/tracking/services/{service.pk}/terminate/"
    assert api.post(url, {"termination_cause": "moved", "evidence": "x"}, format="json").status_code == 400
    response = api.post(url, {"termination_cause": "unreported", "evidence": "回访发现"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "terminated"


def test_flags_cannot_be_deleted_through_the_api(api_as, records):
    response = api_as("centre").delete(f"/api/v1/tracking/flags/{records['flags']}/")
    assert response.status_code == 405


def test_a_verification_finding_a_change_records_it_through_the_api(api_as, service):
    response = api_as("dept").post(
        "/api/v1/tracking/verifications/",
        {
            "service": service.pk,
            "outcome": "change",
            "found_change": {
                "change_type": "transfer",
                "occurred_on": timezone.localdate().isoformat(),
                "new_post": "班组长",
            },
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["change"] is not None


def test_an_incident_outside_the_service_is_marked(api_as, graduate):
    response = api_as("dept").post(
        "/api/v1/tracking/incidents/",
        {"graduate": graduate.pk, "occurred_on": timezone.localdate().isoformat(), "description": "车祸"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["within_service"] is False
