"""Adding, editing and deleting a graduate's jobs (就业记录) through the form."""

import datetime

import pytest
from django.urls import reverse

from gradtrack.core.models import HistoryEntry, PolicySettings
from gradtrack.records import services
from gradtrack.records.models import Employer, Employment
from gradtrack.testing.factories import EmployerFactory, EmploymentFactory
from gradtrack.testing.postdata import job_post


@pytest.fixture
def employer(db):
    return EmployerFactory(name="四川攀西机械有限公司")


def create_url(graduate):
    return reverse("records:employment_create", args=[graduate.pk])


def form_errors(response) -> dict:
    assert response.status_code == 200, "a rejected form is shown again, never a 500 or a redirect"
    return response.context["form"].errors


def test_adding_a_job_fills_the_probation_end_from_the_policy_setting(dept_client, graduate, employer):
    policy = PolicySettings.current()
    policy.probation_months = 6
    policy.save()
    response = dept_client.post(create_url(graduate), job_post(employer))
    assert response.url == reverse("records:graduate_detail", args=[graduate.pk])
    job = Employment.objects.get(graduate=graduate)
    assert job.probation_end == datetime.date(2025, 8, 31)
    assert (job.school_arranged, job.matches_major, job.monthly_salary) == (True, True, 4800)


def test_the_job_form_explains_the_default_probation_with_the_setting(dept_client, graduate):
    policy = PolicySettings.current()
    policy.probation_months = 4
    policy.save()
    content = dept_client.get(create_url(graduate)).content.decode()
    assert "默认试用期（4 个月）" in content


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"monthly_salary": "-100"}, "monthly_salary", "0"),
        ({"end_date": "2025-02-01", "end_reason": "personal"}, "end_date", "离职日期不能早于入职日期"),
        ({"end_reason": "personal"}, "end_reason", "尚未离职"),
        ({"start_date": ""}, "start_date", ""),
        ({"employer": ""}, "employer", ""),
    ],
    ids=["negative-salary", "end-before-start", "reason-without-end", "missing-start", "missing-employer"],
)
def test_a_bad_job_is_shown_next_to_its_field(dept_client, graduate, employer, overrides, field, message):
    response = dept_client.post(create_url(graduate), job_post(employer, **overrides))
    errors = form_errors(response)
    assert message in " ".join(errors[field])
    assert not Employment.objects.exists()


def test_a_second_current_job_is_refused_inline(dept_client, graduate, employer):
    EmploymentFactory(graduate=graduate)
    response = dept_client.post(create_url(graduate), job_post(employer))
    assert "已有一份在职工作" in " ".join(form_errors(response)["end_date"])
    assert Employment.objects.filter(graduate=graduate).count() == 1


def test_a_new_employer_link_comes_back_to_the_job_form_with_it_chosen(dept_client, graduate):
    form_url = create_url(graduate)
    content = dept_client.get(form_url).content.decode()
    new_employer_url = f"{reverse('records:employer_create')}?next={form_url}"
    assert new_employer_url in content
    response = dept_client.post(new_employer_url, {"name": "新开的公司", "credit_code": ""})
    employer = Employer.objects.get(name="新开的公司")
    assert response.url == f"{form_url}?employer={employer.pk}"
    form = dept_client.get(response.url).context["form"]
    assert form["employer"].value() == employer.pk


def test_editing_a_job_records_old_and_new_values(dept_client, graduate, employer):
    job = EmploymentFactory(graduate=graduate, employer=employer)
    url = reverse("records:employment_update", args=[job.pk])
    data = job_post(employer, start_date="2024-07-01", probation_end="2024-09-30", post="班组长", version=1)
    response = dept_client.post(url, data)
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.post == "班组长"
    entry = HistoryEntry.objects.get(model="records.employment", action="update")
    assert entry.changes["post"] == ["操作工", "班组长"]
    page = dept_client.get(reverse("records:graduate_detail", args=[graduate.pk])).content.decode()
    assert "就业记录修改历史" in page and "班组长" in page


def test_ending_a_job_then_adding_the_next_one_works(dept_client, graduate, employer):
    job = EmploymentFactory(graduate=graduate)
    dept_client.post(
        reverse("records:employment_update", args=[job.pk]),
        job_post(
            job.employer,
            start_date="2024-07-01",
            probation_end="2024-09-30",
            end_date="2025-02-28",
            end_reason="layoff",
            version=1,
        ),
    )
    response = dept_client.post(create_url(graduate), job_post(employer))
    assert response.status_code == 302
    assert Employment.objects.filter(graduate=graduate, end_date__isnull=True).get().employer == employer


def test_a_concurrent_job_edit_is_detected(dept_client, dept_user, graduate, employer):
    job = EmploymentFactory(graduate=graduate, employer=employer)
    services.record_update(job, data={"title": "组长"}, acting_user=dept_user)
    response = dept_client.post(
        reverse("records:employment_update", args=[job.pk]),
        job_post(employer, start_date="2024-07-01", post="我的岗位", version=1),
    )
    assert "该记录已被他人修改" in " ".join(response.context["form"].non_field_errors())
    job.refresh_from_db()
    assert job.post == "操作工"


def test_deleting_a_job_keeps_its_history(dept_client, graduate):
    job = EmploymentFactory(graduate=graduate)
    response = dept_client.post(reverse("records:employment_delete", args=[job.pk]))
    assert response.url == reverse("records:graduate_detail", args=[graduate.pk])
    assert not Employment.objects.exists()
    assert HistoryEntry.objects.filter(model="records.employment", action="delete").exists()


def test_the_delete_page_asks_before_deleting(dept_client, graduate):
    job = EmploymentFactory(graduate=graduate)
    content = dept_client.get(reverse("records:employment_delete", args=[job.pk])).content.decode()
    assert "data-confirm" in content
    assert Employment.objects.filter(pk=job.pk).exists()
