"""Survey endpoints of API v1: read-only, scoped like the web pages, coverage and progress per campaign."""

import pytest
from django.utils import timezone

from gradtrack.surveys import services
from gradtrack.surveys.tests.conftest import complete_answers

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["centre", "dept", "other_dept", "leader"])
def test_campaigns_show_their_coverage_against_target(api_as, who, campaigns):
    body = api_as(who).get("/api/v1/surveys/campaigns/").json()
    assert body["count"] == 3
    assert all(row["coverage"]["met"] for row in body["results"])
    current = next(row for row in body["results"] if row["kind"] == "current_cohort")
    assert current["coverage"] == {"covered": 8, "denominator": 10, "percent": 50, "target": 5, "met": True}


def test_plan_entries_filter_by_campaign(api_as, current, employers):
    body = api_as("centre").get(f"/api/v1/surveys/plan-entries/?campaign={current.pk}").json()
    assert [row["employer_name"] for row in body["results"]] == ["攀钢集团有限公司", "米易县阳光酒店"]


@pytest.mark.parametrize(("who", "count"), [("centre", 2), ("dept", 2), ("other_dept", 1), ("leader", 2)])
def test_invitations_are_scoped_to_employers_of_the_users_graduates(api_as, who, count, sent):
    body = api_as(who).get("/api/v1/surveys/invitations/").json()
    assert body["count"] == count
    assert {row["status"] for row in body["results"]} == {"sent"}


def test_an_invitation_out_of_scope_is_a_404_and_no_token_is_published(api_as, steel_invitation):
    assert api_as("other_dept").get(f"/api/v1/surveys/invitations/{steel_invitation.pk}/").status_code == 404
    body = api_as("centre").get(f"/api/v1/surveys/invitations/{steel_invitation.pk}/").json()
    assert services.invitation_token(steel_invitation) not in str(body)
    assert steel_invitation.public_id not in str(body)


def test_submitted_responses_are_listed_with_their_ratings_and_rows(api_as, steel_invitation):
    services.response_submit(
        invitation=steel_invitation, data=complete_answers(), rows=services.prefilled_rows(steel_invitation)
    )
    body = api_as("dept").get("/api/v1/surveys/responses/").json()
    assert body["count"] == 1
    response = body["results"][0]
    assert (response["quality"], response["rating_political"], response["nature_code"]) == (
        "fairly_high",
        "good",
        "31",
    )
    assert len(response["graduates"]) == 4
    assert api_as("other_dept").get("/api/v1/surveys/responses/").json()["count"] == 0


def test_the_survey_endpoints_are_read_only(api_as, current):
    client = api_as("centre")
    assert client.post("/api/v1/surveys/campaigns/", {}, format="json").status_code == 405
    assert client.delete(f"/api/v1/surveys/campaigns/{current.pk}/").status_code == 405


def test_trips_and_visits_are_listed(api_as, visit_campaign, employers, department, dept_user, leader_user):

    trip = services.trip_request(
        campaign=visit_campaign,
        data={
            "destination": "东区",
            "department": department,
            "people": "张老师",
            "planned_date": timezone.localdate(),
            "estimated_cost": 100,
        },
        employers=[employers["steel"]],
        acting_user=dept_user,
    )
    services.trip_decide(trip=trip, approve=True, acting_user=leader_user)
    services.visit_record(
        trip=trip,
        employer=employers["steel"],
        data={
            "visited_on": timezone.localdate(),
            "visitors": "张",
            "met_whom": "赵",
            "graduates_situation": "好",
        },
        acting_user=dept_user,
    )
    assert api_as("leader").get("/api/v1/surveys/trips/").json()["results"][0]["status"] == "approved"
    assert api_as("dept").get("/api/v1/surveys/visits/").json()["count"] == 1
    assert api_as("other_dept").get("/api/v1/surveys/visits/").json()["count"] == 0


def test_the_schema_lists_the_survey_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for name in ["campaigns", "plan-entries", "invitations", "responses", "trips", "visits"]:
        assert f"/api/v1/surveys/{name}/" in paths
