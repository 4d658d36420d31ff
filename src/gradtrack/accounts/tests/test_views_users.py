import pytest
from django.test import Client
from django.urls import reverse

from gradtrack.accounts.models import User
from gradtrack.core.models import HistoryEntry

NEW_PASSWORD = "Qz7!tracking-2026"
EVERY_USER = ["admin_user", "centre_user", "dept_user", "other_dept_user", "leader_user"]


def user_pages(staff_member):
    return [
        ("get", reverse("accounts:user_list")),
        ("get", reverse("accounts:user_create")),
        ("get", reverse("accounts:user_update", args=[staff_member.pk])),
        ("get", reverse("accounts:user_password", args=[staff_member.pk])),
        ("get", reverse("accounts:user_tokens_revoke", args=[staff_member.pk])),
        ("post", reverse("accounts:user_tokens_revoke", args=[staff_member.pk])),
        ("post", reverse("accounts:user_deactivate", args=[staff_member.pk])),
    ]


@pytest.mark.parametrize("user_fixture", EVERY_USER)
def test_only_an_administrator_opens_the_user_pages(login, staff_member, user_fixture):
    client = login(user_fixture)
    for method, url in user_pages(staff_member):
        response = getattr(client, method)(url)
        if user_fixture == "admin_user":
            assert response.status_code in (200, 302), url
        else:
            assert response.status_code == 403, url
    staff_member.refresh_from_db()
    assert staff_member.is_active is (user_fixture != "admin_user")


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, staff_member):
    for method, url in user_pages(staff_member):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_an_unknown_user_is_a_404(admin_client):
    assert admin_client.get(reverse("accounts:user_update", args=[99999])).status_code == 404


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"q": "wang"}, {"wang"}),
        ({"q": "王老"}, {"wang"}),
        ({"role": "centre"}, {"centre"}),
        ({"role": "department"}, {"wang", "jd_staff"}),
        ({"status": "inactive"}, {"gone"}),
    ],
)
def test_the_user_list_searches_and_filters(
    admin_client, staff_member, centre_user, dept_user, query, expected
):
    User.objects.create_user(username="gone", role="leader", is_active=False)
    response = admin_client.get(reverse("accounts:user_list"), query)
    assert {u.username for u in response.context["users"]} == expected


def create_form(department, **overrides):
    data = {
        "username": "liu",
        "last_name": "刘",
        "first_name": "洋",
        "role": "department",
        "departments": [department.pk],
        "phone": "",
        "email": "liu@example.cn",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


def test_an_administrator_creates_a_department_user_and_the_history_says_so(
    admin_client, admin_user, department
):
    response = admin_client.post(reverse("accounts:user_create"), create_form(department))
    user = User.objects.get(username="liu")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:user_update", args=[user.pk])
    assert list(user.departments.all()) == [department]
    assert user.check_password(NEW_PASSWORD)
    entry = HistoryEntry.objects.get(model="accounts.user", object_id=str(user.pk))
    assert entry.action == "create"
    assert entry.actor == admin_user
    assert entry.changes["departments"] == ["", "机电系"]
    assert "password" not in entry.changes


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"departments": []}, "departments"),
        ({"password1": "12345678", "password2": "12345678"}, "password1"),
        ({"password1": "short", "password2": "short"}, "password1"),
        (
            {"password1": "liu-yang-2026", "password2": "liu-yang-2026", "username": "liu-yang-2026"},
            "password1",
        ),
        ({"password2": "something-else-2026"}, "password2"),
        ({"username": "admin"}, "username"),
        ({"username": ""}, "username"),
        ({"email": "not-an-email"}, "email"),
    ],
)
def test_a_bad_new_user_is_refused_with_the_error_next_to_its_field(
    admin_client, admin_user, department, overrides, field
):
    response = admin_client.post(reverse("accounts:user_create"), create_form(department, **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "is-invalid" in response.content.decode()
    assert not User.objects.filter(username="liu").exists()


@pytest.mark.parametrize("role", ["admin", "centre", "leader"])
def test_a_school_wide_user_needs_no_department(admin_client, department, role):
    response = admin_client.post(
        reverse("accounts:user_create"), create_form(department, role=role, departments=[])
    )
    assert response.status_code == 302
    assert User.objects.get(username="liu").role == role


def test_an_administrator_changes_role_and_departments(admin_client, staff_member, other_department):
    url = reverse("accounts:user_update", args=[staff_member.pk])
    form = admin_client.get(url).context["form"]
    data = {**form.initial, "departments": [other_department.pk], "is_active": "on"}
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert list(staff_member.departments.all()) == [other_department]
    entry = HistoryEntry.objects.get(model="accounts.user", action="update")
    assert entry.changes == {"departments": ["机电系", "信息技术系"]}
    page = admin_client.get(url).content.decode()
    assert '所属系部：</span><span class="history-old">机电系</span>' in page


def test_an_administrator_cannot_demote_themself(admin_client, admin_user):
    url = reverse("accounts:user_update", args=[admin_user.pk])
    response = admin_client.post(
        url,
        {"username": "admin", "last_name": "张", "first_name": "老师", "role": "centre", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "不能取消自己的系统管理员角色" in response.context["form"].errors["role"][0]
    admin_user.refresh_from_db()
    assert admin_user.role == "admin"
    assert not HistoryEntry.objects.filter(model="accounts.user").exists()


def test_an_administrator_cannot_deactivate_themself_by_the_form_or_the_button(admin_client, admin_user):
    url = reverse("accounts:user_update", args=[admin_user.pk])
    response = admin_client.post(
        url, {"username": "admin", "last_name": "张", "first_name": "老师", "role": "admin"}
    )
    assert "is_active" in response.context["form"].errors
    response = admin_client.post(reverse("accounts:user_deactivate", args=[admin_user.pk]), follow=True)
    assert "不能停用自己的账号" in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_another_administrator_may_be_demoted(admin_client):
    colleague = User.objects.create_user(username="admin2", role="admin", last_name="赵", first_name="一")
    url = reverse("accounts:user_update", args=[colleague.pk])
    response = admin_client.post(
        url,
        {"username": "admin2", "last_name": "赵", "first_name": "一", "role": "leader", "is_active": "on"},
    )
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert colleague.role == "leader"


def test_deactivating_a_user_ends_their_session_and_is_recorded(admin_client, admin_user, staff_member):
    their_browser = Client()
    their_browser.force_login(staff_member)
    assert their_browser.get(reverse("site:dashboard")).status_code == 200
    response = admin_client.post(reverse("accounts:user_deactivate", args=[staff_member.pk]))
    assert response.status_code == 302
    staff_member.refresh_from_db()
    assert not staff_member.is_active
    entry = HistoryEntry.objects.get(model="accounts.user", object_id=str(staff_member.pk))
    assert entry.changes == {"is_active": ["是", "否"]}
    assert entry.actor == admin_user
    assert their_browser.get(reverse("site:dashboard")).status_code == 302


def test_the_deactivate_button_asks_for_confirmation(admin_client, staff_member):
    page = admin_client.get(reverse("accounts:user_update", args=[staff_member.pk])).content.decode()
    assert f'action="{reverse("accounts:user_deactivate", args=[staff_member.pk])}"' in page
    assert "data-confirm=" in page


def test_deactivation_is_post_only(admin_client, staff_member):
    assert admin_client.get(reverse("accounts:user_deactivate", args=[staff_member.pk])).status_code == 405


def test_an_administrator_resets_a_password_with_django_validators(admin_client, staff_member):
    url = reverse("accounts:user_password", args=[staff_member.pk])
    response = admin_client.post(url, {"new_password1": "123", "new_password2": "123"})
    assert response.status_code == 200
    assert response.context["form"].errors
    response = admin_client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    staff_member.refresh_from_db()
    assert staff_member.check_password(NEW_PASSWORD)
    entry = HistoryEntry.objects.get(model="accounts.user", object_id=str(staff_member.pk))
    assert entry.changes == {"password": ["", "（已重置）"]}
    assert staff_member.password not in str(entry.changes)


def test_the_users_page_appears_in_the_navigation_of_an_administrator_only(admin_client, client, centre_user):
    url = reverse("accounts:user_list")
    assert f'href="{url}"' in admin_client.get(reverse("site:dashboard")).content.decode()
    client.force_login(centre_user)
    assert f'href="{url}"' not in client.get(reverse("site:dashboard")).content.decode()


def test_a_weak_password_is_reported_together_with_the_other_errors(admin_client, department):
    response = admin_client.post(
        reverse("accounts:user_create"),
        create_form(department, username="", password1="123", password2="123"),
    )
    errors = response.context["form"].errors
    assert "username" in errors and "password1" in errors
