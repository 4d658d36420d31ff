"""Re-placement fixtures. The school's calendar is frozen at TODAY (time_machine) so that the service periods,
probation and the earliest placement dates are fixed dates: `graduate` (department 机电系) and `other_graduate`
(信息技术系) each had a school-arranged job from 2024-07-01 (probation to 2024-09-30) and a service from that day
to 2027-06-30; the fixtures end those jobs for a reason."""

import datetime
import zoneinfo

import pytest
import time_machine

from gradtrack.records.models import Employment
from gradtrack.replacement import services
from gradtrack.testing.factories import EmployerFactory, EmploymentFactory
from gradtrack.tracking import services as tracking_services

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
D = datetime.date
TODAY = D(2025, 3, 3)
JOB_START = D(2024, 7, 1)
PROBATION_END = D(2024, 9, 30)


def on(day: datetime.date):
    """Freeze the school's clock at noon of `day` (Asia/Shanghai)."""
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, 12, tzinfo=SHANGHAI), tick=False
    )


@pytest.fixture(autouse=True)
def frozen_today():
    with on(TODAY) as traveller:
        yield traveller


def school_job(graduate, *, end=None, reason="", start=JOB_START, probation_end=PROBATION_END, employer=None):
    return EmploymentFactory(
        graduate=graduate,
        employer=employer or EmployerFactory(),
        start_date=start,
        probation_end=probation_end,
        end_date=end,
        end_reason=reason,
        school_arranged=True,
        channel=Employment.Channel.SCHOOL,
    )


def with_service(job, actor=None):
    tracking_services.tracking_service_start(graduate=job.graduate, acting_user=actor)
    return job


@pytest.fixture
def new_employer(db):
    return EmployerFactory(name="米易县阳光酒店")


@pytest.fixture
def laid_off_job(graduate, employer):
    """裁员 inside the service: 免费再次安置 (§二.6)."""
    return with_service(school_job(graduate, end=D(2025, 1, 10), reason="layoff", employer=employer))


@pytest.fixture
def other_laid_off_job(other_graduate, employer):
    return with_service(school_job(other_graduate, end=D(2025, 1, 10), reason="layoff", employer=employer))


@pytest.fixture
def probation_resignation(graduate, employer):
    """个人原因 on 2024-08-31, inside probation: 待观察 until 2024-11-30 (§二.7)."""
    return with_service(school_job(graduate, end=D(2024, 8, 31), reason="personal", employer=employer))


@pytest.fixture
def laid_off_request(laid_off_job, centre_user):
    return services.replacement_request_open(
        graduate=laid_off_job.graduate,
        employment=laid_off_job,
        opened_by="staff",
        acting_user=centre_user,
        request_date=D(2025, 1, 20),
    )


@pytest.fixture
def other_request(other_laid_off_job, centre_user):
    return services.replacement_request_open(
        graduate=other_laid_off_job.graduate,
        employment=other_laid_off_job,
        opened_by="staff",
        acting_user=centre_user,
        request_date=D(2025, 1, 20),
    )


def placement_data(employer, start=None, **extra):
    return {
        "job_data": {
            "employer": employer,
            "start_date": start or TODAY,
            "post": "前台",
            "monthly_salary": 4000,
        },
        "channel": extra.pop("channel", Employment.Channel.SCHOOL),
        "fee_payer": extra.pop("fee_payer", ""),
        **extra,
    }


def ready_for_placement(request, actor, *, registered_on=None, held_on=None):
    """Record both preconditions (§二.9): registration and a passed test."""
    request = services.replacement_request_register(
        request=request, registered_on=registered_on or request.request_date, acting_user=actor
    )
    services.replacement_test_record(
        request=request,
        data={
            "held_on": held_on or registered_on or request.request_date,
            "kind": "interview",
            "organiser": "school",
            "result": "passed",
        },
        acting_user=actor,
    )
    request.refresh_from_db()
    return request
