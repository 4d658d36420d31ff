"""The tracking services: opening, terminating, changes into the employment file, follow-ups, verification,
违规记录 and accidents (POLICY §2–§5)."""

import datetime

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.utils import timezone

from gradtrack.core import history
from gradtrack.core.models import PolicySettings
from gradtrack.records.models import Employment, Graduate
from gradtrack.testing.factories import EmploymentFactory, GraduateFactory
from gradtrack.tracking import services
from gradtrack.tracking.models import ChangeReport, TrackingService, Verification, ViolationFlag

D = datetime.date
pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def test_the_service_starts_on_the_first_school_arranged_job(graduate, centre_user):
    EmploymentFactory(
        graduate=graduate, start_date=D(2024, 2, 29), probation_end=D(2024, 5, 28), end_date=D(2024, 6, 30)
    )
    EmploymentFactory(graduate=graduate, start_date=D(2024, 7, 1), probation_end=D(2024, 9, 30))
    with time_machine.travel(datetime.datetime(2025, 1, 10, 12, tzinfo=datetime.UTC)):
        service = services.tracking_service_start(graduate=graduate, acting_user=centre_user)
    assert service.start_date == D(2024, 2, 29)
    assert service.last_covered_day == D(2027, 2, 27)
    assert service.status == TrackingService.Status.ACTIVE
    assert service.next_follow_up_due == D(2024, 5, 29)
    assert history.history_of(service).exists()


def test_the_number_of_years_comes_from_the_settings(graduate, centre_user):
    policy = PolicySettings.current()
    policy.service_years = 2
    policy.save()
    EmploymentFactory(graduate=graduate, start_date=D(2025, 7, 1), probation_end=D(2025, 9, 30))
    service = services.tracking_service_start(graduate=graduate, acting_user=centre_user)
    assert service.last_covered_day == D(2027, 6, 30)


def test_a_self_placed_graduate_gets_no_service(major, centre_user):
    graduate = GraduateFactory(major=major, placement_mode=Graduate.PlacementMode.SELF)
    EmploymentFactory(graduate=graduate)
    assert services.tracking_service_start(graduate=graduate, acting_user=centre_user) is None


def test_a_service_whose_period_is_over_opens_expired(graduate, centre_user):
    EmploymentFactory(graduate=graduate, start_date=D(2019, 7, 1), probation_end=D(2019, 9, 30))
    service = services.tracking_service_start(graduate=graduate, acting_user=centre_user)
    assert service.status == TrackingService.Status.EXPIRED
    assert service.next_follow_up_due is None


SCHOOL, FOUND = True, False


@pytest.mark.parametrize(
    ("jobs", "status", "terminated_on"),
    [
        pytest.param(
            [(D(2024, 7, 1), D(2025, 1, 10), "expelled", SCHOOL)],
            "terminated",
            D(2025, 1, 10),
            id="§二.10 an expulsion inside the period ends the service as it opens",
        ),
        pytest.param(
            [(D(2024, 7, 1), D(2025, 1, 10), "expelled", FOUND), (D(2025, 3, 1), None, "", SCHOOL)],
            "active",
            None,
            id="§二.10 an expulsion before the service began leaves it active",
        ),
        pytest.param(
            [
                (D(2021, 7, 1), D(2022, 1, 1), "personal", SCHOOL),
                (D(2024, 7, 1), D(2025, 1, 10), "expelled", FOUND),
            ],
            "expired",
            None,
            id="§二.10 an expulsion after the service leaves it 已到期",
        ),
        pytest.param(
            [(D(2021, 7, 1), D(2023, 1, 10), "expelled", SCHOOL)],
            "expired",
            None,
            id="§二.10 only an active service is terminated: one that opens already over stays 已到期",
        ),
    ],
)
def test_a_service_opening_after_an_expulsion_applies_the_rule(
    graduate, centre_user, jobs, status, terminated_on
):
    for start, end, reason, school_arranged in jobs:
        EmploymentFactory(
            graduate=graduate,
            start_date=start,
            probation_end=None,
            end_date=end,
            end_reason=reason,
            school_arranged=school_arranged,
        )
    with time_machine.travel(datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC)):
        service = services.tracking_service_start(graduate=graduate, acting_user=centre_user)
    assert (service.status, service.terminated_on) == (status, terminated_on)


def test_termination_needs_one_of_the_two_causes_and_evidence(service, centre_user):
    with pytest.raises(ValidationError) as error:
        services.tracking_service_terminate(
            service=service, cause="moved_away", evidence="", decided_on=today(), acting_user=centre_user
        )
    assert set(error.value.message_dict) == {"termination_cause", "termination_evidence"}


def test_termination_records_cause_evidence_staff_and_date(service, dept_user):
    terminated = services.tracking_service_terminate(
        service=service,
        cause="unreported",
        evidence="回访发现已跳槽两个月",
        decided_on=today(),
        acting_user=dept_user,
    )
    assert terminated.status == TrackingService.Status.TERMINATED
    assert terminated.terminated_by == dept_user
    assert terminated.terminated_on == today()
    assert terminated.next_follow_up_due is None


# --- Changes (§3) -------------------------------------------------------------------------------------------


def test_a_confirmed_salary_change_updates_the_job_and_history_keeps_the_old_salary(
    salary_change, job, dept_user
):
    services.change_report_confirm(change=salary_change, acting_user=dept_user)
    job.refresh_from_db()
    assert job.monthly_salary == 5000
    entry = history.history_of(job).filter(action="update").first()
    assert entry.changes["monthly_salary"] == ["4200.00", "5000.00"]
    assert entry.actor == dept_user
    # POLICY §1: the 起薪 stays; the raise is a salary change dated when it happened.
    assert job.starting_salary == 4200
    (change,) = job.salary_changes.all()
    assert (change.effective_on, change.previous_salary, change.monthly_salary) == (
        salary_change.occurred_on,
        4200,
        5000,
    )
    assert "调资" in change.note


def test_staff_may_correct_a_change_before_confirming_it(salary_change, job, dept_user):
    change = services.change_report_confirm(
        change=salary_change, acting_user=dept_user, corrections={"new_salary": 4800}
    )
    job.refresh_from_db()
    assert (change.new_salary, job.monthly_salary) == (4800, 4800)


def test_a_rejected_change_needs_a_reason_and_leaves_the_file_alone(salary_change, job, dept_user):
    with pytest.raises(ValidationError):
        services.change_report_reject(change=salary_change, acting_user=dept_user, reason=" ")
    change = services.change_report_reject(change=salary_change, acting_user=dept_user, reason="工资条不符")
    job.refresh_from_db()
    assert change.status == ChangeReport.Status.REJECTED
    assert job.monthly_salary == 4200


def test_a_change_is_decided_only_once(salary_change, dept_user):
    services.change_report_confirm(change=salary_change, acting_user=dept_user)
    with pytest.raises(ValidationError):
        services.change_report_reject(change=salary_change, acting_user=dept_user, reason="x")


def test_a_job_change_ends_the_old_job_and_adds_the_new_one(service, job, graduate_user, dept_user):
    change = services.change_report_submit(
        service=service,
        data={
            "change_type": "job_change",
            "occurred_on": today(),
            "new_employer_name": "米易县新希望饲料有限公司",
            "new_salary": 5200,
            "new_post": "质检员",
        },
        reported_by="graduate",
        acting_user=graduate_user,
    )
    change = services.change_report_confirm(change=change, acting_user=dept_user)
    job.refresh_from_db()
    assert job.end_date == today() - datetime.timedelta(days=1)
    assert job.end_reason == Employment.EndReason.PERSONAL
    new_job = change.employment
    assert (new_job.employer.name, new_job.monthly_salary, new_job.start_date) == (
        "米易县新希望饲料有限公司",
        5200,
        today(),
    )
    assert new_job.is_current and not new_job.school_arranged
    service.refresh_from_db()
    assert service.start_date == job.start_date  # re-placement does not restart the service


def test_a_contact_change_updates_the_graduate_through_the_records_services(
    service, graduate, graduate_user, dept_user
):
    change = services.change_report_submit(
        service=service,
        data={"change_type": "contact", "occurred_on": today(), "new_mobile": "+86 139-0000-1111"},
        reported_by="graduate",
        acting_user=graduate_user,
    )
    services.change_report_confirm(change=change, acting_user=dept_user)
    graduate.refresh_from_db()
    assert graduate.mobile == "13900001111"


def test_an_expulsion_terminates_the_service_at_once(service, job, dept_user):
    change = services.change_report_submit(
        service=service,
        data={"change_type": "expelled", "occurred_on": today(), "details": "严重违纪"},
        reported_by="employer",
        acting_user=dept_user,
    )
    services.change_report_confirm(change=change, acting_user=dept_user)
    service.refresh_from_db()
    job.refresh_from_db()
    assert job.end_reason == Employment.EndReason.EXPELLED
    assert service.status == TrackingService.Status.TERMINATED
    assert service.termination_cause == TrackingService.TerminationCause.EXPELLED
    assert service.terminated_by == dept_user


def test_graduates_cannot_report_employer_only_types(service, graduate_user):
    with pytest.raises(ValidationError) as error:
        services.change_report_submit(
            service=service,
            data={"change_type": "expelled", "occurred_on": today(), "details": "x"},
            reported_by="graduate",
            acting_user=graduate_user,
        )
    assert "change_type" in error.value.message_dict


@pytest.mark.parametrize(
    ("days_ago", "reported_by", "late"),
    [(30, "graduate", False), (31, "graduate", True), (0, "school", True)],
    ids=["§3 within the window", "§3 one day too late", "§3 found by the school"],
)
def test_late_changes_are_marked(service, dept_user, days_ago, reported_by, late):
    change = services.change_report_submit(
        service=service,
        data={
            "change_type": "salary",
            "occurred_on": today() - datetime.timedelta(days=days_ago),
            "new_salary": 4500,
        },
        reported_by=reported_by,
        acting_user=dept_user,
    )
    assert change.late is late


def test_a_confirmed_late_change_is_proposed_for_termination_and_staff_confirm_it(service, dept_user):
    from gradtrack.tracking import selectors

    change = services.change_report_submit(
        service=service,
        data={
            "change_type": "salary",
            "occurred_on": today() - datetime.timedelta(days=60),
            "new_salary": 4500,
        },
        reported_by="graduate",
        acting_user=dept_user,
    )
    assert not selectors.termination_proposals(dept_user).exists()  # only once confirmed
    services.change_report_confirm(change=change, acting_user=dept_user)
    assert list(selectors.termination_proposals(dept_user)) == [change]
    services.termination_proposal_decide(
        change=change, terminate=True, note="两个月后才通报", acting_user=dept_user
    )
    service.refresh_from_db()
    assert service.status == TrackingService.Status.TERMINATED
    assert service.termination_cause == TrackingService.TerminationCause.UNREPORTED
    assert "两个月后才通报" in service.termination_evidence
    assert not selectors.termination_proposals(dept_user).exists()


def test_staff_may_decline_a_termination_proposal_with_a_note(service, dept_user):
    change = services.change_report_submit(
        service=service,
        data={
            "change_type": "salary",
            "occurred_on": today() - datetime.timedelta(days=60),
            "new_salary": 4500,
        },
        reported_by="graduate",
        acting_user=dept_user,
    )
    services.change_report_confirm(change=change, acting_user=dept_user)
    with pytest.raises(ValidationError):
        services.termination_proposal_decide(change=change, terminate=False, note="", acting_user=dept_user)
    services.termination_proposal_decide(
        change=change, terminate=False, note="住院期间，情有可原", acting_user=dept_user
    )
    service.refresh_from_db()
    assert service.status == TrackingService.Status.ACTIVE


# --- Follow-ups (§4) -------------------------------------------------------------------------------------


def test_a_successful_contact_sets_the_next_due_date(service, dept_user):
    due = service.next_follow_up_due
    services.follow_up_contact_log(
        service=service,
        data={"contacted_on": today(), "channel": "phone", "reached": True},
        acting_user=dept_user,
    )
    service.refresh_from_db()
    assert service.next_follow_up_due > max(due, today())


def test_an_unsuccessful_contact_leaves_the_due_date(service, dept_user):
    due = service.next_follow_up_due
    services.follow_up_contact_log(
        service=service,
        data={"contacted_on": today(), "channel": "qq", "reached": False},
        acting_user=dept_user,
    )
    service.refresh_from_db()
    assert service.next_follow_up_due == due


def test_a_contact_for_a_terminated_service_is_refused_with_a_clear_message(service, dept_user):
    services.tracking_service_terminate(
        service=service, cause="unreported", evidence="x", decided_on=today(), acting_user=dept_user
    )
    with pytest.raises(ValidationError) as error:
        services.follow_up_contact_log(
            service=service,
            data={"contacted_on": today(), "channel": "phone", "reached": True},
            acting_user=dept_user,
        )
    assert (
        "已于" in error.value.message_dict["contacted_on"][0]
        and "终止" in error.value.message_dict["contacted_on"][0]
    )


def test_a_contact_for_an_expired_service_is_refused(graduate, dept_user):
    EmploymentFactory(graduate=graduate, start_date=D(2019, 7, 1), probation_end=D(2019, 9, 30))
    service = services.tracking_service_start(graduate=graduate, acting_user=dept_user)
    with pytest.raises(ValidationError) as error:
        services.follow_up_contact_log(
            service=service,
            data={"contacted_on": today(), "channel": "phone", "reached": True},
            acting_user=dept_user,
        )
    assert "到期" in error.value.message_dict["contacted_on"][0]


# --- Verification and 违规记录 ------------------------------------------------------------------------------


def test_a_verification_finding_a_change_records_it_as_not_reported_in_time(service, dept_user):
    verification = services.verification_record(
        service=service,
        data={"verified_on": today(), "outcome": "change", "notes": "电话核实已调岗"},
        change_data={
            "change_type": "transfer",
            "occurred_on": today() - datetime.timedelta(days=5),
            "new_post": "班组长",
        },
        acting_user=dept_user,
    )
    change = verification.change
    assert change.reported_by == ChangeReport.ReportedBy.SCHOOL
    assert change.late and change.status == ChangeReport.Status.PENDING


def test_a_falsification_raises_a_flag_that_cannot_be_deleted_only_resolved(service, dept_user, leader_user):
    verification = services.verification_record(
        service=service,
        data={"verified_on": today(), "outcome": Verification.Outcome.VIOLATION, "notes": "伪造工资条"},
        acting_user=dept_user,
    )
    flag = ViolationFlag.objects.get(verification=verification)
    with pytest.raises(ProtectedError):
        flag.delete()
    with pytest.raises(ProtectedError):
        ViolationFlag.objects.filter(pk=flag.pk).delete()
    with pytest.raises(ValidationError):
        services.violation_flag_resolve(flag=flag, note="", acting_user=dept_user)
    resolved = services.violation_flag_resolve(flag=flag, note="已约谈本人并更正档案", acting_user=dept_user)
    assert resolved.resolved_by == dept_user and not resolved.is_open
    assert ViolationFlag.objects.filter(pk=flag.pk).exists()


# --- Accidents (§5) -----------------------------------------------------------------------------------------


def test_an_accident_case_is_opened_assigned_stepped_and_closed(service, graduate, dept_user, centre_user):
    case = services.accident_case_open(
        graduate=graduate, data={"occurred_on": today(), "description": "工伤"}, acting_user=dept_user
    )
    assert case.within_service and case.is_open and case.employer is not None
    services.accident_case_assign(case=case, assignee=centre_user, acting_user=dept_user)
    services.accident_step_add(
        case=case, data={"taken_on": today(), "description": "陪同家属到医院"}, acting_user=centre_user
    )
    closed = services.accident_case_close(
        case=case, outcome="已获工伤赔偿", closed_on=today(), acting_user=centre_user
    )
    assert not closed.is_open and closed.assigned_to == centre_user
    with pytest.raises(ValidationError):
        services.accident_step_add(case=case, data={"description": "迟到的措施"}, acting_user=centre_user)


def test_an_accident_outside_the_service_period_is_marked(graduate, dept_user):
    EmploymentFactory(graduate=graduate, start_date=D(2019, 7, 1), probation_end=D(2019, 9, 30))
    services.tracking_service_start(graduate=graduate, acting_user=dept_user)
    case = services.accident_case_open(
        graduate=graduate, data={"occurred_on": today(), "description": "车祸"}, acting_user=dept_user
    )
    assert not case.within_service


# --- Invitations ----------------------------------------------------------------------------------------------


def test_an_invitation_is_single_use_and_stored_hashed(graduate, centre_user, password):
    invitation, token = services.portal_invitation_create(graduate=graduate, acting_user=centre_user)
    assert token not in invitation.token_hash
    user = services.portal_invitation_accept(token=token, password=password)
    assert user.graduate == graduate and user.check_password(password)
    with pytest.raises(ValidationError):
        services.portal_invitation_accept(token=token, password=password)


@pytest.mark.parametrize("days", [14, 3])
def test_an_invitation_expires_after_the_days_in_the_settings(graduate, centre_user, password, days):
    policy = PolicySettings.current()
    policy.portal_invitation_days = days
    policy.save()
    _invitation, token = services.portal_invitation_create(graduate=graduate, acting_user=centre_user)
    with time_machine.travel(timezone.now() + relativedelta(days=days, minutes=-1)):
        assert services.portal_invitation_for_token(token) is not None
    with time_machine.travel(timezone.now() + relativedelta(days=days, minutes=1)):
        with pytest.raises(ValidationError):
            services.portal_invitation_accept(token=token, password=password)


def test_a_new_invitation_cancels_the_unused_earlier_one(graduate, centre_user, password):
    _first, first_token = services.portal_invitation_create(graduate=graduate, acting_user=centre_user)
    services.portal_invitation_create(graduate=graduate, acting_user=centre_user)
    assert services.portal_invitation_for_token(first_token) is None
