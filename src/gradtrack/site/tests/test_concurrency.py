"""Data safety: two people editing one record, and an import that fails half-way (issue 7, item 3).

The API's 409 for a stale version is covered by records/tests/test_api.py (two tokens on one graduate); a
single user's stale form by records/tests. Here two logged-in staff members work on the same record at once.
"""

import datetime

import pytest
from django.urls import reverse

from gradtrack.core import history
from gradtrack.core.models import HistoryEntry
from gradtrack.imports import services as import_services
from gradtrack.records.models import Department, Employer, Employment, Graduate, Major
from gradtrack.testing.factories import EmployerFactory, EmploymentFactory
from gradtrack.testing.workbooks import person, read


def form_data(response, **changes) -> dict:
    """What the browser would send back: the form as it was rendered, with the user's changes."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    data.update(changes)
    return data


def messages_of(response) -> str:
    form = response.context["form"]
    return " ".join([*form.non_field_errors(), *(e for errors in form.errors.values() for e in errors)])


def test_of_two_staff_editing_one_graduate_the_second_save_is_refused(centre_client, dept_client, graduate):
    url = reverse("records:graduate_update", args=[graduate.pk])
    centre_form = centre_client.get(url)
    dept_form = dept_client.get(url)

    first = centre_client.post(url, form_data(centre_form, name="李明（中心）", class_name="数控1班"))
    second = dept_client.post(url, form_data(dept_form, name="李明（系部）", wechat="liming2024"))

    assert first.status_code == 302
    assert second.status_code == 200
    assert "该记录已被他人修改，请刷新页面后重新编辑" in messages_of(second)
    graduate.refresh_from_db()
    assert (graduate.name, graduate.class_name, graduate.wechat, graduate.version) == (
        "李明（中心）",
        "数控1班",
        "",
        2,
    )
    updates = history.history_of(graduate).filter(action=HistoryEntry.Action.UPDATE)
    assert [entry.changes["name"][1] for entry in updates] == ["李明（中心）"]


def test_after_a_refused_save_reloading_the_form_lets_the_second_user_save(
    centre_client, dept_client, graduate
):
    url = reverse("records:graduate_update", args=[graduate.pk])
    dept_form = dept_client.get(url)
    centre_client.post(url, form_data(centre_client.get(url), class_name="数控1班"))
    dept_client.post(url, form_data(dept_form, wechat="liming2024"))

    reloaded = dept_client.get(url)
    assert dept_client.post(url, form_data(reloaded, wechat="liming2024")).status_code == 302
    graduate.refresh_from_db()
    assert (graduate.class_name, graduate.wechat, graduate.version) == ("数控1班", "liming2024", 3)


def test_of_two_staff_ending_one_job_the_second_save_is_refused(centre_client, dept_client, graduate):
    job = EmploymentFactory(graduate=graduate, start_date=datetime.date(2024, 7, 1))
    url = reverse("records:employment_update", args=[job.pk])
    centre_form = centre_client.get(url)
    dept_form = dept_client.get(url)

    centre_client.post(url, form_data(centre_form, end_date="2025-01-31", end_reason="personal"))
    second = dept_client.post(url, form_data(dept_form, monthly_salary="9000"))

    assert "该记录已被他人修改" in messages_of(second)
    job.refresh_from_db()
    assert (job.end_date, job.end_reason, job.version) == (datetime.date(2025, 1, 31), "personal", 2)
    assert job.monthly_salary != 9000


def test_of_two_staff_editing_one_employer_the_second_save_is_refused(centre_client, admin_client, db):
    employer = EmployerFactory(name="攀枝花钢城集团有限公司")
    url = reverse("records:employer_update", args=[employer.pk])
    centre_form = centre_client.get(url)
    admin_form = admin_client.get(url)

    centre_client.post(url, form_data(centre_form, contact_person="张经理"))
    second = admin_client.post(url, form_data(admin_form, contact_person="李主任"))

    assert "该记录已被他人修改" in messages_of(second)
    employer.refresh_from_db()
    assert (employer.contact_person, employer.version) == ("张经理", 2)


# --- An import that fails half-way ---------------------------------------------------------------------


def database_state() -> dict:
    return {
        "counts": {
            model._meta.label: model.objects.count()
            for model in (Department, Major, Employer, Graduate, Employment, HistoryEntry)
        },
        "graduates": list(Graduate.objects.order_by("pk").values()),
        "jobs": list(Employment.objects.order_by("pk").values()),
        "history": list(HistoryEntry.objects.order_by("pk").values_list("pk", "changes")),
    }


@pytest.fixture
def roster_plan(graduate, centre_user):
    """Twenty new graduates (new 系部, 专业 and employers among them) and an update of one on file."""
    EmploymentFactory(graduate=graduate, start_date=datetime.date(2024, 7, 1))
    rows = [
        person(
            "2024000001",
            姓名=graduate.name,
            手机="13912345678",
            单位名称="新岗位有限公司",
            入职日期="2025-03-01",
        )
    ]
    for index in range(20):
        rows.append(
            person(
                f"20241000{index:02d}",
                系部="机电系" if index % 2 else "汽车工程系",
                专业="数控技术应用" if index % 2 else "汽车运用与维修",
                单位名称=f"攀枝花示例{index % 7}有限公司",
                入职日期="2024-07-15",
                月薪=4000 + index,
            )
        )
    plan = import_services.graduate_import_plan(
        read(rows), create_missing=True, major_category=graduate.major.category
    )
    assert plan.problems == []
    return plan


def fail_on_call(monkeypatch, target, name: str, call: int):
    original = getattr(target, name)
    calls = {"count": 0}

    def failing(*args, **kwargs):
        calls["count"] += 1
        if calls["count"] == call:
            raise RuntimeError("断电模拟：导入在中途失败")
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, failing)
    return calls


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(1, id="at the first record"),
        pytest.param(12, id="after the new graduates were written"),
        pytest.param(44, id="after the update of the graduate on file"),
    ],
)
def test_an_import_interrupted_half_way_leaves_the_database_as_it_was(
    monkeypatch, roster_plan, centre_user, call
):
    before = database_state()
    calls = fail_on_call(monkeypatch, import_services.history, "entry_for", call)
    with pytest.raises(RuntimeError):
        import_services.graduate_import_apply(roster_plan, acting_user=centre_user)
    assert calls["count"] == call
    assert database_state() == before


def test_an_import_interrupted_while_writing_its_history_leaves_the_database_as_it_was(
    monkeypatch, roster_plan, centre_user
):
    before = database_state()
    fail_on_call(monkeypatch, HistoryEntry.objects, "bulk_create", 1)
    with pytest.raises(RuntimeError):
        import_services.graduate_import_apply(roster_plan, acting_user=centre_user)
    assert database_state() == before


def test_the_same_import_applies_in_full_once_nothing_interrupts_it(roster_plan, centre_user):
    import_services.graduate_import_apply(roster_plan, acting_user=centre_user)
    assert Graduate.objects.count() == 21
    assert Graduate.objects.get(student_no="2024000001").mobile == "13912345678"
