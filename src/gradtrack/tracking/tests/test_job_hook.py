"""POLICY §2 acts the moment a job is saved, whichever way it was saved: the records pages, the API, an import
or a service call. The first school-arranged job of a school-placed graduate opens the tracking service; a job
ended by 开除 within the service period terminates it at once (no wait for `gradtrack daily`). The import's
own tests (imports/tests) open services through the command and the upload page."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from gradtrack.records import services as records_services
from gradtrack.records.models import Employment, Graduate
from gradtrack.testing.api import bearer_client
from gradtrack.testing.postdata import job_post
from gradtrack.tracking.models import TrackingService

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("placement_mode", "school_arranged", "opens"),
    [
        pytest.param("school", "on", True, id="§2 school-placed, school-arranged job: the service opens"),
        pytest.param("school", None, False, id="§2 school-placed, a job found by the graduate: no service"),
        pytest.param("self", "on", False, id="§2 self-placed graduate: no service"),
    ],
)
def test_adding_a_job_on_the_records_page_opens_the_service_at_once(
    dept_client, graduate, employer, placement_mode, school_arranged, opens
):
    Graduate.objects.filter(pk=graduate.pk).update(placement_mode=placement_mode)
    start = timezone.localdate() - relativedelta(months=2)
    response = dept_client.post(
        reverse("records:employment_create", args=[graduate.pk]),
        job_post(employer, start_date=start.isoformat(), school_arranged=school_arranged),
    )
    assert response.status_code == 302
    service = TrackingService.objects.filter(graduate=graduate).first()
    assert (service is not None) is opens
    if opens:
        assert service.start_date == start
        assert service.status == TrackingService.Status.ACTIVE
        assert service.next_follow_up_due is not None


def test_a_later_school_arranged_job_does_not_move_an_open_service(centre_user, job, service, employer):
    records_services.record_update(
        job, data={"end_date": timezone.localdate() - relativedelta(days=20)}, acting_user=centre_user
    )
    records_services.employment_create(
        data={
            "graduate": job.graduate,
            "employer": employer,
            "start_date": timezone.localdate() - relativedelta(days=10),
            "school_arranged": True,
        },
        acting_user=centre_user,
    )
    assert TrackingService.objects.filter(graduate=job.graduate).count() == 1
    assert TrackingService.objects.get(pk=service.pk).start_date == service.start_date


def end_on_the_page(client, job, end_date, reason):
    return client.post(
        reverse("records:employment_update", args=[job.pk]),
        job_post(
            job.employer,
            start_date=job.start_date.isoformat(),
            probation_end=job.probation_end.isoformat(),
            end_date=end_date.isoformat(),
            end_reason=reason,
            version=job.version,
        ),
    )


def end_through_the_api(user, job, end_date, reason):
    return bearer_client(user).patch(
        f"/api/v1/employments/{job.pk}/",
        {"end_date": end_date.isoformat(), "end_reason": reason, "version": job.version},
        format="json",
    )


def end_through_the_service(user, job, end_date, reason):
    records_services.record_update(job, data={"end_date": end_date, "end_reason": reason}, acting_user=user)


def end_through_the_import(user, job, end_date, reason):
    # The import's write, records_bulk_write (a roster has no 离职原因 column, so the edit is made here).
    before = records_services.record_snapshot(job)
    job.end_date, job.end_reason = end_date, reason
    records_services.records_bulk_write(
        created=[], edited=[records_services.RecordEdit(job, before)], acting_user=user, source="Excel 导入"
    )


@pytest.mark.parametrize("way", ["page", "api", "service", "import"])
@pytest.mark.parametrize(
    ("reason", "status"),
    [
        pytest.param("expelled", TrackingService.Status.TERMINATED, id="§二.10 开除 terminates at once"),
        pytest.param("personal", TrackingService.Status.ACTIVE, id="§2 a resignation keeps the service"),
        pytest.param("other_employer", TrackingService.Status.ACTIVE, id="§2 an employer's reason keeps it"),
    ],
)
def test_ending_a_job_applies_section_2_at_once(
    client, dept_user, centre_user, job, service, way, reason, status
):
    end_date = timezone.localdate() - datetime.timedelta(days=3)
    if way == "page":
        client.force_login(dept_user)
        assert end_on_the_page(client, job, end_date, reason).status_code == 302
    elif way == "api":
        assert end_through_the_api(centre_user, job, end_date, reason).status_code == 200
    elif way == "import":
        end_through_the_import(centre_user, job, end_date, reason)
    else:
        end_through_the_service(centre_user, job, end_date, reason)
    assert Employment.objects.get(pk=job.pk).end_reason == reason
    service.refresh_from_db()
    assert service.status == status
    if status == TrackingService.Status.TERMINATED:
        assert service.termination_cause == TrackingService.TerminationCause.EXPELLED
        assert service.terminated_on == end_date
        assert job.employer.name in service.termination_evidence
        assert service.next_follow_up_due is None


def test_an_expulsion_after_the_service_expired_changes_nothing(centre_user, job, service):
    TrackingService.objects.filter(pk=service.pk).update(status=TrackingService.Status.EXPIRED)
    end_through_the_service(centre_user, job, timezone.localdate(), "expelled")
    service.refresh_from_db()
    assert service.status == TrackingService.Status.EXPIRED and service.termination_cause == ""


def test_a_refused_job_edit_leaves_the_service_as_it_was(dept_client, job, service):
    # end date before start: the form is refused, the job and the service are untouched
    response = end_on_the_page(dept_client, job, job.start_date - datetime.timedelta(days=1), "expelled")
    assert response.status_code == 200 and "end_date" in response.context["form"].errors
    service.refresh_from_db()
    assert service.status == TrackingService.Status.ACTIVE
    assert Employment.objects.get(pk=job.pk).end_date is None


@pytest.mark.parametrize(
    ("data", "opens"),
    [
        pytest.param(
            {"school_arranged": True}, True, id="§2 marking a job school-arranged opens the service"
        ),
        pytest.param({"monthly_salary": 5200}, False, id="an unrelated edit leaves opening to the daily run"),
    ],
)
def test_an_edit_opens_the_service_only_when_it_makes_the_job_school_arranged(
    centre_user, graduate, employer, data, opens
):
    job = records_services.employment_create(
        data={
            "graduate": graduate,
            "employer": employer,
            "start_date": timezone.localdate() - relativedelta(months=1),
            "school_arranged": False,
        },
        acting_user=centre_user,
    )
    assert not TrackingService.objects.filter(graduate=graduate).exists()
    records_services.record_update(job, data=data, acting_user=centre_user)
    assert TrackingService.objects.filter(graduate=graduate).exists() is opens
