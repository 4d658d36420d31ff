"""API clients that authenticate like real clients: a bearer token made by accounts.services.api_token_create."""

from rest_framework.test import APIClient

from gradtrack.accounts.services import api_token_create


def bearer_client(user) -> APIClient:
    _token, key = api_token_create(user=user, name="tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def with_version(body: dict, record) -> dict:
    """An update body with the record's current `version`, as a client that read it sends (api/concurrency.py)."""
    record.refresh_from_db()
    return {**body, "version": record.version} if hasattr(record, "version") else dict(body)
