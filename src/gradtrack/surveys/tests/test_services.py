"""Campaigns, plans, invitations, the employer's answers and site visits through surveys.services."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from gradtrack.core.models import PolicySettings
from gradtrack.surveys import selectors, services
from gradtrack.surveys.models import Campaign, EmployerResponse, Invitation, Trip
from gradtrack.surveys.tests.conftest import YEAR, complete_answers, link

pytestmark = pytest.mark.django_db


def test_a_year_gets_three_campaigns_with_the_deadlines_and_percentages_of_the_settings(campaigns):
    past = campaigns[Campaign.Kind.PAST_COHORTS]
    current = campaigns[Campaign.Kind.CURRENT_COHORT]
    visit = campaigns[Campaign.Kind.SITE_VISIT]
    assert (past.closes_on, past.percent, past.cohort_years) == (
        datetime.date(YEAR, 4, 30),
        10,
        [YEAR - 3, YEAR - 2, YEAR - 1],
    )
    assert (current.opens_on, current.closes_on, current.percent, current.cohort_years) == (
        datetime.date(YEAR, 8, 1),
        datetime.date(YEAR, 8, 31),
        50,
        [YEAR],
    )
    assert (visit.closes_on, visit.percent) == (datetime.date(YEAR, 8, 31), 5)
    assert {c.report_due for c in campaigns.values()} == {datetime.date(YEAR, 9, 15)}


def test_changed_settings_give_the_next_campaigns_their_dates(school, centre_user):
    policy = PolicySettings.current()
    policy.survey_past_cohorts_deadline = "04-15"
    policy.survey_past_cohorts_percent = 20
    policy.save()
    created = services.campaigns_create_for_year(year=YEAR + 1, acting_user=centre_user)
    past = next(c for c in created if c.kind == Campaign.Kind.PAST_COHORTS)
    assert (past.closes_on, past.percent) == (datetime.date(YEAR + 1, 4, 15), 20)


def test_a_year_cannot_be_created_twice(campaigns, centre_user):
    with pytest.raises(ValidationError) as error:
        services.campaigns_create_for_year(year=YEAR, acting_user=centre_user)
    assert "year" in error.value.message_dict


@pytest.mark.parametrize(
    ("kind", "expected", "covered", "denominator", "target"),
    [
        (Campaign.Kind.PAST_COHORTS, ["shop"], 20, 20, 2),
        (Campaign.Kind.CURRENT_COHORT, ["steel", "hotel"], 8, 10, 5),  # 4 and 4: a tie, 攀 before 米
        (Campaign.Kind.SITE_VISIT, ["steel"], 4, 10, 1),
    ],
)
def test_each_plan_is_drawn_per_policy_and_meets_its_target(
    campaigns, employers, kind, expected, covered, denominator, target
):
    campaign = campaigns[kind]
    planned = list(campaign.plan_entries.values_list("employer_id", flat=True))
    assert planned == [employers[key].pk for key in expected]
    sample = selectors.plan_coverage(campaign)
    assert (sample.covered, sample.denominator, sample.target, sample.met) == (
        covered,
        denominator,
        target,
        True,
    )


def test_removing_an_employer_shows_the_plan_below_target_and_adding_one_restores_it(
    current, employers, centre_user
):
    services.plan_remove_employer(campaign=current, employer=employers["hotel"], acting_user=centre_user)
    assert selectors.plan_coverage(current).met is False
    services.plan_add_employer(campaign=current, employer=employers["shop"], acting_user=centre_user)
    sample = selectors.plan_coverage(current)
    assert (sample.covered, sample.met) == (6, True)
    assert current.plan_entries.get(employer=employers["shop"]).added_by_staff


def test_the_plan_freezes_when_invitations_go_out(sent, employers, centre_user):
    sent.refresh_from_db()
    assert sent.plan_is_frozen
    for change in (services.plan_add_employer, services.plan_remove_employer):
        with pytest.raises(ValidationError, match="已锁定"):
            change(campaign=sent, employer=employers["shop"], acting_user=centre_user)
    with pytest.raises(ValidationError):
        services.plan_draw(campaign=sent, acting_user=centre_user)


def test_invitations_are_mailed_where_the_employer_has_an_address(sent, employers):
    assert sent.invitations.count() == 2
    assert len(mail.outbox) == 1  # the hotel has no address: its letter is printed
    message = mail.outbox[0]
    assert message.to == ["hr@pangang.example"]
    steel = sent.invitations.get(employer=employers["steel"])
    assert services.invitation_token(steel) in message.body
    assert {i.status() for i in sent.invitations.all()} == {Invitation.Status.SENT}


def test_reminders_go_only_to_employers_that_have_not_answered(
    sent, employers, steel_invitation, hotel_invitation, centre_user, django_capture_on_commit_callbacks
):
    employers["hotel"].email = "hotel@example.com"
    hotel_invitation.email = "hotel@example.com"
    hotel_invitation.save()
    services.response_submit(invitation=steel_invitation, data=complete_answers(), rows=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.invitations_remind(campaign=sent, link_for=link, acting_user=centre_user) == 1
    assert [m.to for m in mail.outbox] == [["hotel@example.com"]]


def test_a_token_finds_its_invitation_and_nothing_else(steel_invitation):
    token = services.invitation_token(steel_invitation)
    assert services.invitation_from_token(token) == steel_invitation
    public_id, _dot, mac = token.partition(".")
    assert services.invitation_from_token(f"{public_id}.{mac[:-1]}x") is None
    assert services.invitation_from_token(public_id) is None
    assert services.invitation_from_token("") is None
    assert services.invitation_from_token("abc.def") is None


def test_the_token_is_not_stored(steel_invitation):
    token = services.invitation_token(steel_invitation)
    stored = [str(v) for v in Invitation.objects.filter(pk=steel_invitation.pk).values().first().values()]
    assert all(token not in value for value in stored)


@pytest.mark.parametrize(
    ("opened", "submitted", "frozen_at", "status"),
    [
        (False, False, None, Invitation.Status.SENT),
        (True, False, None, Invitation.Status.OPENED),
        (True, True, None, Invitation.Status.SUBMITTED),
        (True, False, datetime.date(YEAR, 9, 1), Invitation.Status.EXPIRED),
        (True, True, datetime.date(YEAR, 9, 1), Invitation.Status.SUBMITTED),
    ],
)
def test_invitation_status(steel_invitation, opened, submitted, frozen_at, status):
    if opened:
        services.invitation_opened(steel_invitation)
    if submitted:
        services.response_submit(invitation=steel_invitation, data=complete_answers(), rows=None)
    steel_invitation.refresh_from_db()
    assert steel_invitation.status(frozen_at) == status


def test_an_unsent_invitation_is_not_sent(current, employers):
    invitation = services.invitation_for(current, employers["steel"])
    assert invitation.status() == Invitation.Status.NOT_SENT


def test_the_form_is_prefilled_with_the_employers_graduates_of_the_cohort(steel_invitation, graduate):
    rows = services.prefilled_rows(steel_invitation)
    assert len(rows) == 4
    mine = next(r for r in rows if r["graduate_id"] == graduate.pk)
    assert (mine["name"], mine["major"], mine["post"], mine["title"]) == (
        "李明",
        "数控技术应用",
        "钳工",
        "班组长",
    )
    assert mine["graduated"] == f"{YEAR}年6月"


def test_a_draft_keeps_partial_answers_and_a_submission_needs_every_answer(steel_invitation):
    services.response_save_draft(invitation=steel_invitation, data={"quality": "high"}, rows=None)
    response = EmployerResponse.objects.get(invitation=steel_invitation)
    assert (response.quality, response.is_submitted) == ("high", False)
    with pytest.raises(ValidationError) as error:
        services.response_submit(invitation=steel_invitation, data={"satisfaction": "very"}, rows=None)
    missing = error.value.message_dict
    assert "rating_political" in missing and "overall_evaluation" in missing and "quality" not in missing
    # 基本数据 start from the school's records (issue 15): 4 of the cohort work at the steel works.
    assert "hired_count" not in missing and (response.hired_count, response.still_employed_count) == (4, 4)
    assert missing["nature"] == ["请填写“单位性质”"]


def test_still_employed_cannot_exceed_hired(steel_invitation):
    with pytest.raises(ValidationError) as error:
        services.response_submit(
            invitation=steel_invitation,
            data=complete_answers(hired_count=3, still_employed_count=4),
            rows=None,
        )
    assert "不能多于" in error.value.message_dict["still_employed_count"][0]


def test_a_stamp_or_a_typed_confirmation_is_required(steel_invitation):
    with pytest.raises(ValidationError) as error:
        services.response_submit(
            invitation=steel_invitation, data=complete_answers(stamp_confirmation=""), rows=None
        )
    assert "stamp_confirmation" in error.value.message_dict


def test_a_form_is_submitted_once_and_maps_the_nature_to_its_national_code(steel_invitation, graduate):
    rows = services.prefilled_rows(steel_invitation)
    rows[0]["post"] = "电工"
    rows.append({"graduate_id": 999999, "name": "补充的毕业生", "major": "焊接"})
    response = services.response_submit(invitation=steel_invitation, data=complete_answers(), rows=rows)
    assert response.nature_code.code == "31"
    assert response.graduates.count() == 5
    assert (
        response.graduates.get(name="补充的毕业生").graduate_id is None
    )  # ids outside the prefill are dropped
    assert response.graduates.filter(post="电工").exists()
    steel_invitation.refresh_from_db()
    assert steel_invitation.status() == Invitation.Status.SUBMITTED
    with pytest.raises(ValidationError, match="已提交"):
        services.response_submit(invitation=steel_invitation, data=complete_answers(), rows=None)
    with pytest.raises(ValidationError, match="已提交"):
        services.response_save_draft(invitation=steel_invitation, data={"quality": "low"}, rows=None)


def test_an_online_answer_after_the_campaign_closed_is_refused(steel_invitation):
    with time_machine.travel(datetime.datetime(YEAR, 9, 2, 12, 0), tick=False):
        with pytest.raises(ValidationError, match="截止"):
            services.response_submit(invitation=steel_invitation, data=complete_answers(), rows=None)


def test_staff_type_in_a_paper_return_with_its_source(hotel_invitation, dept_user):
    response = services.response_submit(
        invitation=hotel_invitation,
        data=complete_answers(unit_name="米易县阳光酒店"),
        rows=None,
        source=EmployerResponse.Source.FAX,
        acting_user=dept_user,
    )
    assert (response.source, response.entered_by) == ("fax", dept_user)


# --- Site visits ---------------------------------------------------------------------------------------------


@pytest.fixture
def trip(visit_campaign, employers, dept_user, department):
    return services.trip_request(
        campaign=visit_campaign,
        data={
            "destination": "攀枝花市东区",
            "department": department,
            "people": "张老师、李老师",
            "planned_date": timezone.localdate(),
            "estimated_cost": 800,
        },
        employers=[employers["steel"]],
        acting_user=dept_user,
    )


VISIT = {
    "visited_on": timezone.localdate(),
    "visitors": "张老师",
    "met_whom": "人事部赵经理",
    "graduates_situation": "适应良好",
    "assessment": "满意",
}


def test_a_visit_cannot_be_recorded_before_a_leader_approves_the_trip(trip, employers, dept_user):
    with pytest.raises(ValidationError) as error:
        services.visit_record(trip=trip, employer=employers["steel"], data=VISIT, acting_user=dept_user)
    assert error.value.code == "trip_not_approved"


def test_a_rejected_trip_gets_no_visit(trip, employers, dept_user, leader_user):
    services.trip_decide(trip=trip, approve=False, note="经费不足", acting_user=leader_user)
    with pytest.raises(ValidationError):
        services.visit_record(trip=trip, employer=employers["steel"], data=VISIT, acting_user=dept_user)


def test_after_approval_the_visit_is_recorded_and_counts_as_visited(
    trip, visit_campaign, employers, dept_user, leader_user
):
    services.trip_decide(trip=trip, approve=True, acting_user=leader_user)
    visit = services.visit_record(trip=trip, employer=employers["steel"], data=VISIT, acting_user=dept_user)
    assert visit.trip.status == Trip.Status.APPROVED
    assert selectors.campaign_progress(visit_campaign, dept_user).employers.visited == 1


def test_only_a_leader_decides_and_only_once(trip, centre_user, leader_user):
    with pytest.raises(ValidationError):
        services.trip_decide(trip=trip, approve=True, acting_user=centre_user)
    services.trip_decide(trip=trip, approve=True, acting_user=leader_user)
    with pytest.raises(ValidationError, match="已审批"):
        services.trip_decide(trip=trip, approve=False, acting_user=leader_user)


def test_a_visit_is_only_to_an_employer_of_the_trip_and_not_before_approval(
    trip, employers, dept_user, leader_user
):
    services.trip_decide(trip=trip, approve=True, acting_user=leader_user)
    with pytest.raises(ValidationError) as error:
        services.visit_record(trip=trip, employer=employers["shop"], data=VISIT, acting_user=dept_user)
    assert "employer" in error.value.message_dict
    early = {**VISIT, "visited_on": timezone.localdate() - datetime.timedelta(days=3)}
    with pytest.raises(ValidationError) as error:
        services.visit_record(trip=trip, employer=employers["steel"], data=early, acting_user=dept_user)
    assert "visited_on" in error.value.message_dict


def test_a_trip_belongs_to_a_site_visit_campaign(current, employers, centre_user):
    with pytest.raises(ValidationError):
        services.trip_request(
            campaign=current,
            data={
                "destination": "x",
                "people": "y",
                "planned_date": timezone.localdate(),
                "estimated_cost": 1,
            },
            employers=[employers["steel"]],
            acting_user=centre_user,
        )


def test_a_forum_is_recorded(visit_campaign, centre_user):
    forum = services.forum_record(
        campaign=visit_campaign,
        data={
            "held_on": timezone.localdate(),
            "place": "学校报告厅",
            "attendees": "毕业生代表 20 人",
            "minutes": "转达学校领导的问候",
            "suggestions": "希望增加技能培训",
        },
        acting_user=centre_user,
    )
    assert forum.campaign == visit_campaign


def test_progress_by_department_counts_graduates_each_user_may_see(
    sent, steel_invitation, dept_user, centre_user
):
    services.response_submit(invitation=steel_invitation, data=complete_answers(), rows=None)
    progress = selectors.campaign_progress(sent, dept_user)
    assert [(r.label, r.planned, r.sent, r.returned) for r in progress.departments] == [("机电系", 6, 6, 4)]
    everyone = selectors.campaign_progress(sent, centre_user)
    assert {r.label for r in everyone.departments} == {"机电系", "信息技术系"}
    assert (everyone.employers.planned, everyone.employers.sent, everyone.employers.returned) == (2, 2, 1)
    assert everyone.employers.response_rate == 50.0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("survey_past_cohorts_deadline", "02-30"),
        ("survey_past_cohorts_deadline", "4-30"),
        ("site_visit_deadline", "13-01"),
        ("survey_report_deadline", "september"),
        ("survey_current_cohort_deadline", "07-15"),  # before the 08-01 opening
    ],
)
def test_survey_deadlines_in_the_settings_must_be_real_dates_in_order(admin_user, field, value):
    from gradtrack.core.services import policy_settings_update

    with pytest.raises(ValidationError) as error:
        policy_settings_update(data={field: value}, acting_user=admin_user)
    assert field in error.value.message_dict
