"""Tracking API: the list endpoints honour the filters they document, the call queue, and logging a contact
with its answers (POLICY §4), through the same selectors and services as the pages."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from gradtrack.tracking import services
from gradtrack.tracking.models import ChangeReport, TrackingService

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def two(service, other_service, salary_change, other_change, dept_user, centre_user):
    services.follow_up_contact_log(
        service=service, data={"channel": "phone", "reached": False}, acting_user=dept_user
    )
    return service, other_service


def test_services_filtered_by_graduate_return_only_that_graduates_service(centre_api, two):
    service, other = two
    assert ids(centre_api.get(f"/api/v1/tracking/services/?graduate={service.graduate_id}")) == [service.pk]
    assert ids(centre_api.get(f"/api/v1/tracking/services/?graduate={other.graduate_id}")) == [other.pk]


@pytest.mark.parametrize(
    ("query", "expect"),
    [
        pytest.param("service={service}", ["service"], id="service"),
        pytest.param("department={department}", ["service"], id="department"),
        pytest.param("status=active", ["other", "service"], id="status active"),
        pytest.param("status=terminated", [], id="status terminated"),
        pytest.param("due_before={overdue}", ["service"], id="due before"),
        pytest.param("due_after={later}", ["other"], id="due after"),
    ],
)
def test_services_honour_each_filter(centre_api, two, query, expect):
    service, other = two
    TrackingService.objects.filter(pk=service.pk).update(next_follow_up_due=datetime.date(2025, 1, 1))
    TrackingService.objects.filter(pk=other.pk).update(next_follow_up_due=datetime.date(2025, 6, 1))
    url = "/api/v1/tracking/services/?" + query.format(
        service=service.pk,
        department=service.graduate.department_id,
        overdue="2025-03-01",
        later="2025-03-01",
    )
    by_name = {"service": service.pk, "other": other.pk}
    assert sorted(ids(centre_api.get(url))) == sorted(by_name[name] for name in expect)


@pytest.mark.parametrize(
    ("endpoint", "query", "count"),
    [
        pytest.param("changes", "graduate={graduate}", 1, id="changes by graduate"),
        pytest.param("changes", "service={service}", 1, id="changes by service"),
        pytest.param("changes", "department={department}", 1, id="changes by department"),
        pytest.param("changes", "status=pending", 2, id="changes by status"),
        pytest.param("contacts", "graduate={graduate}", 1, id="contacts by graduate"),
        pytest.param("contacts", "graduate={other_graduate}", 0, id="contacts of another graduate"),
        pytest.param("contacts", "reached=true", 0, id="contacts reached"),
        pytest.param("contacts", "service={service}", 1, id="contacts by service"),
    ],
)
def test_the_other_lists_honour_their_filters(centre_api, two, endpoint, query, count):
    service, other = two
    url = f"/api/v1/tracking/{endpoint}/?" + query.format(
        graduate=service.graduate_id,
        other_graduate=other.graduate_id,
        service=service.pk,
        department=service.graduate.department_id,
    )
    assert len(ids(centre_api.get(url))) == count


def test_a_bad_filter_value_is_a_400_naming_it(centre_api, two):
    response = centre_api.get("/api/v1/tracking/services/?due_before=soon")
    assert response.status_code == 400 and "due_before" in response.content.decode()


def test_the_queue_lists_due_follow_ups_of_the_users_departments_most_overdue_first(
    dept_api, centre_api, two
):
    service, other = two
    TrackingService.objects.filter(pk=service.pk).update(next_follow_up_due=datetime.date(2025, 1, 1))
    TrackingService.objects.filter(pk=other.pk).update(next_follow_up_due=datetime.date(2024, 12, 1))
    assert ids(centre_api.get("/api/v1/tracking/queue/")) == [other.pk, service.pk]
    assert ids(dept_api.get("/api/v1/tracking/queue/")) == [service.pk]
    assert ids(centre_api.get(f"/api/v1/tracking/queue/?search={service.graduate.student_no}")) == [
        service.pk
    ]
    row = centre_api.get("/api/v1/tracking/queue/").json()["results"][1]
    assert row["last_channel"] == "phone" and row["student_no"] == service.graduate.student_no


def test_logging_a_contact_with_a_different_salary_creates_a_change_found_by_the_school(
    dept_api, service, job
):
    response = dept_api.post(
        f"/api/v1/tracking/services/{service.pk}/contact/",
        {
            "channel": "phone",
            "reached": True,
            "answers": {"still_with_employer": True, "monthly_salary": "5200", "post": job.post},
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    (change,) = body["changes"]
    assert (change["change_type"], change["reported_by"], change["late"]) == ("salary", "school", True)
    assert Decimal(change["new_salary"]) == 5200
    today = timezone.localdate()
    assert body["service"]["next_follow_up_due"] > today.isoformat()
    assert ChangeReport.objects.get(pk=change["id"]).contact_id == body["contact"]["id"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        pytest.param({"reached": True}, "channel", id="§4 the channel is required"),
        pytest.param({"channel": "phone"}, "reached", id="§4 reached or not is required"),
        pytest.param(
            {"channel": "phone", "reached": True, "contacted_on": "2999-01-01"},
            "contacted_on",
            id="§4 the date may not be set forward",
        ),
    ],
)
def test_a_contact_without_its_channel_or_outcome_is_refused(dept_api, service, payload, field):
    response = dept_api.post(f"/api/v1/tracking/services/{service.pk}/contact/", payload, format="json")
    assert response.status_code == 400 and field in response.content.decode()
    assert not service.contacts.exists()
