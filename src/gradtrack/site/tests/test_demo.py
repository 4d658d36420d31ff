"""`gradtrack demo-data` builds a believable school; `gradtrack demo-accounts` tells who can log in."""

import datetime
import io

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.db.models import Count, Q
from stdnum.cn import ric, uscc

from gradtrack.accounts.models import User
from gradtrack.cli import command_name
from gradtrack.core import demo as core_demo
from gradtrack.core import reference
from gradtrack.core.models import HistoryEntry, SchoolProfile
from gradtrack.records import demo as records_demo
from gradtrack.records import selectors, services
from gradtrack.records.models import Department, Employer, Employment, Graduate, Major
from gradtrack.site import demo
from gradtrack.testing.factories import DepartmentFactory, GraduateFactory, MajorFactory

SMALL = 150


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run(command: str, **options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(command, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def demo_school(db):
    run("demo_data", graduates=SMALL)


def test_the_console_script_accepts_the_hyphenated_demo_commands():
    assert command_name(["gradtrack", "demo-data", "--force"]) == ["gradtrack", "demo_data", "--force"]
    assert command_name(["gradtrack", "demo-accounts"]) == ["gradtrack", "demo_accounts"]


def test_it_builds_a_school_of_the_requested_size(demo_school):
    assert 5 <= Department.objects.count() <= 6
    assert Major.objects.count() >= Department.objects.count()
    cohorts = set(Graduate.objects.values_list("graduation_year", flat=True))
    assert cohorts == {2024, 2025, 2026}
    assert Graduate.objects.count() == SMALL
    assert Employer.objects.count() == records_demo.DEFAULT_EMPLOYERS
    assert Employment.objects.count() > SMALL // 2
    assert set(Graduate.objects.values_list("graduation_month", flat=True)) <= {6, 7}


def test_the_school_profile_is_the_seed_school(demo_school):
    profile = SchoolProfile.current()
    assert profile.name == "攀枝花市华森职业学校"
    assert (profile.postcode, profile.phone, profile.fax) == ("617200", "0812-9178178", "0812-8172842")
    assert profile.email == "2860505558@qq.com"


def test_an_existing_school_profile_is_left_alone(db):
    SchoolProfile.objects.create(name="另一所学校")
    run("demo_data", graduates=30, employers=20)
    assert list(SchoolProfile.objects.values_list("name", flat=True)) == ["另一所学校"]


def test_every_graduate_has_at_most_one_current_job(demo_school):
    current = Graduate.objects.annotate(current=Count("jobs", filter=Q(jobs__end_date__isnull=True)))
    assert max(current.values_list("current", flat=True)) == 1
    assert Graduate.objects.annotate(n=Count("jobs")).filter(n__gt=1).exists(), "some graduates changed jobs"


def test_jobs_have_plausible_salaries_and_dates(demo_school):
    for job in Employment.objects.select_related("graduate"):
        graduate = job.graduate
        assert records_demo.SALARY_MIN <= job.monthly_salary <= records_demo.SALARY_MAX
        assert job.start_date > datetime.date(graduate.graduation_year, graduate.graduation_month, 1)
        assert job.probation_end == services.default_probation_end(job.start_date)
        if job.end_date:
            assert job.end_date >= job.start_date
            assert job.end_reason
        else:
            assert job.end_reason == ""


def test_every_id_number_and_credit_code_has_a_valid_check_digit(demo_school):
    id_numbers = [n for n in Graduate.objects.values_list("id_number", flat=True) if n]
    credit_codes = list(Employer.objects.values_list("credit_code", flat=True))
    assert len(id_numbers) > SMALL * 0.8
    assert len(credit_codes) == records_demo.DEFAULT_EMPLOYERS
    assert [n for n in id_numbers if not ric.is_valid(n)] == []
    assert [c for c in credit_codes if not uscc.is_valid(c)] == []


def test_every_demo_record_passes_the_checks_the_services_apply(demo_school):
    for model in (Department, Major, Graduate, Employer, Employment):
        for record in model.objects.all():
            record.full_clean()


def test_placements_and_outcomes_agree(demo_school):
    graduates = Graduate.objects.select_related("destination", "destination_detail").prefetch_related("jobs")
    for graduate in graduates:
        jobs = sorted(graduate.jobs.all(), key=lambda job: job.start_date)
        if graduate.placement_mode == Graduate.PlacementMode.SCHOOL and jobs:
            assert jobs[0].school_arranged, "the first job of a school-placed graduate is school-arranged"
        if graduate.placement_mode != Graduate.PlacementMode.SCHOOL:
            assert not any(job.school_arranged for job in jobs)
        if jobs:
            assert graduate.destination.direct_employment
        elif graduate.placement_mode == Graduate.PlacementMode.FURTHER_STUDY:
            assert (graduate.destination.group, graduate.destination_detail.code) == ("further_study", "80")
        elif graduate.placement_mode == Graduate.PlacementMode.MILITARY:
            assert (graduate.destination.group, graduate.destination_detail.code) == ("military", "46")
    school_placed = graduates.filter(placement_mode=Graduate.PlacementMode.SCHOOL).count()
    assert 0.55 < school_placed / SMALL < 0.85


def test_every_record_has_its_creation_history_and_some_were_changed_later(demo_school):
    centre = User.objects.get(username="centre")
    created = HistoryEntry.objects.filter(action=HistoryEntry.Action.CREATE, source=core_demo.DEMO_SOURCE)
    assert created.filter(model="records.graduate").count() == SMALL
    assert created.filter(model="records.employment").count() == Employment.objects.count()
    # The employment files' later changes; other apps' demo stories have their own actors (a leader approves).
    changes = HistoryEntry.objects.filter(action=HistoryEntry.Action.UPDATE, model__startswith="records.")
    assert changes.exists()
    assert set(changes.values_list("actor", flat=True)) == {centre.pk}
    raise_entry = changes.filter(model="records.employment", changes__has_key="monthly_salary").first()
    old, new = raise_entry.changes["monthly_salary"]
    assert float(new) > float(old)


def test_every_role_has_a_demo_account_with_the_demo_password(demo_school):
    users = User.objects.filter(username__in=[spec.username for spec in records_demo.DEMO_ACCOUNTS])
    assert {user.role for user in users} == set(User.Role.values) - {User.Role.GRADUATE}
    # The graduate's demo account is made with the tracking service's demo data (tracking/demo.py).
    assert User.objects.get(role=User.Role.GRADUATE).check_password(core_demo.DEMO_PASSWORD)
    assert all(user.check_password(core_demo.DEMO_PASSWORD) for user in users)
    assert {u.username for u in users.filter(role=User.Role.DEPARTMENT)} >= {"jidian", "xinxi"}


def test_a_department_account_sees_only_its_department(demo_school):
    everyone = Graduate.objects.count()
    for user in User.objects.filter(role=User.Role.DEPARTMENT):
        (department,) = user.departments.all()
        visible = selectors.graduates_visible_to(user)
        assert visible.count() == Graduate.objects.filter(department=department).count() > 0
        assert set(visible.values_list("department", flat=True)) == {department.pk}
    for username in ("admin", "centre", "leader"):
        assert selectors.graduates_visible_to(User.objects.get(username=username)).count() == everyone


def test_it_refuses_to_run_again_on_a_database_with_graduates(demo_school):
    out, err = run("demo_data", graduates=SMALL)
    assert "已有 150 名毕业生" in err
    assert "--force" in err
    assert Graduate.objects.count() == SMALL


def test_force_replaces_the_demo_records_and_keeps_everything_else(demo_school):
    own_department = DepartmentFactory(code="ZZ", name="继续教育部")
    own_graduate = GraduateFactory(major=MajorFactory(department=own_department), student_no="X0001")
    out, _err = run("demo_data", graduates=SMALL, force=True)
    assert "已删除以前的演示数据" in out
    assert Graduate.objects.count() == SMALL + 1
    assert Graduate.objects.filter(pk=own_graduate.pk).exists()
    assert Employer.objects.count() == records_demo.DEFAULT_EMPLOYERS
    department_user = User.objects.get(username="jidian")
    assert list(department_user.departments.values_list("code", flat=True)) == ["JD"]


def test_the_same_seed_on_the_same_day_builds_the_same_school(db):
    today = datetime.date(2026, 11, 25)

    def built():
        school = demo.build_demo_school(graduates=60, employers=30, seed=7, today=today)
        return (
            [(g.student_no, g.name, g.id_number, g.mobile) for g in school.graduates],
            [(e.name, e.credit_code) for e in school.employers],
            [(j.graduate.student_no, j.employer.name, j.start_date, j.monthly_salary) for j in school.jobs],
        )

    first = built()
    demo.wipe_demo_records()
    assert built() == first


def test_wiping_removes_what_demo_data_made(demo_school):
    demo.wipe_demo_records()
    for model in (Department, Major, Graduate, Employer, Employment):
        assert not model.objects.exists()
    assert not HistoryEntry.objects.filter(source=core_demo.DEMO_SOURCE).exists()
    assert User.objects.filter(username="centre").exists(), "accounts stay"


def test_the_demo_password_passes_the_password_validators(db):
    for spec in records_demo.DEMO_ACCOUNTS:
        validate_password(core_demo.DEMO_PASSWORD, User(username=spec.username, first_name=spec.first_name))


def test_demo_accounts_lists_every_account_with_its_password_and_the_url(demo_school, monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    out, _err = run("demo_accounts")
    for spec in records_demo.DEMO_ACCOUNTS:
        assert spec.username in out
    assert "机电工程系" in out
    assert out.count(core_demo.DEMO_PASSWORD) == len(records_demo.DEMO_ACCOUNTS) + 1  # + the demo graduate
    assert "http://127.0.0.1:8123/" in out


def test_demo_accounts_hides_the_password_of_accounts_that_changed_it(demo_school):
    centre = User.objects.get(username="centre")
    centre.set_password("a-new-and-private-password")
    centre.save()
    out, _err = run("demo_accounts")
    centre_line = next(line for line in out.splitlines() if line.strip().startswith("centre"))
    assert core_demo.DEMO_PASSWORD not in centre_line
    assert "已修改" in centre_line
    assert (
        out.count(core_demo.DEMO_PASSWORD) == len(records_demo.DEMO_ACCOUNTS) - 1 + 1
    )  # + the demo graduate


def test_demo_accounts_without_demo_data_says_how_to_create_them(db):
    out, _err = run("demo_accounts")
    assert "gradtrack demo-data" in out


@pytest.mark.parametrize(
    "total, weights, expected",
    [
        (10, [1, 1], [5, 5]),
        (10, [1, 2], [3, 7]),
        (150, [45, 50, 35], [52, 58, 40]),
        (1, [1, 1, 1], [1, 0, 0]),
    ],
)
def test_apportion_splits_a_total_exactly(total, weights, expected):
    assert records_demo.apportion(total, weights) == expected


def test_demo_majors_are_catalogue_majors_with_their_codes(demo_school):
    catalogue = {row["code"]: row for row in reference.rows(reference.MAJORS)}
    for major in Major.objects.select_related("catalogue", "category"):
        entry = catalogue[major.code]
        assert (major.catalogue.code, major.name, major.category.code, major.category.name) == (
            entry["code"],
            entry["name"],
            entry["category_code"],
            entry["category_name"],
        )
