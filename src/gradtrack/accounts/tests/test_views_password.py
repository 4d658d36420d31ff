"""Every staff member changes their own password; after an administrator set or reset one the user must change
it first; a new password revokes the user's API tokens, and an administrator revokes another user's tokens."""

import pytest
from django.test import Client
from django.urls import reverse

from gradtrack.accounts import services
from gradtrack.accounts.models import ApiToken, User
from gradtrack.core.models import HistoryEntry
from gradtrack.testing.factories import PASSWORD

NEW_PASSWORD = "Qz7!tracking-2026"
CHANGE_URL = reverse("accounts:password_change")
EVERY_STAFF_USER = ["admin_user", "centre_user", "dept_user", "leader_user"]


def change(client, old=PASSWORD, new=NEW_PASSWORD, again=None, **extra):
    data = {"old_password": old, "new_password1": new, "new_password2": again or new, **extra}
    return client.post(CHANGE_URL, data)


def api_status(key: str) -> int:
    return Client().get("/api/v1/graduates/", headers={"Authorization": f"Bearer {key}"}).status_code


@pytest.mark.parametrize("user_fixture", EVERY_STAFF_USER)
def test_every_staff_member_finds_the_change_page_in_the_user_menu(login, user_fixture):
    client = login(user_fixture)
    dashboard = client.get(reverse("site:dashboard")).content.decode()
    assert f'href="{CHANGE_URL}"' in dashboard
    page = client.get(CHANGE_URL)
    assert page.status_code == 200
    assert "修改密码" in page.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(CHANGE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_wrong_old_password_or_a_weak_new_one_changes_nothing(centre_client, centre_user):
    wrong_old = change(centre_client, old="not-my-password")
    weak = change(centre_client, new="12345678")
    mismatch = change(centre_client, again="something-else-2026")

    assert "old_password" in wrong_old.context["form"].errors
    assert "new_password1" in weak.context["form"].errors or "new_password2" in weak.context["form"].errors
    assert "new_password2" in mismatch.context["form"].errors
    centre_user.refresh_from_db()
    assert centre_user.check_password(PASSWORD)


def test_a_changed_password_keeps_this_session_ends_the_others_and_revokes_the_api_tokens(
    centre_client, centre_user
):
    other_session = Client()
    other_session.force_login(centre_user)
    _token, key = services.api_token_create(user=centre_user, name="统计脚本")
    assert api_status(key) == 200

    response = change(centre_client)

    assert response.status_code == 302
    assert response["Location"] == reverse("site:dashboard")
    centre_user.refresh_from_db()
    assert centre_user.check_password(NEW_PASSWORD)
    assert centre_client.get(reverse("site:dashboard")).status_code == 200
    assert other_session.get(reverse("site:dashboard")).status_code == 302
    assert api_status(key) == 401
    entry = HistoryEntry.objects.get(model="accounts.user", object_id=str(centre_user.pk))
    assert entry.changes == {"password": ["", "（本人已修改）"], "API 令牌": ["", "已撤销 1 个"]}
    assert entry.actor == centre_user


def test_a_password_set_by_an_administrator_must_be_changed_before_anything_else(admin_client, department):
    response = admin_client.post(
        reverse("accounts:user_create"),
        {
            "username": "liu",
            "last_name": "刘",
            "first_name": "洋",
            "role": "department",
            "departments": [department.pk],
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    new_user = User.objects.get(username="liu")
    assert new_user.must_change_password

    client = Client()
    assert client.login(username="liu", password=NEW_PASSWORD)
    graduates = reverse("records:graduate_list")
    for url in [reverse("site:dashboard"), graduates, reverse("accounts:token_list")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(CHANGE_URL)
    page = client.get(CHANGE_URL + f"?next={graduates}").content.decode()
    assert "请先设置只有您自己知道的新密码" in page

    response = change(client, old=NEW_PASSWORD, new="Mine-only-2026!", next=graduates)

    assert response["Location"] == graduates
    assert client.get(graduates).status_code == 200
    new_user.refresh_from_db()
    assert not new_user.must_change_password


def test_a_user_who_must_change_may_still_sign_out(client, staff_member):
    User.objects.filter(pk=staff_member.pk).update(must_change_password=True)
    client.force_login(staff_member)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert not response["Location"].startswith(CHANGE_URL)


def test_a_reset_by_an_administrator_forces_a_change_and_revokes_the_users_tokens(admin_client, staff_member):
    _token, key = services.api_token_create(user=staff_member, name="脚本")
    assert api_status(key) == 200

    url = reverse("accounts:user_password", args=[staff_member.pk])
    admin_client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    staff_member.refresh_from_db()
    assert staff_member.must_change_password
    assert api_status(key) == 401
    entry = HistoryEntry.objects.get(model="accounts.user", object_id=str(staff_member.pk))
    assert entry.changes["API 令牌"] == ["", "已撤销 1 个"]
    history = admin_client.get(reverse("accounts:user_update", args=[staff_member.pk])).content.decode()
    assert "API 令牌：" in history and "已撤销 1 个" in history


def test_an_administrator_resetting_their_own_password_is_not_forced_to_change_it(admin_user):
    services.user_set_password(user=admin_user, password=NEW_PASSWORD, acting_user=admin_user)
    admin_user.refresh_from_db()
    assert not admin_user.must_change_password


def test_an_administrator_revokes_another_users_tokens_after_confirming(admin_client, staff_member):
    _token, key = services.api_token_create(user=staff_member, name="教务同步")
    _expired, _old_key = services.api_token_create(user=staff_member, name="旧脚本", days=1)
    ApiToken.objects.filter(name="旧脚本").update(expires_at="2020-01-01T00:00:00Z")
    edit_page = admin_client.get(reverse("accounts:user_update", args=[staff_member.pk])).content.decode()
    url = reverse("accounts:user_tokens_revoke", args=[staff_member.pk])
    assert url in edit_page and "撤销 API 令牌（1 个）" in edit_page

    confirmation = admin_client.get(url).content.decode()
    assert "教务同步" in confirmation and "旧脚本" not in confirmation
    assert api_status(key) == 200

    response = admin_client.post(url, follow=True)

    assert "已撤销“王老师”的 1 个 API 令牌" in response.content.decode()
    assert api_status(key) == 401
    assert (
        url not in admin_client.get(reverse("accounts:user_update", args=[staff_member.pk])).content.decode()
    )


@pytest.mark.parametrize("user_fixture", ["centre_user", "dept_user", "leader_user"])
def test_only_an_administrator_revokes_another_users_tokens(login, staff_member, user_fixture):
    _token, key = services.api_token_create(user=staff_member, name="教务同步")
    client = login(user_fixture)
    assert client.post(reverse("accounts:user_tokens_revoke", args=[staff_member.pk])).status_code == 403
    assert api_status(key) == 200
