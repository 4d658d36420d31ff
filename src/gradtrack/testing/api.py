"""API clients that authenticate like real clients: a bearer token made by accounts.services.api_token_create."""

from rest_framework.test import APIClient

from gradtrack.accounts.services import api_token_create


def bearer_client(user) -> APIClient:
    _token, key = api_token_create(user=user, name="tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client
