import pytest
from django.urls import reverse

from gradtrack.core import reference
from gradtrack.core.models import HistoryEntry, MajorCategory
from gradtrack.records.models import Department, Major
from gradtrack.testing.factories import UserFactory

WRITERS = ["centre_user", "admin_user"]
EVERYONE_ELSE = ["dept_user", "other_dept_user", "leader_user"]


def reference_pages(department, major):
    """Every page of the reference data, as (method, url); `department` is dept_user's own department."""
    return [
        ("get", reverse("records:department_list")),
        ("get", reverse("records:department_create")),
        ("get", reverse("records:department_update", args=[department.pk])),
        ("get", reverse("records:department_delete", args=[department.pk])),
        ("post", reverse("records:department_deactivate", args=[department.pk])),
        ("post", reverse("records:department_delete", args=[department.pk])),
        ("get", reverse("records:major_list")),
        ("get", reverse("records:major_create")),
        ("get", reverse("records:major_update", args=[major.pk])),
        ("get", reverse("records:major_delete", args=[major.pk])),
        ("post", reverse("records:major_deactivate", args=[major.pk])),
        ("post", reverse("records:major_delete", args=[major.pk])),
    ]


def test_the_urls_are_the_ones_the_navigation_expects():
    assert reverse("records:department_list") == "/records/departments/"
    assert reverse("records:major_list") == "/records/majors/"


@pytest.mark.parametrize("user_fixture", WRITERS)
def test_the_centre_and_administrators_open_every_reference_page(client, request, graduate, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    for method, url in reference_pages(graduate.department, graduate.major):
        assert getattr(client, method)(url).status_code in (200, 302), url


@pytest.mark.parametrize("user_fixture", EVERYONE_ELSE)
def test_department_staff_and_leaders_are_refused_even_for_their_own_department(
    client, request, graduate, user_fixture
):
    client.force_login(request.getfixturevalue(user_fixture))
    for method, url in reference_pages(graduate.department, graduate.major):
        assert getattr(client, method)(url).status_code == 403, url
    graduate.department.refresh_from_db()
    assert graduate.department.is_active
    assert not HistoryEntry.objects.exists()


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, graduate):
    for method, url in reference_pages(graduate.department, graduate.major):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url


def test_an_unknown_department_or_major_is_a_404(centre_client):
    assert centre_client.get(reverse("records:department_update", args=[999])).status_code == 404
    assert centre_client.post(reverse("records:major_delete", args=[999])).status_code == 404


def test_the_department_list_counts_majors_graduates_and_staff(
    centre_client, graduate, other_graduate, dept_user
):
    response = centre_client.get(reverse("records:department_list"))
    counts = {
        d.name: (d.major_count, d.graduate_count, d.staff_count) for d in response.context["departments"]
    }
    assert counts == {"机电系": (1, 1, 1), "信息技术系": (1, 1, 0)}


def test_the_major_list_counts_graduates_and_filters(centre_client, graduate, other_graduate, other_major):
    response = centre_client.get(reverse("records:major_list"))
    assert {m.name: m.graduate_count for m in response.context["majors"]} == {
        "数控技术应用": 1,
        "计算机应用": 1,
    }
    response = centre_client.get(reverse("records:major_list"), {"department": other_major.department_id})
    assert [m.name for m in response.context["majors"]] == ["计算机应用"]
    response = centre_client.get(reverse("records:major_list"), {"q": "6603"})
    assert [m.name for m in response.context["majors"]] == ["数控技术应用"]
    response = centre_client.get(reverse("records:major_list"), {"status": "inactive"})
    assert list(response.context["majors"]) == []


def test_creating_a_department_records_history(centre_client, centre_user, db):
    response = centre_client.post(reverse("records:department_create"), {"code": "QC", "name": "汽车运用系"})
    department = Department.objects.get(code="QC")
    assert response.status_code == 302
    assert response["Location"] == reverse("records:department_update", args=[department.pk])
    assert department.is_active
    entry = HistoryEntry.objects.get(model="records.department")
    assert entry.action == "create" and entry.actor == centre_user
    assert entry.changes["name"] == ["", "汽车运用系"]


@pytest.mark.parametrize(
    "data, field",
    [
        ({"code": "", "name": "汽车运用系"}, "code"),
        ({"code": "QC", "name": ""}, "name"),
        ({"code": "JD", "name": "汽车运用系"}, "code"),
        ({"code": "QC", "name": "机电系"}, "name"),
    ],
)
def test_a_bad_department_is_refused_next_to_its_field(centre_client, department, data, field):
    response = centre_client.post(reverse("records:department_create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "is-invalid" in response.content.decode()
    assert Department.objects.count() == 1


def test_editing_a_department_keeps_old_and_new_values(centre_client, department):
    url = reverse("records:department_update", args=[department.pk])
    response = centre_client.post(url, {"code": "JD", "name": "机电工程系", "is_active": "on"})
    assert response.status_code == 302
    entry = HistoryEntry.objects.get(model="records.department", action="update")
    assert entry.changes == {"name": ["机电系", "机电工程系"]}
    page = centre_client.get(url).content.decode()
    assert "机电工程系" in page and "修改历史" in page


def test_deactivating_a_department_keeps_its_records(centre_client, graduate):
    department = graduate.department
    response = centre_client.post(reverse("records:department_deactivate", args=[department.pk]))
    assert response.status_code == 302
    department.refresh_from_db()
    assert not department.is_active
    assert department.graduates.count() == 1
    entry = HistoryEntry.objects.get(model="records.department", action="update")
    assert entry.changes == {"is_active": ["是", "否"]}


def test_deactivation_is_post_only_and_asks_for_confirmation(centre_client, department):
    assert (
        centre_client.get(reverse("records:department_deactivate", args=[department.pk])).status_code == 405
    )
    page = centre_client.get(reverse("records:department_update", args=[department.pk])).content.decode()
    assert "data-confirm=" in page


def test_deleting_a_department_still_in_use_is_refused_with_a_clear_message(centre_client, graduate):
    department = graduate.department
    url = reverse("records:department_delete", args=[department.pk])
    confirm_page = centre_client.get(url).content.decode()
    assert "不能删除" in confirm_page and "改为停用" in confirm_page
    response = centre_client.post(url, follow=True)
    assert Department.objects.filter(pk=department.pk).exists()
    assert "仍被其他记录引用，不能删除" in response.content.decode()
    assert not HistoryEntry.objects.filter(action="delete").exists()


def test_an_unused_department_is_deleted_after_confirmation_and_its_staff_are_warned(
    centre_client, centre_user
):
    department = Department.objects.create(code="QC", name="汽车运用系")
    UserFactory(username="qc_staff", role="department", departments=[department])
    url = reverse("records:department_delete", args=[department.pk])
    confirm_page = centre_client.get(url).content.decode()
    assert "data-confirm=" in confirm_page and "1 名用户属于该系部" in confirm_page
    response = centre_client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("records:department_list")
    assert not Department.objects.filter(pk=department.pk).exists()
    entry = HistoryEntry.objects.get(model="records.department", action="delete")
    assert entry.actor == centre_user


def major_data(in_department, **overrides):
    data = {
        "code": "700206",
        "name": "汽车运用与维修",
        "department": in_department.pk,
        "category": MajorCategory.objects.get(code="71").pk,
    }
    data.update(overrides)
    return data


def test_creating_a_school_own_major_with_its_category_records_history(centre_client, department):
    data = major_data(department, code="XB01", name="攀西民族工艺")
    response = centre_client.post(reverse("records:major_create"), data)
    assert response.status_code == 302
    major = Major.objects.get(code="XB01")
    assert major.department == department and major.category.code == "71" and major.is_school_own
    entry = HistoryEntry.objects.get(model="records.major")
    assert entry.changes["department"] == ["", "机电系"]


def test_a_new_major_named_as_in_the_catalogue_takes_its_code_and_category(centre_client, department):
    """Issue 12: a major typed on the page is matched to the 中职 catalogue by name, normalised (full-width
    brackets, spaces, a trailing 专业); its code and 大类 come from the entry, read here from the reference CSV."""
    entry = next(row for row in reference.rows("zhongzhi_majors_2021.csv") if row["confirmed"])
    typed = f" {entry['name']}专业 "
    data = major_data(department, code="", name=typed, category="")
    assert centre_client.post(reverse("records:major_create"), data).status_code == 302
    major = Major.objects.get()
    assert (major.name, major.code, major.category.code, major.catalogue.code) == (
        entry["name"],
        entry["code"],
        entry["category_code"],
        entry["code"],
    )


def test_the_new_major_form_starts_in_the_department_it_was_opened_from(centre_client, department):
    response = centre_client.get(reverse("records:major_create"), {"department": department.pk})
    assert response.context["form"]["department"].value() == str(department.pk)


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"code": "", "name": "攀西民族工艺"}, "code"),
        ({"code": "660301"}, "code"),
        ({"name": "数控技术应用"}, "name"),
        ({"category": "", "name": "攀西民族工艺"}, "category"),
        ({"department": ""}, "department"),
        ({"department": "999"}, "department"),
    ],
)
def test_a_bad_major_is_refused_with_its_error_shown(centre_client, major, overrides, field):
    response = centre_client.post(reverse("records:major_create"), major_data(major.department, **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Major.objects.count() == 1


def test_a_deactivated_department_takes_no_new_major(centre_client, department):
    department.is_active = False
    department.save()
    response = centre_client.post(reverse("records:major_create"), major_data(department))
    assert "department" in response.context["form"].errors
    assert not Major.objects.exists()


def test_moving_a_major_to_another_department_is_recorded(centre_client, major, other_department):
    url = reverse("records:major_update", args=[major.pk])
    data = major_data(other_department, code=major.code, name=major.name, is_active="on")
    assert centre_client.post(url, data).status_code == 302
    entry = HistoryEntry.objects.get(model="records.major", action="update")
    assert entry.changes == {"department": ["机电系", "信息技术系"]}


def test_deleting_a_major_with_graduates_is_refused_and_an_unused_one_is_deleted(
    centre_client, graduate, other_major
):
    response = centre_client.post(reverse("records:major_delete", args=[graduate.major.pk]), follow=True)
    assert Major.objects.filter(pk=graduate.major.pk).exists()
    assert "不能删除" in response.content.decode()
    other_major.graduates.all().delete()
    response = centre_client.post(reverse("records:major_delete", args=[other_major.pk]))
    assert response["Location"] == reverse("records:major_list")
    assert not Major.objects.filter(pk=other_major.pk).exists()


def test_deactivating_a_major_is_recorded(centre_client, major):
    centre_client.post(reverse("records:major_deactivate", args=[major.pk]))
    major.refresh_from_db()
    assert not major.is_active
    assert HistoryEntry.objects.get(model="records.major").changes == {"is_active": ["是", "否"]}
