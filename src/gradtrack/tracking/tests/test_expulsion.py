"""§二.10 (凡是被企业开除的学生，学校终止其跟踪服务) has one implementation, tracking.rules.expulsion_terminates_service,
and every way an expulsion reaches the employment file ends in the same service.

One table of cases (an expulsion before, inside and after the service period, and one dated ahead) runs through
every way in (WAYS): the records page, the API, the import's bulk write, and a job written without the job-saved hook then
caught by `gradtrack daily`. A new way in is one more function in WAYS. Re-placement, which applies the same
rule after denying an expelled graduate, runs through the cases that can have a request.

The service's status is read as the application reads it on that day (tracking.services.status_on), so that a
service past its last covered day reads 已到期 whether or not the daily run has already written that; expiry is
§2's own rule, and only §二.10 can make the ways differ here."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from gradtrack.records import services as records_services
from gradtrack.records.models import Employment
from gradtrack.replacement import services as replacement_services
from gradtrack.testing.api import bearer_client
from gradtrack.testing.daily import at, daily
from gradtrack.testing.factories import EmployerFactory, EmploymentFactory
from gradtrack.testing.postdata import job_post
from gradtrack.tracking import services
from gradtrack.tracking.models import TrackingService

pytestmark = pytest.mark.django_db

D = datetime.date
Status = TrackingService.Status
EXPELLED = TrackingService.TerminationCause.EXPELLED

# The school-arranged job starts on 2024-03-01: the service covers 2024-03-01 … 2027-02-28 (POLICY §2).
SCHOOL_JOB_START = D(2024, 3, 1)
# A job the graduate found and lost before that.
EARLIER_JOB = (D(2023, 9, 1), D(2024, 1, 31))


@dataclass(frozen=True)
class Case:
    expelled_on: datetime.date
    entered_on: datetime.date  # the day the expulsion reaches the file
    from_earlier_job: bool  # expelled from the job before the school-arranged one (else from that one)
    status: str  # the service's status on `entered_on`, after the expulsion
    terminated_on: datetime.date | None


CASES = [
    pytest.param(
        Case(EARLIER_JOB[1], D(2025, 6, 16), True, Status.ACTIVE, None),
        id="§二.10 expelled before the service: it goes on",
    ),
    pytest.param(
        Case(D(2025, 6, 2), D(2025, 6, 16), False, Status.TERMINATED, D(2025, 6, 2)),
        id="§二.10 expelled inside the service: terminated on that day",
    ),
    pytest.param(
        Case(D(2027, 2, 28), D(2027, 3, 10), False, Status.TERMINATED, D(2027, 2, 28)),
        id="§二.10 expelled on the last covered day, entered after it: terminated on that day",
    ),
    pytest.param(
        Case(D(2027, 3, 1), D(2027, 3, 10), False, Status.EXPIRED, None),
        id="§二.10 expelled the day after the service: nothing left to terminate",
    ),
    pytest.param(
        Case(D(2025, 7, 1), D(2025, 6, 16), False, Status.ACTIVE, None),
        id="§二.10 an expulsion dated ahead: not before its day",
    ),
]


# --- The ways in: each writes "this job ended by 开除 on that day" as its users do ---------------------------


def on_the_records_page(staff, job: Employment, expelled_on: datetime.date) -> None:
    """The job edit form of the graduate's page, posted by a centre user."""
    client = Client()
    client.force_login(staff)
    response = client.post(
        reverse("records:employment_update", args=[job.pk]),
        job_post(
            job.employer,
            start_date=job.start_date.isoformat(),
            probation_end=job.probation_end.isoformat(),
            end_date=expelled_on.isoformat(),
            end_reason=Employment.EndReason.EXPELLED,
            school_arranged="on" if job.school_arranged else None,
            version=job.version,
        ),
    )
    assert response.status_code == 302, response.context["form"].errors


def through_the_api(staff, job: Employment, expelled_on: datetime.date) -> None:
    response = bearer_client(staff).patch(
        f"/api/v1/employments/{job.pk}/",
        {
            "end_date": expelled_on.isoformat(),
            "end_reason": Employment.EndReason.EXPELLED,
            "version": job.version,
        },
        format="json",
    )
    assert response.status_code == 200, response.json()


def by_the_daily_run(staff, job: Employment, expelled_on: datetime.date) -> None:
    """Written without the job-saved hook (as a bulk write would), then `gradtrack daily` runs."""
    Employment.objects.filter(pk=job.pk).update(
        end_date=expelled_on, end_reason=Employment.EndReason.EXPELLED
    )
    daily()


def through_the_import(staff, job: Employment, expelled_on: datetime.date) -> None:
    """The import's write, records.services.records_bulk_write (a roster has no 离职原因 column, so the ending
    is made here, as the import's apply step would hand it over)."""
    before = records_services.record_snapshot(job)
    job.end_date, job.end_reason = expelled_on, Employment.EndReason.EXPELLED
    records_services.records_bulk_write(
        created=[], edited=[records_services.RecordEdit(job, before)], acting_user=staff, source="Excel 导入"
    )


Way = Callable[[object, Employment, datetime.date], None]
WAYS: list = [
    pytest.param(on_the_records_page, id="records page"),
    pytest.param(through_the_api, id="API"),
    pytest.param(through_the_import, id="import"),
    pytest.param(by_the_daily_run, id="daily run"),
]


# --- The file before the expulsion -----------------------------------------------------------------------


@pytest.fixture
def jobs(graduate, centre_user) -> dict[bool, Employment]:
    """The graduate's two jobs, keyed by `Case.from_earlier_job`; the service opened with the second."""
    earlier = EmploymentFactory(
        graduate=graduate,
        employer=EmployerFactory(name="攀枝花市某机械厂"),
        start_date=EARLIER_JOB[0],
        probation_end=D(2023, 11, 30),
        end_date=EARLIER_JOB[1],
        end_reason=Employment.EndReason.PERSONAL,
        school_arranged=False,
    )
    with at(D(2024, 3, 15)):
        school_job = records_services.employment_create(
            data={
                "graduate": graduate,
                "employer": EmployerFactory(name="攀钢集团有限公司"),
                "start_date": SCHOOL_JOB_START,
                "school_arranged": True,
            },
            acting_user=centre_user,
        )
    service = TrackingService.objects.get(graduate=graduate)
    assert (service.start_date, service.status) == (SCHOOL_JOB_START, Status.ACTIVE)
    return {True: earlier, False: school_job}


def the_service_on(day: datetime.date, graduate) -> tuple:
    service = TrackingService.objects.get(graduate=graduate)
    return services.status_on(service, day), service.termination_cause, service.terminated_on


def expected(case: Case) -> tuple:
    return case.status, (EXPELLED if case.terminated_on else ""), case.terminated_on


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("way", WAYS)
def test_every_way_in_ends_in_the_same_service(way: Way, case: Case, jobs, graduate, centre_user):
    job = jobs[case.from_earlier_job]
    with at(case.entered_on):
        way(centre_user, job, case.expelled_on)
        assert Employment.objects.get(pk=job.pk).end_reason == Employment.EndReason.EXPELLED
        assert the_service_on(case.entered_on, graduate) == expected(case)


REQUESTABLE = [case for case in CASES if case.values[0].expelled_on <= case.values[0].entered_on]


@pytest.mark.parametrize("case", REQUESTABLE)
def test_a_re_placement_request_after_the_expulsion_ends_in_the_same_service(
    case: Case, jobs, graduate, centre_user
):
    # The expulsion is written without the hook, so the request is the first to see it: it is denied (the
    # graduate was expelled, replacement.rules) and the service follows tracking's rule like every other way.
    job = jobs[case.from_earlier_job]
    Employment.objects.filter(pk=job.pk).update(
        end_date=case.expelled_on, end_reason=Employment.EndReason.EXPELLED
    )
    with at(case.entered_on):
        request = replacement_services.replacement_request_open(
            graduate=graduate,
            employment=Employment.objects.get(pk=job.pk),
            opened_by="staff",
            acting_user=centre_user,
        )
        assert (request.decision, request.clause) == ("denied", "§二.10")
        assert the_service_on(case.entered_on, graduate) == expected(case)


def test_an_expulsion_dated_ahead_terminates_the_service_on_its_day(jobs, graduate, centre_user):
    school_job = jobs[False]
    with at(D(2025, 6, 16)):
        on_the_records_page(centre_user, school_job, D(2025, 7, 1))
    with at(D(2025, 6, 30)):
        daily()
        assert the_service_on(D(2025, 6, 30), graduate) == (Status.ACTIVE, "", None)
    with at(D(2025, 7, 1)):
        assert "因开除终止 1 个" in daily()
        assert the_service_on(D(2025, 7, 1), graduate) == (Status.TERMINATED, EXPELLED, D(2025, 7, 1))
