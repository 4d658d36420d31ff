"""Survey writes of API v1: the same services and permissions as the staff pages — trips requested by staff who
write and decided by a 校领导, visits only on an approved trip, paper returns typed in — with every refusal a
JSON error that names the field, and other departments' records out of reach."""

import datetime

import pytest
from django.utils import timezone

from gradtrack.core.models import HistoryEntry
from gradtrack.surveys import services
from gradtrack.surveys.models import Campaign, EmployerResponse, Invitation, Trip, Visit
from gradtrack.surveys.tests.conftest import complete_answers

pytestmark = pytest.mark.django_db

TRIPS = "/api/v1/surveys/trips/"
VISITS = "/api/v1/surveys/visits/"
TODAY = timezone.localdate()


def decide_url(trip_id) -> str:
    return f"{TRIPS}{trip_id}/decide/"


def paper_url(invitation_id) -> str:
    return f"/api/v1/surveys/invitations/{invitation_id}/paper-entry/"


@pytest.fixture
def trip_body(visit_campaign, employers, department):
    """A request for the visit campaign's one sampled employer (steel), for 机电系."""
    return {
        "campaign": visit_campaign.pk,
        "destination": "攀枝花市东区",
        "department": department.pk,
        "employers": [employers["steel"].pk],
        "people": "张老师、李老师",
        "planned_date": TODAY.isoformat(),
        "estimated_cost": "600.50",
        "purpose": "回访用人单位",
    }


@pytest.fixture
def pending_trip(api_as, trip_body) -> Trip:
    response = api_as("dept").post(TRIPS, trip_body, format="json")
    assert response.status_code == 201, response.json()
    return Trip.objects.get(pk=response.json()["id"])


@pytest.fixture
def approved_trip(api_as, pending_trip) -> Trip:
    response = api_as("leader").post(decide_url(pending_trip.pk), {"approve": True}, format="json")
    assert response.status_code == 200, response.json()
    pending_trip.refresh_from_db()
    return pending_trip


def visit_body(trip, employer) -> dict:
    return {
        "trip": trip.pk,
        "employer": employer.pk,
        "visited_on": TODAY.isoformat(),
        "visitors": "张老师",
        "met_whom": "赵经理",
        "graduates_situation": "适应良好，已有两人担任班组长",
        "assessment": "满意",
    }


def refused_fields(response) -> set[str]:
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["detail"] == "提交的数据有误"
    return set(body["errors"])


# --- Requesting a trip -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "department_fixture", "status"),
    [
        ("centre", "department", 201),
        ("admin", "other_department", 201),
        ("dept", "department", 201),
        ("other_dept", "other_department", 201),
        ("leader", "department", 403),
        ("anonymous", "department", 401),
    ],
)
def test_staff_who_write_request_a_trip_for_a_department_they_see(
    request, api_as, trip_body, who, department_fixture, status
):
    department = request.getfixturevalue(department_fixture)
    response = api_as(who).post(TRIPS, {**trip_body, "department": department.pk}, format="json")
    assert response.status_code == status
    if status != 201:
        assert not Trip.objects.exists()
        return
    trip = Trip.objects.get()
    assert response.json()["id"] == trip.pk
    assert (trip.status, trip.department, trip.requested_by.username) == (
        Trip.Status.PENDING,
        department,
        request.getfixturevalue(f"{who}_user").username,
    )
    assert trip.estimated_cost == 600.5
    assert list(trip.employers.values_list("name", flat=True)) == ["攀钢集团有限公司"]
    assert HistoryEntry.objects.filter(object_id=str(trip.pk), action=HistoryEntry.Action.CREATE).exists()


def test_a_department_user_cannot_request_a_trip_for_another_department(api_as, trip_body, other_department):
    response = api_as("dept").post(TRIPS, {**trip_body, "department": other_department.pk}, format="json")
    assert refused_fields(response) == {"department"}
    assert not Trip.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"destination": None}, "destination"),
        ({"people": ""}, "people"),
        ({"planned_date": "下周一"}, "planned_date"),
        ({"estimated_cost": "-1"}, "estimated_cost"),
        ({"estimated_cost": "很多"}, "estimated_cost"),
        ({"employers": []}, "employers"),  # the service: at least one employer
        ({"employers": ["abc"]}, "employers"),
        ({"employers": [999999]}, "employers"),
        ({"employers": "steel"}, "employers"),
        ({"campaign": 999999}, "campaign"),
        ({"campaign": "x"}, "campaign"),
        ({"department": 999999}, "department"),
        ({"destination": "东区\x00"}, "destination"),
    ],
)
def test_a_bad_trip_request_names_the_field_and_saves_nothing(api_as, trip_body, change, field):
    response = api_as("centre").post(TRIPS, {**trip_body, **change}, format="json")
    assert field in refused_fields(response)
    assert not Trip.objects.exists()


@pytest.mark.parametrize("missing", ["campaign", "destination", "employers", "people", "planned_date"])
def test_a_trip_request_without_a_required_field_names_it(api_as, trip_body, missing):
    del trip_body[missing]
    assert refused_fields(api_as("centre").post(TRIPS, trip_body, format="json")) == {missing}
    assert not Trip.objects.exists()


def test_a_trip_belongs_to_a_site_visit_campaign_as_the_service_says(api_as, trip_body, current):
    response = api_as("centre").post(TRIPS, {**trip_body, "campaign": current.pk}, format="json")
    assert refused_fields(response) == {"campaign"}
    assert response.json()["errors"]["campaign"] == ["出差申请只能属于实地走访活动"]


def test_a_trip_visits_only_employers_of_the_campaigns_plan(api_as, trip_body, employers, visit_campaign):
    assert not visit_campaign.plan_entries.filter(employer=employers["shop"]).exists()
    body = {**trip_body, "employers": [employers["steel"].pk, employers["shop"].pk]}
    response = api_as("centre").post(TRIPS, body, format="json")
    assert refused_fields(response) == {"employers"}
    assert "安宁超市" in response.json()["errors"]["employers"][0]
    assert not Trip.objects.exists()


@pytest.mark.parametrize("payload", [[1, 2], "text", 42])
def test_a_body_that_is_not_an_object_is_a_400(api_as, payload):
    response = api_as("centre").post(TRIPS, payload, format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()["errors"]


# --- Deciding a trip ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("centre", 403),
        ("admin", 403),
        ("dept", 403),
        ("other_dept", 403),
        ("leader", 200),
        ("anonymous", 401),
    ],
)
def test_only_a_leader_decides_a_trip(api_as, pending_trip, leader_user, who, status):
    response = api_as(who).post(
        decide_url(pending_trip.pk), {"approve": True, "note": "同意，注意安全"}, format="json"
    )
    assert response.status_code == status
    pending_trip.refresh_from_db()
    if status == 200:
        assert response.json()["status"] == "approved"
        assert (pending_trip.status, pending_trip.decided_by, pending_trip.decision_note) == (
            Trip.Status.APPROVED,
            leader_user,
            "同意，注意安全",
        )
        assert pending_trip.decided_at is not None
    else:
        assert (pending_trip.status, pending_trip.decided_by, pending_trip.decided_at) == (
            Trip.Status.PENDING,
            None,
            None,
        )


def test_a_rejected_trip_cannot_be_decided_again(api_as, pending_trip):
    leader = api_as("leader")
    rejected = leader.post(decide_url(pending_trip.pk), {"approve": False, "note": "经费不足"}, format="json")
    assert (rejected.status_code, rejected.json()["status"]) == (200, "rejected")
    again = leader.post(decide_url(pending_trip.pk), {"approve": True}, format="json")
    assert refused_fields(again) == {"non_field_errors"}
    assert again.json()["errors"]["non_field_errors"] == ["该申请已审批"]
    pending_trip.refresh_from_db()
    assert (pending_trip.status, pending_trip.decision_note) == (Trip.Status.REJECTED, "经费不足")


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "approve"), ({"approve": "也许"}, "approve"), ({"approve": True, "note": "长" * 201}, "note")],
)
def test_a_bad_decision_names_the_field_and_leaves_the_trip_pending(api_as, pending_trip, body, field):
    assert refused_fields(api_as("leader").post(decide_url(pending_trip.pk), body, format="json")) == {field}
    pending_trip.refresh_from_db()
    assert pending_trip.status == Trip.Status.PENDING


@pytest.mark.parametrize("trip_id", ["999999", "abc", "1.5"])
def test_deciding_a_trip_that_does_not_exist_is_a_json_404(api_as, pending_trip, trip_id):
    response = api_as("leader").post(decide_url(trip_id), {"approve": True}, format="json")
    assert response.status_code == 404
    assert response.json() == {"detail": "记录不存在或无权查看"}


# --- Recording a visit -------------------------------------------------------------------------------------


def test_a_visit_is_refused_before_approval_and_recorded_after_it(api_as, pending_trip, employers, dept_user):
    dept = api_as("dept")
    refused = dept.post(VISITS, visit_body(pending_trip, employers["steel"]), format="json")
    assert refused_fields(refused) == {"trip"}
    assert refused.json()["errors"]["trip"] == ["出差申请尚未经校领导批准，不能记录走访"]
    assert not Visit.objects.exists()

    decided = api_as("leader").post(decide_url(pending_trip.pk), {"approve": True}, format="json")
    assert decided.status_code == 200

    recorded = dept.post(VISITS, visit_body(pending_trip, employers["steel"]), format="json")
    assert recorded.status_code == 201, recorded.json()
    visit = Visit.objects.get()
    assert recorded.json()["id"] == visit.pk
    assert (visit.trip, visit.employer, visit.visited_on, visit.recorded_by) == (
        pending_trip,
        employers["steel"],
        TODAY,
        dept_user,
    )
    assert visit.graduates_situation == "适应良好，已有两人担任班组长"
    assert Campaign.objects.get(pk=pending_trip.campaign_id).plan_is_frozen


def test_a_visit_on_a_rejected_trip_is_refused(api_as, pending_trip, employers, leader_user):
    services.trip_decide(trip=pending_trip, approve=False, acting_user=leader_user)
    response = api_as("centre").post(VISITS, visit_body(pending_trip, employers["steel"]), format="json")
    assert refused_fields(response) == {"trip"}
    assert not Visit.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("centre", 201), ("dept", 201), ("other_dept", 400), ("leader", 403), ("anonymous", 401)],
)
def test_who_may_record_a_visit_on_a_departments_trip(api_as, approved_trip, employers, who, status):
    response = api_as(who).post(VISITS, visit_body(approved_trip, employers["steel"]), format="json")
    assert response.status_code == status
    assert Visit.objects.filter(trip=approved_trip).exists() == (status == 201)
    if status == 400:  # another department's trip is not one it can name
        assert set(response.json()["errors"]) == {"trip"}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"employer": "hotel"}, "employer"),  # the service: not one of the trip's employers
        ({"visited_on": (TODAY - datetime.timedelta(days=1)).isoformat()}, "visited_on"),
        ({"visited_on": "昨天"}, "visited_on"),
        ({"visitors": ""}, "visitors"),
        ({"graduates_situation": None}, "graduates_situation"),
        ({"trip": 999999}, "trip"),
        ({"trip": [1]}, "trip"),
        ({"employer": 999999}, "employer"),
        ({"met_whom": "赵" * 201}, "met_whom"),
    ],
)
def test_a_bad_visit_names_the_field_and_saves_nothing(api_as, approved_trip, employers, overrides, field):
    if overrides.get("employer") == "hotel":
        overrides = {"employer": employers["hotel"].pk}
    body = {**visit_body(approved_trip, employers["steel"]), **overrides}
    response = api_as("dept").post(VISITS, body, format="json")
    assert refused_fields(response) == {field}
    assert not Visit.objects.exists()


@pytest.mark.parametrize(
    "missing", ["trip", "employer", "visited_on", "visitors", "met_whom", "graduates_situation"]
)
def test_a_visit_without_a_required_field_names_it(api_as, approved_trip, employers, missing):
    body = visit_body(approved_trip, employers["steel"])
    del body[missing]
    assert refused_fields(api_as("dept").post(VISITS, body, format="json")) == {missing}
    assert not Visit.objects.exists()


# --- Typing in a paper return ------------------------------------------------------------------------------


def paper_body(**overrides):
    return {**complete_answers(), "source": "paper", **overrides}


@pytest.mark.parametrize(
    ("who", "status"),
    [("centre", 200), ("dept", 200), ("other_dept", 404), ("leader", 403), ("anonymous", 401)],
)
def test_paper_returns_are_typed_in_by_the_centre_or_the_graduates_department(
    api_as, request, steel_invitation, who, status
):
    response = api_as(who).post(paper_url(steel_invitation.pk), paper_body(), format="json")
    assert response.status_code == status
    saved = EmployerResponse.objects.filter(invitation=steel_invitation, submitted_at__isnull=False)
    assert saved.exists() == (status == 200)
    if status == 200:
        entered = saved.get()
        assert response.json()["id"] == entered.pk
        assert (entered.source, entered.entered_by.username, entered.quality) == (
            "paper",
            request.getfixturevalue(f"{who}_user").username,
            "fairly_high",
        )
        # Like the page's form, the rows start from the school's records: steel employs four of the cohort.
        assert entered.graduates.count() == 4
        assert Invitation.objects.get(pk=steel_invitation.pk).submitted_at == entered.submitted_at


def test_the_rows_sent_replace_the_prefilled_ones(api_as, steel_invitation, graduate):
    rows = [{"graduate_id": graduate.pk, "name": "李明", "post": "钳工"}, {"name": "新同学", "post": "学徒"}]
    response = api_as("centre").post(
        paper_url(steel_invitation.pk), paper_body(graduates=rows), format="json"
    )
    assert response.status_code == 200, response.json()
    saved = EmployerResponse.objects.get(invitation=steel_invitation).graduates.order_by("position")
    assert list(saved.values_list("name", "post", "graduate_id")) == [
        ("李明", "钳工", graduate.pk),
        ("新同学", "学徒", None),
    ]


def test_a_draft_is_kept_without_the_completeness_check(api_as, steel_invitation):
    body = {"draft": True, "contact_person": "钱主任", "hired_count": 3}
    response = api_as("centre").post(paper_url(steel_invitation.pk), body, format="json")
    assert response.status_code == 200, response.json()
    draft = EmployerResponse.objects.get(invitation=steel_invitation)
    assert (draft.contact_person, draft.hired_count, draft.submitted_at) == ("钱主任", 3, None)
    assert Invitation.objects.get(pk=steel_invitation.pk).submitted_at is None


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        (paper_body(quality=""), {"quality"}),
        (paper_body(contact_person="", hired_count=2), {"contact_person", "still_employed_count"}),
        (paper_body(stamp_confirmation=""), {"stamp_confirmation"}),
        (paper_body(source="online"), {"source"}),
        ({**complete_answers()}, {"source"}),
        (paper_body(hired_count="六"), {"hired_count"}),
        (paper_body(hired_count=100001), {"hired_count"}),
        (paper_body(nature="foreign"), {"nature"}),
        (paper_body(graduates=[{"name": "甲" * 51}]), {"graduates"}),
        (paper_body(graduates="李明"), {"graduates"}),
    ],
)
def test_a_bad_paper_return_names_the_fields_and_submits_nothing(api_as, steel_invitation, body, fields):
    response = api_as("centre").post(paper_url(steel_invitation.pk), body, format="json")
    assert refused_fields(response) == fields
    assert not EmployerResponse.objects.filter(submitted_at__isnull=False).exists()


def test_a_submitted_paper_return_cannot_be_entered_again(api_as, steel_invitation):
    client = api_as("centre")
    assert client.post(paper_url(steel_invitation.pk), paper_body(), format="json").status_code == 200
    again = client.post(paper_url(steel_invitation.pk), paper_body(source="fax"), format="json")
    assert refused_fields(again) == {"non_field_errors"}
    assert "已提交" in again.json()["errors"]["non_field_errors"][0]
    assert EmployerResponse.objects.get(invitation=steel_invitation).source == "paper"


@pytest.mark.parametrize("invitation_id", ["999999", "abc"])
def test_a_paper_return_for_no_invitation_is_a_json_404(api_as, sent, invitation_id):
    response = api_as("centre").post(paper_url(invitation_id), paper_body(), format="json")
    assert response.status_code == 404
    assert not EmployerResponse.objects.exists()


def test_the_schema_lists_the_write_operations(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "post" in paths[TRIPS] and "post" in paths[VISITS]
    assert "post" in paths["/api/v1/surveys/trips/{id}/decide/"]
    assert "post" in paths["/api/v1/surveys/invitations/{id}/paper-entry/"]
    assert "post" not in paths["/api/v1/surveys/campaigns/"]
