"""Tracking fixtures: the shared graduates (graduate A = `graduate`, graduate B = `other_graduate`, each with a
portal account from the root conftest) with a school-arranged job a year ago and their services."""

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from gradtrack.testing.factories import EmploymentFactory
from gradtrack.tracking import services


def a_year_ago():
    return timezone.localdate() - relativedelta(months=13)


@pytest.fixture
def job(graduate, employer):
    start = a_year_ago()
    return EmploymentFactory(
        graduate=graduate, employer=employer, start_date=start, probation_end=start + relativedelta(months=3)
    )


@pytest.fixture
def other_job(other_graduate, employer):
    start = a_year_ago()
    return EmploymentFactory(
        graduate=other_graduate,
        employer=employer,
        start_date=start,
        probation_end=start + relativedelta(months=3),
    )


@pytest.fixture
def service(job, centre_user):
    return services.tracking_service_start(graduate=job.graduate, acting_user=centre_user)


@pytest.fixture
def other_service(other_job, centre_user):
    return services.tracking_service_start(graduate=other_job.graduate, acting_user=centre_user)


@pytest.fixture
def salary_change(service, graduate_user):
    return services.change_report_submit(
        service=service,
        data={"change_type": "salary", "occurred_on": timezone.localdate(), "new_salary": 5000},
        reported_by="graduate",
        acting_user=graduate_user,
    )


@pytest.fixture
def other_change(other_service, other_graduate_user):
    return services.change_report_submit(
        service=other_service,
        data={"change_type": "salary", "occurred_on": timezone.localdate(), "new_salary": 5100},
        reported_by="graduate",
        acting_user=other_graduate_user,
    )
