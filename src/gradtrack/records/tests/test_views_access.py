"""Every employment-file page with the access trio (centre, same department, other department) and the leader."""

import pytest
from django.urls import reverse

from gradtrack.records.models import Employment, Graduate
from gradtrack.testing.factories import EmployerFactory, EmploymentFactory


@pytest.fixture
def job(graduate):
    return EmploymentFactory(graduate=graduate, employer=EmployerFactory(name="攀钢集团有限公司"))


def url_args(name, graduate, job):
    if name.startswith("graduate_") and name not in {"graduate_list", "graduate_export", "graduate_create"}:
        return [graduate.pk]
    if name == "employment_create":
        return [graduate.pk]
    if name in {"employment_update", "employment_delete"}:
        return [job.pk]
    if name in {"employer_detail", "employer_update"}:
        return [job.employer.pk]
    return []


# name, writes, scoped to the graduate's department
PAGES = [
    ("graduate_list", False, False),
    ("graduate_export", False, False),
    ("graduate_detail", False, True),
    ("graduate_create", True, False),
    ("graduate_update", True, True),
    ("graduate_delete", True, True),
    ("employment_create", True, True),
    ("employment_update", True, True),
    ("employment_delete", True, True),
    ("employer_list", False, False),
    ("employer_detail", False, False),
    ("employer_create", True, False),
    ("employer_update", True, False),
]

USERS = ["centre_client", "dept_client", "other_dept_client", "leader_client"]
# An employer's master data is shared by every department: only the centre and admins change it.
MASTER_DATA = {"employer_update"}


def expected_status(user, writes, scoped, name=""):
    if name in MASTER_DATA and user != "centre_client":
        return 403
    if user == "leader_client":
        return 403 if writes else 200
    if user == "other_dept_client" and scoped:
        return 404
    return 200


@pytest.mark.parametrize("name, writes, scoped", PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("user", USERS)
def test_each_page_answers_each_role_as_policy_section_11_says(
    request, graduate, job, name, writes, scoped, user
):
    client = request.getfixturevalue(user)
    response = client.get(reverse(f"records:{name}", args=url_args(name, graduate, job)))
    assert response.status_code == expected_status(user, writes, scoped, name)


@pytest.mark.parametrize("name", [p[0] for p in PAGES])
def test_anonymous_visitors_are_sent_to_the_login_page(client, graduate, job, name):
    response = client.get(reverse(f"records:{name}", args=url_args(name, graduate, job)))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    "name, data",
    [
        ("graduate_update", {"name": "改名"}),
        ("graduate_delete", {}),
        ("employment_create", {"employer": "", "start_date": "2025-01-01"}),
        ("employment_update", {"post": "改岗"}),
        ("employment_delete", {}),
    ],
)
@pytest.mark.parametrize("user, status", [("leader_client", 403), ("other_dept_client", 404)])
def test_a_post_outside_ones_rights_changes_nothing(request, graduate, job, name, data, user, status):
    client = request.getfixturevalue(user)
    response = client.post(reverse(f"records:{name}", args=url_args(name, graduate, job)), data)
    assert response.status_code == status
    graduate.refresh_from_db()
    job.refresh_from_db()
    assert graduate.name == "李明"
    assert job.post == "操作工"
    assert Employment.objects.count() == 1


def test_the_leader_sees_the_file_without_write_buttons(leader_client, graduate, job):
    response = leader_client.get(reverse("records:graduate_detail", args=[graduate.pk]))
    content = response.content.decode()
    assert "攀钢集团有限公司" in content
    assert reverse("records:graduate_update", args=[graduate.pk]) not in content
    assert reverse("records:employment_create", args=[graduate.pk]) not in content
    assert reverse("records:employment_delete", args=[job.pk]) not in content


def test_write_users_see_the_write_buttons(dept_client, graduate, job):
    content = dept_client.get(reverse("records:graduate_detail", args=[graduate.pk])).content.decode()
    assert reverse("records:graduate_update", args=[graduate.pk]) in content
    assert reverse("records:employment_create", args=[graduate.pk]) in content
    assert reverse("records:employment_delete", args=[job.pk]) in content


def test_the_same_department_may_delete_a_graduate_after_confirming(dept_client, graduate, job):
    response = dept_client.post(reverse("records:graduate_delete", args=[graduate.pk]))
    assert response.status_code == 302
    assert not Graduate.objects.filter(pk=graduate.pk).exists()
    assert not Employment.objects.exists()
