"""POLICY §1 工资待遇: a job keeps the 起薪 it was entered with; each later raise or cut is a dated salary change,
from a staff edit, an import or a confirmed change report (tracking's tests), and the job shows its current
salary. The migration turns existing jobs into 起薪 = the first salary their history recorded."""

import datetime
import importlib
from decimal import Decimal

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from gradtrack.core import history
from gradtrack.records import services
from gradtrack.records.models import Employment, SalaryChange

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2025, 6, 1)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2025, 6, 1, 10, tzinfo=datetime.UTC)):
        yield


@pytest.fixture
def job(graduate, employer, centre_user):
    return services.employment_create(
        data={
            "graduate": graduate,
            "employer": employer,
            "start_date": D(2024, 7, 1),
            "monthly_salary": Decimal(4000),
        },
        acting_user=centre_user,
    )


def change_salary(job, amount, day, user, **extra):
    return services.employment_salary_change(
        employment=job, monthly_salary=Decimal(amount), effective_on=day, acting_user=user, **extra
    )


def the_one_raise_from_4000_to_4500_today(job) -> SalaryChange:
    job.refresh_from_db()
    assert (job.starting_salary, job.monthly_salary) == (Decimal(4000), Decimal(4500))
    (change,) = job.salary_changes.all()
    assert (change.effective_on, change.previous_salary, change.monthly_salary) == (
        TODAY,
        Decimal(4000),
        Decimal(4500),
    )
    return change


def test_a_new_jobs_salary_is_its_starting_salary(job):
    assert (job.starting_salary, job.monthly_salary) == (Decimal(4000), Decimal(4000))
    assert not job.salary_changes.exists()


def test_a_staff_edit_of_the_current_salary_is_a_salary_change_dated_today(job, centre_user):
    services.record_update(
        job, data={"monthly_salary": Decimal(4500)}, acting_user=centre_user, source="页面"
    )
    change = the_one_raise_from_4000_to_4500_today(job)
    assert change.recorded_by == centre_user and change.source == "页面"
    assert history.history_of(change).get().action == "create"


def test_two_raises_make_a_timeline_and_the_latest_is_current(job, centre_user):
    change_salary(job, 4300, D(2025, 1, 1), centre_user)
    change_salary(job, 4800, D(2025, 5, 1), centre_user)
    job.refresh_from_db()
    assert job.monthly_salary == Decimal(4800) and job.starting_salary == Decimal(4000)
    assert [(c.effective_on, c.previous_salary, c.monthly_salary) for c in job.salary_changes.all()] == [
        (D(2025, 1, 1), Decimal(4000), Decimal(4300)),
        (D(2025, 5, 1), Decimal(4300), Decimal(4800)),
    ]


def test_a_change_entered_later_with_an_earlier_date_leaves_the_later_salary_current(job, centre_user):
    change_salary(job, 4800, D(2025, 5, 1), centre_user)
    change_salary(job, 4300, D(2025, 1, 1), centre_user)
    job.refresh_from_db()
    assert job.monthly_salary == Decimal(4800)
    assert job.salary_changes.order_by("effective_on").first().previous_salary == Decimal(4000)


@pytest.mark.parametrize(
    ("effective_on", "message"),
    [
        pytest.param(D(2024, 6, 30), "不能早于入职日期", id="before the job started"),
        pytest.param(D(2025, 6, 2), "不能晚于今天", id="in the future"),
    ],
)
def test_a_salary_change_outside_the_job_is_refused_by_field(job, centre_user, effective_on, message):
    with pytest.raises(ValidationError) as error:
        services.employment_salary_change(
            employment=job, monthly_salary=Decimal(5000), effective_on=effective_on, acting_user=centre_user
        )
    assert message in error.value.message_dict["monthly_salary"][0]
    job.refresh_from_db()
    assert job.monthly_salary == Decimal(4000) and not job.salary_changes.exists()


def test_an_edit_of_the_starting_salary_is_a_correction_not_a_change(job, centre_user):
    services.record_update(job, data={"starting_salary": Decimal(3900)}, acting_user=centre_user)
    job.refresh_from_db()
    assert (job.starting_salary, job.monthly_salary) == (Decimal(3900), Decimal(4000))
    assert not job.salary_changes.exists()


def test_a_job_without_a_salary_gets_its_first_one_as_starting_salary(graduate, employer, centre_user):
    job = services.employment_create(
        data={"graduate": graduate, "employer": employer, "start_date": D(2024, 7, 1)},
        acting_user=centre_user,
    )
    services.record_update(job, data={"monthly_salary": Decimal(4100)}, acting_user=centre_user)
    job.refresh_from_db()
    assert job.starting_salary == Decimal(4100) and not job.salary_changes.exists()


def test_an_import_that_changes_a_salary_records_the_change(job, centre_user):
    before = services.record_snapshot(job)
    job.monthly_salary = Decimal(4600)
    services.records_bulk_write(
        created=[], edited=[services.RecordEdit(job, before)], acting_user=centre_user, source="Excel 导入"
    )
    job.refresh_from_db()
    assert (job.starting_salary, job.monthly_salary) == (Decimal(4000), Decimal(4600))
    change = SalaryChange.objects.get(employment=job)
    assert (change.previous_salary, change.source) == (Decimal(4000), "Excel 导入")


def test_the_jobs_timeline_shows_its_starting_salary_and_raises(job, centre_user, centre_client):
    services.employment_salary_change(
        employment=job,
        monthly_salary=Decimal(4500),
        effective_on=D(2025, 3, 1),
        acting_user=centre_user,
        note="调资（本人通报）",
    )
    page = centre_client.get(reverse("records:graduate_detail", args=[job.graduate_id])).content.decode()
    assert "起薪" in page and "4000" in page
    assert "2025-03-01" in page and "4000 → 4500" in page and "调资（本人通报）" in page


def test_the_migration_takes_the_starting_salary_from_the_history(job, centre_user):
    services.record_update(job, data={"monthly_salary": Decimal(4500)}, acting_user=centre_user)
    # As before the migration: one salary field, no salary changes.
    SalaryChange.objects.all().delete()
    Employment.objects.filter(pk=job.pk).update(starting_salary=None)
    migration = importlib.import_module("gradtrack.records.migrations.0004_salary_history")
    migration.salaries_from_history(apps, None)
    the_one_raise_from_4000_to_4500_today(job)
