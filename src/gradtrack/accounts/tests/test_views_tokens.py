import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gradtrack.accounts import services
from gradtrack.accounts.models import ApiToken
from gradtrack.api.authentication import HashedTokenAuthentication

EVERY_STAFF_USER = ["admin_user", "centre_user", "dept_user", "other_dept_user", "leader_user"]


@pytest.mark.parametrize("user_fixture", EVERY_STAFF_USER)
def test_every_staff_member_opens_their_token_pages(login, user_fixture):
    client = login(user_fixture)
    assert client.get(reverse("accounts:token_list")).status_code == 200
    assert client.get(reverse("accounts:token_create")).status_code == 200


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, centre_user):
    token, _secret = services.api_token_create(user=centre_user, name="脚本")
    for method, url in [
        ("get", reverse("accounts:token_list")),
        ("get", reverse("accounts:token_create")),
        ("post", reverse("accounts:token_create")),
        ("post", reverse("accounts:token_revoke", args=[token.pk])),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_secret_is_shown_once_and_only_its_hash_is_stored(centre_client, centre_user):
    response = centre_client.post(reverse("accounts:token_create"), {"name": "教务同步", "days": 30})
    assert response.status_code == 200
    secret = response.context["secret"]
    token = ApiToken.objects.get(user=centre_user)
    page = response.content.decode()
    assert secret in page
    assert "no-store" in response["Cache-Control"]
    assert token.key_hash == ApiToken.hash_key(secret)
    assert secret not in {token.key_hash, token.prefix, token.name}
    assert token.prefix == secret[: ApiToken.PREFIX_LENGTH]
    assert token.expires_at.date() == (timezone.now() + datetime.timedelta(days=30)).date()

    listing = centre_client.get(reverse("accounts:token_list")).content.decode()
    assert secret not in listing
    assert token.prefix in listing and "教务同步" in listing
    assert secret not in str(dict(centre_client.session))


def test_the_shown_secret_authenticates_as_its_owner(centre_client, centre_user, rf):
    response = centre_client.post(reverse("accounts:token_create"), {"name": "统计脚本", "days": 30})
    secret = response.context["secret"]
    request = rf.get("/api/v1/graduates/", headers={"Authorization": f"Bearer {secret}"})
    user, token = HashedTokenAuthentication().authenticate(request)
    assert user == centre_user
    assert token.key_hash == ApiToken.hash_key(secret)


@pytest.mark.parametrize(
    "data, field",
    [
        ({"name": "", "days": 30}, "name"),
        ({"name": "脚本", "days": 0}, "days"),
        ({"name": "脚本", "days": 100000}, "days"),
        ({"name": "脚本", "days": "abc"}, "days"),
    ],
)
def test_a_bad_token_request_shows_its_error_and_creates_nothing(centre_client, data, field):
    response = centre_client.post(reverse("accounts:token_create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "is-invalid" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_list_shows_only_ones_own_tokens_with_their_status(centre_client, centre_user, dept_user):
    services.api_token_create(user=centre_user, name="有效的")
    revoked, _ = services.api_token_create(user=centre_user, name="撤销的")
    services.api_token_revoke(token=revoked)
    expired, _ = services.api_token_create(user=centre_user, name="过期的")
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - datetime.timedelta(days=1))
    services.api_token_create(user=dept_user, name="别人的")

    response = centre_client.get(reverse("accounts:token_list"))
    statuses = {token.name: status for token, status, _colour in response.context["tokens"]}
    assert statuses == {"有效的": "有效", "撤销的": "已撤销", "过期的": "已过期"}
    assert "别人的" not in response.content.decode()


def test_a_user_revokes_their_own_token_after_confirming(centre_client, centre_user):
    token, _ = services.api_token_create(user=centre_user, name="脚本")
    page = centre_client.get(reverse("accounts:token_list")).content.decode()
    assert "data-confirm=" in page
    response = centre_client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and not token.is_active


@pytest.mark.parametrize("user_fixture", ["admin_user", "dept_user", "other_dept_user", "leader_user"])
def test_another_users_token_is_a_404_even_for_an_administrator(login, centre_user, user_fixture):
    token, _ = services.api_token_create(user=centre_user, name="中心的令牌")
    client = login(user_fixture)
    assert client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_is_post_only(centre_client, centre_user):
    token, _ = services.api_token_create(user=centre_user, name="脚本")
    assert centre_client.get(reverse("accounts:token_revoke", args=[token.pk])).status_code == 405
