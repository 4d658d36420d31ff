"""Staff pages: who may open and do what (centre, same department, other department, leader)."""

import pytest
from django.urls import resolve, reverse
from django.utils import timezone

from gradtrack.surveys import public_views, services
from gradtrack.surveys.models import EmployerResponse, Invitation, PlanEntry, Trip, Visit
from gradtrack.surveys.tests.conftest import complete_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_as(client, request):
    def login(who):
        user = request.getfixturevalue(f"{who}_user")
        client.force_login(user)
        return client

    return login


@pytest.mark.parametrize("who", ["centre", "dept", "other_dept", "leader", "admin"])
def test_every_staff_member_sees_the_campaigns_and_their_coverage(client_as, who, current):
    page = client_as(who).get(reverse("surveys:campaign_list"))
    assert page.status_code == 200
    assert "已达标" in page.content.decode()
    detail = client_as(who).get(reverse("surveys:campaign_detail", args=[current.pk]))
    assert detail.status_code == 200


def test_the_campaign_page_shows_each_department_only_its_own_progress_row(client_as, current):
    content = client_as("dept").get(reverse("surveys:campaign_detail", args=[current.pk])).content.decode()
    assert "机电系" in content and "信息技术系" not in content
    content = client_as("centre").get(reverse("surveys:campaign_detail", args=[current.pk])).content.decode()
    assert "机电系" in content and "信息技术系" in content


def test_anonymous_visitors_are_sent_to_sign_in(client, current):
    page = client.get(reverse("surveys:campaign_detail", args=[current.pk]))
    assert page.status_code == 302 and "/accounts/login/" in page.url


@pytest.mark.parametrize(
    ("who", "status"), [("centre", 302), ("dept", 403), ("other_dept", 403), ("leader", 403)]
)
def test_only_the_centre_creates_campaigns_and_changes_plans(client_as, who, status, current, employers):
    client = client_as(who)
    assert client.post(reverse("surveys:campaign_create"), {"year": 2030}).status_code == status
    add = client.post(reverse("surveys:plan_add", args=[current.pk]), {"employer": employers["shop"].pk})
    assert add.status_code == status
    assert PlanEntry.objects.filter(campaign=current, employer=employers["shop"]).exists() == (status == 302)


def test_the_centre_removes_an_employer_and_sees_the_coverage_fall_below_target(
    client_as, current, employers
):
    client = client_as("centre")
    client.post(reverse("surveys:plan_remove", args=[current.pk]), {"employer": employers["hotel"].pk})
    content = client.get(reverse("surveys:campaign_detail", args=[current.pk])).content.decode()
    assert "未达标" in content


def test_sending_invitations_freezes_the_plan_in_the_ui(
    client_as, current, employers, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_as("centre")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("surveys:invitations_send", args=[current.pk]), follow=True)
    assert "抽样方案已锁定" in response.content.decode()
    assert len(mailoutbox) == 1
    client.post(
        reverse("surveys:plan_add", args=[current.pk]), {"employer": employers["shop"].pk}, follow=True
    )
    assert not PlanEntry.objects.filter(campaign=current, employer=employers["shop"]).exists()


@pytest.mark.parametrize(
    ("who", "status"), [("centre", 200), ("dept", 200), ("other_dept", 404), ("leader", 200)]
)
def test_an_invitation_page_is_seen_by_staff_whose_graduates_work_there(
    client_as, who, status, steel_invitation
):
    assert (
        client_as(who).get(reverse("surveys:invitation_detail", args=[steel_invitation.pk])).status_code
        == status
    )
    assert (
        client_as(who).get(reverse("surveys:invitation_qr", args=[steel_invitation.pk])).status_code == status
    )


def test_the_invitation_page_shows_the_link_and_the_graduates(client_as, steel_invitation):
    content = (
        client_as("centre").get(reverse("surveys:invitation_detail", args=[steel_invitation.pk])).content
    )
    content = content.decode()
    assert services.invitation_token(steel_invitation) in content
    assert "李明" in content


def test_the_letter_downloads_as_word(client_as, steel_invitation):
    response = client_as("dept").get(
        reverse("surveys:invitation_document", args=[steel_invitation.pk, "docx"])
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"


def paper_post(row_ref="", **overrides):
    """The paper form with one row: 李明, linked to the school's record when its ``row_ref`` (public_views.row_ref)
    is given (a 系部 user may enter only rows of its own graduates)."""
    data = {
        "source": "paper",
        "action": "submit",
        "rows-TOTAL_FORMS": "1",
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "200",
        "rows-0-row_ref": row_ref,
        "rows-0-name": "李明",
        "rows-0-post": "钳工",
    }
    data.update({k: str(v) for k, v in complete_answers().items()})
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("who", "status"), [("centre", 302), ("dept", 302), ("other_dept", 404), ("leader", 403)]
)
def test_paper_returns_are_typed_in_by_the_centre_or_the_graduates_department(
    client_as, who, status, steel_invitation, graduate
):
    response = client_as(who).post(
        reverse("surveys:paper_entry", args=[steel_invitation.pk]),
        paper_post(public_views.row_ref(steel_invitation, graduate.pk)),
    )
    assert response.status_code == status
    saved = EmployerResponse.objects.filter(invitation=steel_invitation, submitted_at__isnull=False)
    assert saved.exists() == (status == 302)
    if status == 302:
        assert saved.get().source == "paper"


def test_a_paper_entry_with_missing_answers_shows_chinese_errors_on_the_fields(client_as, steel_invitation):
    response = client_as("centre").post(
        reverse("surveys:paper_entry", args=[steel_invitation.pk]), paper_post(quality="", hired_count="2")
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "请填写“整体质量水平”" in content
    assert "不能多于" in content


def test_a_submitted_paper_form_cannot_be_entered_again(client_as, steel_invitation):
    client = client_as("centre")
    client.post(reverse("surveys:paper_entry", args=[steel_invitation.pk]), paper_post())
    again = client.post(reverse("surveys:paper_entry", args=[steel_invitation.pk]), paper_post(source="fax"))
    assert again.status_code == 400
    assert "已提交" in again.content.decode()
    assert EmployerResponse.objects.get(invitation=steel_invitation).source == "paper"


# --- Trips and visits ---------------------------------------------------------------------------------------


def trip_post(employers, department):
    return {
        "destination": "攀枝花市东区",
        "department": department.pk,
        "employers": [employers["steel"].pk],
        "people": "张老师",
        "planned_date": timezone.localdate().isoformat(),
        "estimated_cost": "600",
    }


@pytest.mark.parametrize(("who", "status"), [("centre", 302), ("dept", 302), ("leader", 403)])
def test_staff_who_write_request_trips(client_as, who, status, visit_campaign, employers, department):
    response = client_as(who).post(
        reverse("surveys:trip_create", args=[visit_campaign.pk]), trip_post(employers, department)
    )
    assert response.status_code == status


def test_a_department_user_cannot_request_a_trip_for_another_department(
    client_as, visit_campaign, employers, other_department
):
    response = client_as("dept").post(
        reverse("surveys:trip_create", args=[visit_campaign.pk]), trip_post(employers, other_department)
    )
    assert response.status_code == 400
    assert not Trip.objects.exists()


@pytest.fixture
def trip(visit_campaign, employers, department, dept_user):
    return services.trip_request(
        campaign=visit_campaign,
        data={
            "destination": "攀枝花市东区",
            "department": department,
            "people": "张老师",
            "planned_date": timezone.localdate(),
            "estimated_cost": 600,
        },
        employers=[employers["steel"]],
        acting_user=dept_user,
    )


@pytest.mark.parametrize(
    ("who", "status"), [("centre", 200), ("dept", 200), ("other_dept", 404), ("leader", 200)]
)
def test_a_trip_is_seen_by_its_department_the_centre_and_leaders(client_as, who, status, trip):
    assert client_as(who).get(reverse("surveys:trip_detail", args=[trip.pk])).status_code == status


def visit_post(employers):
    return {
        "employer": employers["steel"].pk,
        "visited_on": timezone.localdate().isoformat(),
        "visitors": "张老师",
        "met_whom": "赵经理",
        "graduates_situation": "适应良好",
        "assessment": "满意",
    }


def test_no_visit_can_be_recorded_through_the_page_before_approval(client_as, trip, employers):
    client = client_as("dept")
    assert client.get(reverse("surveys:visit_create", args=[trip.pk])).status_code == 302
    response = client.post(
        reverse("surveys:visit_create", args=[trip.pk]), visit_post(employers), follow=True
    )
    assert "尚未经校领导批准" in response.content.decode()
    assert not Visit.objects.exists()


@pytest.mark.parametrize("who", ["centre", "dept", "admin"])
def test_only_a_leader_approves_a_trip(client_as, who, trip):
    assert (
        client_as(who)
        .post(reverse("surveys:trip_decide", args=[trip.pk]), {"decision": "approve"})
        .status_code
        == 403
    )
    trip.refresh_from_db()
    assert trip.status == Trip.Status.PENDING


def test_after_a_leader_approves_the_department_records_the_visit(client_as, trip, employers):
    client_as("leader").post(reverse("surveys:trip_decide", args=[trip.pk]), {"decision": "approve"})
    trip.refresh_from_db()
    assert trip.status == Trip.Status.APPROVED
    response = client_as("dept").post(reverse("surveys:visit_create", args=[trip.pk]), visit_post(employers))
    assert response.status_code == 302
    assert Visit.objects.get().met_whom == "赵经理"


def test_another_department_cannot_record_a_visit_on_the_trip(client_as, trip, employers, leader_user):
    services.trip_decide(trip=trip, approve=True, acting_user=leader_user)
    response = client_as("other_dept").post(
        reverse("surveys:visit_create", args=[trip.pk]), visit_post(employers)
    )
    assert response.status_code == 404


@pytest.mark.parametrize(("who", "status"), [("centre", 302), ("dept", 302), ("leader", 403)])
def test_a_forum_is_recorded_by_staff_who_write(client_as, who, status, visit_campaign):
    response = client_as(who).post(
        reverse("surveys:forum_create", args=[visit_campaign.pk]),
        {"held_on": "2026-08-20", "place": "报告厅", "attendees": "毕业生 20 人", "minutes": "座谈"},
    )
    assert response.status_code == status


@pytest.mark.parametrize("who", ["centre", "dept", "other_dept", "leader"])
def test_the_dashboard_shows_the_survey_calendar(client_as, who, db):
    content = client_as(who).get(reverse("site:dashboard")).content.decode()
    assert "调查日历" in content and "综合性专题报告" in content


def test_the_employers_form_filled_in_during_a_visit_is_typed_in_and_linked_to_the_visit(
    client_as, trip, employers, leader_user, dept_user, graduate
):
    services.trip_decide(trip=trip, approve=True, acting_user=leader_user)
    visit = services.visit_record(
        trip=trip,
        employer=employers["steel"],
        data={
            "visited_on": timezone.localdate(),
            "visitors": "张老师",
            "met_whom": "赵经理",
            "graduates_situation": "适应良好",
        },
        acting_user=dept_user,
    )
    client = client_as("dept")
    entry = client.post(reverse("surveys:visit_response", args=[visit.pk]))
    assert entry.status_code == 302 and "/entry/" in entry.url
    invitation = Invitation.objects.get(pk=resolve(entry.url).kwargs["pk"])
    assert (
        client.post(entry.url, paper_post(public_views.row_ref(invitation, graduate.pk))).status_code == 302
    )
    visit.refresh_from_db()
    assert visit.response.source == "paper"
    assert visit.response.invitation.campaign == trip.campaign
    page = client.get(reverse("surveys:trip_detail", args=[trip.pk])).content.decode()
    assert "查看现场填写的登记表" in page


def test_a_visit_of_another_department_gets_no_form_from_its_staff(
    client_as, trip, employers, leader_user, dept_user
):
    services.trip_decide(trip=trip, approve=True, acting_user=leader_user)
    visit = services.visit_record(
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
    assert client_as("other_dept").post(reverse("surveys:visit_response", args=[visit.pk])).status_code == 404
    assert client_as("leader").post(reverse("surveys:visit_response", args=[visit.pk])).status_code == 403
