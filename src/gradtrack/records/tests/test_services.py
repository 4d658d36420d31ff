import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gradtrack.core.models import HistoryEntry, PolicySettings
from gradtrack.records import services
from gradtrack.records.models import Department, Employer, Employment, Graduate, Major
from gradtrack.testing.factories import EmployerFactory, EmploymentFactory


def graduate_data(base_major, **overrides):
    data = {
        "student_no": "2026001",
        "name": "张三",
        "department": base_major.department,
        "major": base_major,
        "graduation_year": 2026,
        "mobile": "+86 139-0000-1111",
    }
    data.update(overrides)
    return data


def test_creating_a_graduate_normalises_and_keeps_history(major, centre_user):
    graduate = services.graduate_create(data=graduate_data(major), acting_user=centre_user)
    assert graduate.mobile == "13900001111"
    entry = HistoryEntry.objects.get(model="records.graduate", object_id=str(graduate.pk))
    assert entry.action == "create"
    assert entry.actor == centre_user
    assert entry.changes["name"] == ["", "张三"]


def test_updating_records_old_and_new_values(graduate, centre_user):
    services.record_update(graduate, data={"mobile": "13711112222"}, acting_user=centre_user)
    entry = HistoryEntry.objects.filter(action="update").get()
    assert entry.changes == {"mobile": [graduate.mobile, "13711112222"]}


def test_an_update_that_changes_nothing_writes_no_history(graduate, centre_user):
    services.record_update(graduate, data={"name": graduate.name}, acting_user=centre_user)
    assert not HistoryEntry.objects.filter(action="update").exists()


def test_a_stale_version_is_refused_and_nothing_is_overwritten(graduate, centre_user):
    services.record_update(graduate, data={"name": "新名字"}, acting_user=centre_user, expected_version=1)
    with pytest.raises(services.ConcurrentEditError):
        services.record_update(graduate, data={"name": "旧页面"}, acting_user=centre_user, expected_version=1)
    graduate.refresh_from_db()
    assert graduate.name == "新名字"


def test_a_major_of_another_department_is_refused(major, other_major, centre_user):
    with pytest.raises(ValidationError) as caught:
        services.graduate_create(data=graduate_data(major, major=other_major), acting_user=centre_user)
    assert "major" in caught.value.message_dict
    assert not Graduate.objects.exists()


def test_a_bad_id_number_names_its_field(major, centre_user):
    with pytest.raises(ValidationError) as caught:
        services.graduate_create(
            data=graduate_data(major, id_number="110105194912310021"), acting_user=centre_user
        )
    assert "id_number" in caught.value.message_dict


def test_probation_defaults_to_start_plus_setting_minus_one_day(graduate, centre_user):
    policy = PolicySettings.current()
    policy.probation_months = 3
    policy.save()
    job = services.employment_create(
        data={"graduate": graduate, "employer": EmployerFactory(), "start_date": datetime.date(2024, 11, 30)},
        acting_user=centre_user,
    )
    assert job.probation_end == datetime.date(2025, 2, 27)


def test_a_second_current_job_is_refused_by_the_service(graduate, centre_user):
    EmploymentFactory(graduate=graduate)
    with pytest.raises(ValidationError) as caught:
        services.employment_create(
            data={
                "graduate": graduate,
                "employer": EmployerFactory(),
                "start_date": datetime.date(2025, 1, 1),
            },
            acting_user=centre_user,
        )
    assert "end_date" in caught.value.message_dict


@pytest.mark.parametrize(
    "fields",
    [
        {"end_date": None},  # second current job
        {"monthly_salary": -1, "end_date": datetime.date(2024, 12, 1)},
        {"end_date": datetime.date(2024, 6, 30)},  # before start
    ],
    ids=["one-current-job", "salary-not-negative", "end-not-before-start"],
)
def test_the_database_enforces_job_constraints(graduate, fields):
    EmploymentFactory(graduate=graduate)
    with pytest.raises(IntegrityError), transaction.atomic():
        EmploymentFactory(graduate=graduate, **fields)


def test_deleting_a_graduate_keeps_the_history_of_its_jobs(graduate, centre_user):
    job = EmploymentFactory(graduate=graduate)
    graduate_pk = graduate.pk
    services.record_delete(graduate, acting_user=centre_user)
    assert not Employment.objects.exists()
    deleted = set(HistoryEntry.objects.filter(action="delete").values_list("model", "object_id"))
    assert deleted == {("records.graduate", str(graduate_pk)), ("records.employment", str(job.pk))}


def test_an_employer_credit_code_is_checked_and_its_name_normalised(centre_user):
    employer = services.employer_create(
        data={"name": " 攀钢 (集团) ", "credit_code": ""}, acting_user=centre_user
    )
    assert employer.credit_code is None
    assert employer.normalized_name == "攀钢（集团）"
    with pytest.raises(ValidationError) as caught:
        services.employer_create(
            data={"name": "乙", "credit_code": "91110000600037341M"}, acting_user=centre_user
        )
    assert "credit_code" in caught.value.message_dict


def test_retyping_a_salary_without_its_decimals_is_not_a_change(graduate, centre_user):
    job = EmploymentFactory(graduate=graduate, monthly_salary="4200.00")
    job.refresh_from_db()
    services.record_update(
        job, data={"monthly_salary": 4200}, acting_user=centre_user, expected_version=job.version
    )
    job.refresh_from_db()
    assert job.version == 1
    assert not HistoryEntry.objects.filter(action="update").exists()


def test_a_deleted_jobs_history_stays_with_its_graduate_after_a_rename(graduate, centre_user):
    from gradtrack.core import history

    job = services.employment_create(
        data={"graduate": graduate, "employer": EmployerFactory(), "start_date": datetime.date(2024, 7, 1)},
        acting_user=centre_user,
    )
    services.record_delete(job, acting_user=centre_user)
    services.record_update(graduate, data={"name": "改名后"}, acting_user=centre_user)
    actions = sorted(history.history_owned_by(graduate).values_list("action", flat=True))
    assert actions == ["create", "delete"]


# --- records_bulk_write: the import's write, with what every single write does ---------------------------


def new_graduate(base_major, **fields):
    return Graduate(**graduate_data(base_major, **fields))


def test_a_bulk_write_normalises_defaults_and_keeps_history_like_a_single_write(major, centre_user):
    policy = PolicySettings.current()
    policy.probation_months = 3
    policy.save()
    graduate = new_graduate(major, mobile=" +86 139-0000-1111 ")
    employer = Employer(name=" 攀钢 (集团) ", credit_code="")
    job = Employment(graduate=graduate, employer=employer, start_date=datetime.date(2024, 11, 30))
    services.records_bulk_write(
        created=[employer, graduate, job], edited=[], acting_user=centre_user, source="Excel 导入: 名单.xlsx"
    )
    graduate.refresh_from_db()
    employer.refresh_from_db()
    job.refresh_from_db()
    assert graduate.mobile == "13900001111"
    assert (employer.name, employer.normalized_name, employer.credit_code) == (
        "攀钢 (集团)",
        "攀钢（集团）",
        None,
    )
    assert (job.graduate, job.employer, job.probation_end) == (graduate, employer, datetime.date(2025, 2, 27))
    entries = HistoryEntry.objects.filter(action="create", actor=centre_user, source="Excel 导入: 名单.xlsx")
    assert set(entries.values_list("model", "object_id")) == {
        ("records.graduate", str(graduate.pk)),
        ("records.employer", str(employer.pk)),
        ("records.employment", str(job.pk)),
    }
    assert entries.get(model="records.employment").changes["probation_end"] == ["", "2025-02-27"]
    assert entries.get(model="records.employment").owner == f"records.graduate:{graduate.pk}"


def test_a_bulk_write_adds_a_graduate_of_a_major_and_department_it_adds_too(centre_user, major):
    department = Department(code="XB01", name="汽车工程系")
    new_major = Major(code="ZY0001", name="汽车运用与维修", department=department, category=major.category)
    graduate = new_graduate(new_major, department=department)
    services.records_bulk_write(created=[graduate, new_major, department], edited=[], acting_user=centre_user)
    graduate.refresh_from_db()
    assert (graduate.department.name, graduate.major.name) == ("汽车工程系", "汽车运用与维修")


def test_a_bulk_edit_writes_only_what_changed_with_its_version_and_history(graduate, centre_user):
    before = services.record_snapshot(graduate)
    graduate.mobile, graduate.class_name = "139 1234 5678", "数控1班"
    services.records_bulk_write(
        created=[], edited=[services.RecordEdit(graduate, before)], acting_user=centre_user
    )
    graduate.refresh_from_db()
    assert (graduate.mobile, graduate.class_name, graduate.version) == ("13912345678", "数控1班", 2)
    entry = HistoryEntry.objects.get(action="update")
    assert entry.changes == {"mobile": [before["mobile"], "13912345678"], "class_name": ["", "数控1班"]}


def test_a_bulk_edit_of_a_record_saved_since_it_was_read_writes_nothing(graduate, major, centre_user):
    mobile, before = graduate.mobile, services.record_snapshot(graduate)
    services.record_update(graduate, data={"class_name": "数控2班"}, acting_user=centre_user)
    graduate.mobile = "13912345678"
    newcomer = new_graduate(major)
    with pytest.raises(services.ConcurrentEditError):
        services.records_bulk_write(
            created=[newcomer], edited=[services.RecordEdit(graduate, before)], acting_user=centre_user
        )
    graduate.refresh_from_db()
    assert (graduate.mobile, graduate.class_name, graduate.version) == (mobile, "数控2班", 2)
    assert not Graduate.objects.filter(student_no=newcomer.student_no).exists()


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        pytest.param({"id_number": "110105194912310021"}, "id_number", id="a bad ID number"),
        pytest.param({"mobile": "12345"}, "mobile", id="a bad mobile number"),
        pytest.param({"major": "other"}, "major", id="a major of another department"),
        pytest.param({"job_end": datetime.date(2024, 6, 30)}, "end_date", id="a job ending before it starts"),
    ],
)
def test_a_bulk_write_refuses_what_a_single_write_refuses_and_writes_nothing(
    major, other_major, centre_user, bad, field
):
    good = new_graduate(major, student_no="2026002")
    fields = {key: value for key, value in bad.items() if key != "job_end"}
    if fields.get("major") == "other":
        fields["major"] = other_major
    refused = new_graduate(major, **fields)
    job = Employment(
        graduate=refused,
        employer=EmployerFactory(),
        start_date=datetime.date(2024, 7, 1),
        end_date=bad.get("job_end"),
    )
    with pytest.raises(ValidationError) as caught:
        services.records_bulk_write(created=[good, refused, job], edited=[], acting_user=centre_user)
    assert field in caught.value.message_dict
    assert not Graduate.objects.exists() and not Employment.objects.exists()
    assert not HistoryEntry.objects.exists()


def test_the_jobs_of_every_write_reach_the_job_saved_receivers(graduate, centre_user, monkeypatch):
    batches = []
    monkeypatch.setattr(services, "jobs_saved_receivers", [])
    receiver = services.on_jobs_saved(
        lambda saved, user: batches.append([(s.job.pk, s.changed, user) for s in saved])
    )
    services.on_jobs_saved(receiver)  # registered once however often
    assert len(services.jobs_saved_receivers) == 1

    current = EmploymentFactory(graduate=graduate, school_arranged=False)
    before = services.record_snapshot(current)
    current.end_date = datetime.date(2025, 2, 28)
    new_job = Employment(graduate=graduate, employer=EmployerFactory(), start_date=datetime.date(2025, 3, 1))
    services.records_bulk_write(
        created=[new_job], edited=[services.RecordEdit(current, before)], acting_user=centre_user
    )
    # One call for the whole write.
    assert batches == [[(current.pk, {"end_date"}, centre_user), (new_job.pk, None, centre_user)]]

    services.record_update(new_job, data={"post": "钳工"}, acting_user=centre_user)
    assert batches[-1] == [(new_job.pk, {"post"}, centre_user)]
