"""The re-placement services: opening and deciding, the steps, the refusals of a placement, history."""

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from gradtrack.core import history
from gradtrack.records import services as records_services
from gradtrack.records.models import Employment, Graduate
from gradtrack.replacement import services
from gradtrack.replacement.models import ReplacementRequest
from gradtrack.replacement.tests.conftest import (
    TODAY,
    D,
    on,
    placement_data,
    ready_for_placement,
    school_job,
    with_service,
)
from gradtrack.testing.factories import GraduateFactory
from gradtrack.tracking import services as tracking_services
from gradtrack.tracking.models import TrackingService

pytestmark = pytest.mark.django_db


def open_request(job, actor, request_date=None, opened_by="staff"):
    return services.replacement_request_open(
        graduate=job.graduate,
        employment=job,
        opened_by=opened_by,
        acting_user=actor,
        request_date=request_date,
    )


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_a_layoff_inside_the_service_is_placed_free_with_its_clause(laid_off_request):
    assert laid_off_request.decision == "free"
    assert laid_off_request.get_decision_display() == "免费再次安置"
    assert laid_off_request.clause == "§二.6"
    assert "学校将免费进行再次就业安置" in laid_off_request.clause_text
    assert laid_off_request.earliest_placement_date is None
    assert laid_off_request.stage == ReplacementRequest.Stage.REGISTRATION
    assert laid_off_request.decided_on == TODAY


def test_the_stored_decision_is_recomputable_from_the_file(laid_off_request):
    decision = services.current_decision(laid_off_request)
    assert decision.decision == "free" and not services.decision_changed(laid_off_request, decision)


def test_a_probation_resignation_waits_three_months_from_its_end(probation_resignation, dept_user):
    request = open_request(probation_resignation, dept_user, D(2024, 9, 10))
    assert request.decision == "wait" and request.clause == "§二.7"
    assert request.earliest_placement_date == D(2024, 11, 30)
    assert request.agency_fee == "graduate"


def test_an_expelled_graduate_is_denied_the_request_closed_and_the_service_terminated(graduate, centre_user):
    job = with_service(school_job(graduate))  # service while still employed
    job = records_services.record_update(
        job, data={"end_date": D(2025, 2, 1), "end_reason": "expelled"}, acting_user=centre_user
    )
    request = open_request(job, centre_user)
    assert request.decision == "denied" and request.clause == "§二.10"
    assert request.stage == "closed" and request.close_reason == "denied"
    service = TrackingService.objects.get(graduate=graduate)
    assert service.status == "terminated" and service.termination_cause == "expelled"


def test_an_expulsion_before_the_service_denies_re_placement_but_leaves_the_service(graduate, centre_user):
    # §二.10 is two decisions: re-placement is denied to an expelled graduate whenever it was (replacement.rules),
    # but the service ends only for an expulsion it covers (tracking.rules.expulsion_terminates_service).
    earlier = school_job(graduate, start=D(2024, 1, 2), probation_end=D(2024, 4, 1), end=D(2024, 5, 1))
    Employment.objects.filter(pk=earlier.pk).update(school_arranged=False, end_reason="expelled")
    job = with_service(school_job(graduate, end=D(2025, 1, 10), reason="layoff"))
    request = open_request(job, centre_user)
    assert request.decision == "denied" and request.clause == "§二.10"
    service = TrackingService.objects.get(graduate=graduate)
    assert (service.start_date, service.status, service.termination_cause) == (D(2024, 7, 1), "active", "")


def test_an_expelled_graduate_asking_years_later_is_still_denied(graduate, centre_user):
    job = with_service(school_job(graduate, end=D(2025, 1, 10), reason="expelled"))
    with on(D(2031, 5, 1)):
        request = open_request(job, centre_user)
    assert request.decision == "denied"


def test_a_graduate_never_school_arranged_gets_discretion_outside_the_service(major, centre_user):
    self_found = GraduateFactory(major=major, placement_mode=Graduate.PlacementMode.SELF)
    job = school_job(self_found, end=D(2025, 1, 10), reason="layoff")
    job.school_arranged = False
    job.save()
    request = open_request(job, centre_user)
    assert request.decision == "outside_service" and request.clause == "§二.9"
    assert not TrackingService.objects.filter(graduate=self_found).exists()


def test_a_service_terminated_for_not_reporting_gets_discretion(laid_off_job, centre_user):
    service = TrackingService.objects.get(graduate=laid_off_job.graduate)
    tracking_services.tracking_service_terminate(
        service=service, cause="unreported", evidence="回访发现未通报跳槽", decided_on=D(2025, 1, 15),
        acting_user=centre_user,
    )  # fmt: skip
    assert open_request(laid_off_job, centre_user).decision == "outside_service"


def test_a_missing_service_of_a_school_placed_graduate_is_opened_before_deciding(graduate, centre_user):
    job = school_job(graduate, end=D(2025, 1, 10), reason="closure")
    assert not TrackingService.objects.filter(graduate=graduate).exists()
    assert open_request(job, centre_user).decision == "free"
    assert TrackingService.objects.filter(graduate=graduate).exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"request_date": D(2025, 3, 4)}, "request_date", "不能晚于今天"),
        ({"request_date": D(2025, 1, 9)}, "request_date", "不能早于离职日期"),
    ],
    ids=["a request dated tomorrow", "a request before the job ended"],
)
def test_a_request_is_dated_between_the_end_of_the_job_and_today(
    laid_off_job, centre_user, change, field, message
):
    with pytest.raises(ValidationError) as error:
        open_request(laid_off_job, centre_user, **change)
    assert message in " ".join(error.value.message_dict[field])


def test_a_request_follows_an_ended_job_of_the_same_graduate(graduate, other_laid_off_job, centre_user):
    current = with_service(school_job(graduate))
    with pytest.raises(ValidationError) as error:
        open_request(current, centre_user)
    assert "尚未离职" in messages_of(error.value)
    with pytest.raises(ValidationError) as error:
        services.replacement_request_open(
            graduate=graduate, employment=other_laid_off_job, opened_by="staff", acting_user=centre_user
        )
    assert "不在该毕业生的就业档案中" in messages_of(error.value)


def test_a_graduate_has_one_open_request_at_a_time(laid_off_request, centre_user):
    with pytest.raises(ValidationError) as error:
        open_request(laid_off_request.employment, centre_user)
    assert "已有一份未关闭" in messages_of(error.value)
    services.replacement_request_close(
        request=laid_off_request, reason="withdrawn", note="", acting_user=centre_user
    )
    assert open_request(laid_off_request.employment, centre_user).is_open


def test_the_steps_move_the_request_through_its_stages(laid_off_request, dept_user, new_employer):
    request = services.replacement_request_register(
        request=laid_off_request, registered_on=D(2025, 1, 21), acting_user=dept_user
    )
    assert request.stage == "test"
    services.replacement_test_record(
        request=request,
        data={"held_on": D(2025, 2, 1), "kind": "written", "organiser": "employer", "employer": new_employer,
              "result": "failed"},
        acting_user=dept_user,
    )  # fmt: skip
    request.refresh_from_db()
    assert request.stage == "test" and request.is_open  # a failed test leaves it open
    services.replacement_test_record(
        request=request,
        data={"held_on": D(2025, 2, 10), "kind": "interview", "organiser": "school", "result": "passed"},
        acting_user=dept_user,
    )
    request.refresh_from_db()
    assert request.stage == "placement"
    placed = services.replacement_request_place(
        request=request, acting_user=dept_user, **placement_data(new_employer)
    )
    assert placed.stage == "closed" and placed.close_reason == "placed" and placed.placed_on == TODAY
    job = placed.new_employment
    assert job.school_arranged and job.channel == "school" and job.is_current and job.employer == new_employer


def test_a_test_before_registration_is_refused(laid_off_request, centre_user):
    with pytest.raises(ValidationError) as error:
        services.replacement_test_record(
            request=laid_off_request,
            data={"held_on": D(2025, 2, 1), "kind": "interview", "organiser": "school", "result": "passed"},
            acting_user=centre_user,
        )
    assert "须先到学校报名登记" in messages_of(error.value)


def test_an_employer_test_names_the_employer(laid_off_request, centre_user):
    request = services.replacement_request_register(
        request=laid_off_request, registered_on=D(2025, 1, 21), acting_user=centre_user
    )
    with pytest.raises(ValidationError) as error:
        services.replacement_test_record(
            request=request,
            data={"held_on": D(2025, 2, 1), "kind": "interview", "organiser": "employer", "result": "passed"},
            acting_user=centre_user,
        )
    assert "employer" in error.value.message_dict


@pytest.mark.parametrize(
    ("registered", "passed", "message"),
    [(False, False, "尚未报名登记"), (True, False, "尚未通过企业或学校组织的招聘面试或笔试")],
    ids=["§二.9 without registration", "§二.9 registered but no passed test"],
)
def test_a_placement_needs_both_preconditions(
    laid_off_request, centre_user, new_employer, registered, passed, message
):
    if registered:
        services.replacement_request_register(
            request=laid_off_request, registered_on=D(2025, 1, 21), acting_user=centre_user
        )
    with pytest.raises(ValidationError) as error:
        services.replacement_request_place(
            request=laid_off_request, acting_user=centre_user, **placement_data(new_employer)
        )
    assert message in messages_of(error.value)
    assert not Employment.objects.filter(employer=new_employer).exists()


def test_a_denied_request_is_never_placed(graduate, centre_user, new_employer):
    job = with_service(school_job(graduate, end=D(2025, 1, 10), reason="expelled"))
    request = open_request(job, centre_user)
    with pytest.raises(ValidationError) as error:
        services.replacement_request_place(
            request=request, acting_user=centre_user, **placement_data(new_employer)
        )
    assert "不予安置" in messages_of(error.value) and "不能更改" in messages_of(error.value)
    with pytest.raises(ValidationError):
        services.replacement_request_decide(
            request=request, outcome="agreed", reason="领导同意", acting_user=centre_user
        )


def test_a_discretionary_request_needs_the_outcome_and_a_declined_one_is_closed(
    graduate, centre_user, new_employer
):
    job = with_service(school_job(graduate, end=D(2025, 1, 5), reason="family"))
    request = ready_for_placement(open_request(job, centre_user), centre_user)
    assert request.decision == "discretionary" and request.clause == "§二.8"
    with pytest.raises(ValidationError) as error:
        services.replacement_request_place(
            request=request, acting_user=centre_user, **placement_data(new_employer)
        )
    assert "须先记录学校的处理结果" in messages_of(error.value)
    with pytest.raises(ValidationError) as error:
        services.replacement_request_decide(
            request=request, outcome="declined", reason=" ", acting_user=centre_user
        )
    assert "outcome_reason" in error.value.message_dict
    declined = services.replacement_request_decide(
        request=request, outcome="declined", reason="表现不佳", acting_user=centre_user
    )
    assert declined.stage == "closed" and declined.close_reason == "declined"
    with pytest.raises(ValidationError) as error:
        services.replacement_request_place(
            request=declined, acting_user=centre_user, **placement_data(new_employer)
        )
    assert "已关闭" in messages_of(error.value)


def test_an_agreed_discretionary_request_is_placed(graduate, centre_user, new_employer):
    job = with_service(school_job(graduate, end=D(2025, 1, 5), reason="personal"))
    request = ready_for_placement(open_request(job, centre_user), centre_user)
    services.replacement_request_decide(
        request=request, outcome="agreed", reason="表现良好", acting_user=centre_user
    )
    placed = services.replacement_request_place(
        request=request, acting_user=centre_user,
        **placement_data(new_employer, channel="agency", fee_payer="school"),
    )  # fmt: skip
    assert placed.fee_payer == "school" and placed.new_employment.channel == "agency"


def test_the_outcome_is_only_for_discretionary_decisions(laid_off_request, centre_user):
    with pytest.raises(ValidationError) as error:
        services.replacement_request_decide(
            request=laid_off_request, outcome="declined", reason="x", acting_user=centre_user
        )
    assert "免费再次安置" in messages_of(error.value)


@pytest.mark.parametrize(
    ("channel", "fee_payer", "field", "message"),
    [
        ("agency", "", "fee_payer", "须注明中介费用由谁承担"),
        ("agency", "graduate", "fee_payer", "免费再次安置，中介费用不能由毕业生承担"),
        ("other", "", "channel", "只能是“学校推荐”或“中介介绍”"),
    ],
    ids=["an agency placement says who pays", "§二.6 free means no fee for the graduate", "a third channel"],
)
def test_the_channel_and_fee_of_a_free_placement(laid_off_request, centre_user, new_employer, channel, fee_payer,
                                                 field, message):  # fmt: skip
    request = ready_for_placement(laid_off_request, centre_user)
    with pytest.raises(ValidationError) as error:
        services.replacement_request_place(
            request=request, acting_user=centre_user,
            **placement_data(new_employer, channel=channel, fee_payer=fee_payer),
        )  # fmt: skip
    assert message in " ".join(error.value.message_dict[field])


def test_needs_classification_until_staff_classify_the_ending(graduate, centre_user, new_employer):
    job = with_service(school_job(graduate, end=D(2025, 1, 10), reason="contract_end"))
    request = ready_for_placement(open_request(job, centre_user), centre_user)
    assert request.decision == "needs_classification" and request.clause == ""
    with pytest.raises(ValidationError) as error:
        services.replacement_request_place(
            request=request, acting_user=centre_user, **placement_data(new_employer)
        )
    assert "尚未归类" in messages_of(error.value)
    classified = services.replacement_request_classify(
        request=request, end_reason="layoff", acting_user=centre_user
    )
    assert classified.decision == "free" and classified.clause == "§二.6"
    job.refresh_from_db()
    assert job.end_reason == "layoff"
    assert history.history_of(job).filter(changes__has_key="end_reason").exists()
    assert services.replacement_request_place(
        request=classified, acting_user=centre_user, **placement_data(new_employer)
    ).new_employment


def test_a_changed_file_must_be_decided_again_before_a_placement(laid_off_request, centre_user, new_employer):
    request = ready_for_placement(laid_off_request, centre_user)
    records_services.record_update(
        request.employment, data={"end_reason": "personal"}, acting_user=centre_user
    )
    with pytest.raises(ValidationError) as error:
        services.replacement_request_place(
            request=request, acting_user=centre_user, **placement_data(new_employer)
        )
    assert "请先重新判定" in messages_of(error.value)
    redecided = services.replacement_request_redecide(request=request, acting_user=centre_user)
    assert redecided.decision == "discretionary"


def test_a_placement_does_not_restart_or_extend_the_service(laid_off_request, centre_user, new_employer):
    before = TrackingService.objects.get(graduate=laid_off_request.graduate)
    request = ready_for_placement(laid_off_request, centre_user)
    services.replacement_request_place(
        request=request, acting_user=centre_user, **placement_data(new_employer)
    )
    tracking_services.tracking_service_start(graduate=request.graduate, acting_user=centre_user)
    after = TrackingService.objects.get(graduate=request.graduate)
    assert (after.pk, after.start_date, after.end_date) == (before.pk, before.start_date, before.end_date)


def test_every_step_leaves_history_on_the_graduates_file(laid_off_request, centre_user, new_employer):
    request = ready_for_placement(laid_off_request, centre_user)
    services.replacement_request_place(
        request=request, acting_user=centre_user, **placement_data(new_employer)
    )
    owned = history.history_owned_by(request.graduate).filter(model="replacement.replacementrequest")
    assert owned.filter(action="create").count() == 1
    assert owned.filter(action="update").count() >= 3  # registered, test passed, placed
    assert history.history_owned_by(request).filter(model="replacement.replacementtest").count() == 1


def test_a_request_keeps_its_job_and_graduate_from_being_deleted(laid_off_request, centre_user):
    """POLICY §1: a re-placement request is tracking history; its job and graduate are archived, not deleted."""
    graduate = laid_off_request.graduate
    for record in (laid_off_request.employment, graduate):
        with pytest.raises(records_services.RecordHasHistoryError):
            records_services.record_delete(record, acting_user=centre_user)
    with pytest.raises(ProtectedError):
        Employment.objects.filter(pk=laid_off_request.employment_id).delete()
    assert ReplacementRequest.objects.filter(pk=laid_off_request.pk).exists()


def test_the_new_job_of_a_placed_request_cannot_be_deleted(laid_off_request, centre_user, new_employer):
    request = ready_for_placement(laid_off_request, centre_user)
    placed = services.replacement_request_place(
        request=request, acting_user=centre_user, **placement_data(new_employer)
    )
    with pytest.raises(records_services.RecordHasHistoryError):
        records_services.record_delete(placed.new_employment, acting_user=centre_user)
    placed.refresh_from_db()
    assert placed.new_employment is not None


def test_closing_needs_a_reason(laid_off_request, centre_user):
    with pytest.raises(ValidationError) as error:
        services.replacement_request_close(
            request=laid_off_request, reason="other", note="", acting_user=centre_user
        )
    assert "close_note" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.replacement_request_close(
            request=laid_off_request, reason="placed", note="", acting_user=centre_user
        )
    closed = services.replacement_request_close(
        request=laid_off_request, reason="failed", note="两次面试未通过", acting_user=centre_user
    )
    assert closed.stage == "closed" and closed.closed_on == TODAY
