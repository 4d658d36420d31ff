"""Bearer tokens: only an active token of an active staff user opens the API; the schema itself is public."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from gradtrack.accounts.models import ApiToken
from gradtrack.accounts.services import api_token_create, api_token_revoke

GRADUATES = "/api/v1/graduates/"


def with_header(value: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=value)
    return client


def test_an_active_token_opens_the_api_and_marks_its_last_use(centre_user, graduate):
    token, key = api_token_create(user=centre_user, name="报表脚本")
    response = with_header(f"Bearer {key}").get(GRADUATES)
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_token_keyword_is_also_accepted(centre_user, graduate):
    _token, key = api_token_create(user=centre_user, name="脚本")
    assert with_header(f"Token {key}").get(GRADUATES).status_code == 200


def test_a_revoked_token_is_refused_with_401(centre_user, graduate):
    token, key = api_token_create(user=centre_user, name="旧脚本")
    api_token_revoke(token=token)
    response = with_header(f"Bearer {key}").get(GRADUATES)
    assert response.status_code == 401
    assert response.json() == {"detail": "令牌无效、已过期或已撤销"}


def test_an_expired_token_is_refused_with_401(centre_user, graduate):
    _token, key = api_token_create(user=centre_user, name="短期", days=1)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        response = with_header(f"Bearer {key}").get(GRADUATES)
    assert response.status_code == 401


def test_the_token_of_a_deactivated_user_is_refused_with_401(centre_user, graduate):
    _token, key = api_token_create(user=centre_user, name="脚本")
    centre_user.is_active = False
    centre_user.save()
    assert with_header(f"Bearer {key}").get(GRADUATES).status_code == 401


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer gt_unknown", "Bearer two parts", "Bearer gt_\u00e9"],
    ids=["no key", "unknown key", "three words", "non-ascii key"],
)
def test_a_malformed_or_unknown_token_is_refused_with_401(header, graduate):
    response = with_header(header).get(GRADUATES)
    assert response.status_code == 401
    assert "detail" in response.json()


def test_only_the_hash_of_a_token_is_stored(centre_user):
    token, key = api_token_create(user=centre_user, name="脚本")
    stored = ApiToken.objects.get(pk=token.pk)
    assert key not in {stored.key_hash, stored.prefix, stored.name}
    assert stored.key_hash == ApiToken.hash_key(key)


def test_the_schema_is_public_and_describes_bearer_tokens(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"]["tokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schema["components"]["securitySchemes"]["tokenAuth"]["description"],
    }
    assert {"tokenAuth": []} in schema["paths"]["/api/v1/graduates/"]["get"]["security"]
    assert {tag["name"] for tag in schema["tags"]} >= {"graduates", "employers", "employments"}


def test_no_schema_exposes_passwords_or_token_hashes(client):
    text = client.get("/api/v1/openapi.json").content.decode()
    for secret in ("password", "key_hash", "api_token"):
        assert secret not in text


def test_a_session_login_also_works_for_reading(centre_client, graduate):
    assert centre_client.get(GRADUATES).status_code == 200
