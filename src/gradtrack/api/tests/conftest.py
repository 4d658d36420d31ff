"""API clients that authenticate like real clients: a bearer token made by accounts.services.api_token_create."""

import pytest
from rest_framework.test import APIClient

from gradtrack.accounts.services import api_token_create
from gradtrack.testing.factories import EmployerFactory, EmploymentFactory


def bearer_client(user) -> APIClient:
    _token, key = api_token_create(user=user, name="tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


@pytest.fixture
def centre_api(centre_user):
    return bearer_client(centre_user)


@pytest.fixture
def dept_api(dept_user):
    return bearer_client(dept_user)


@pytest.fixture
def other_dept_api(other_dept_user):
    return bearer_client(other_dept_user)


@pytest.fixture
def leader_api(leader_user):
    return bearer_client(leader_user)


@pytest.fixture
def admin_api(admin_user):
    return bearer_client(admin_user)


@pytest.fixture
def anonymous_api(db):
    return APIClient()


@pytest.fixture
def api_as(request):
    """api_as("centre") → the client of that user; the access tables name users by role."""

    def client_for(who: str) -> APIClient:
        return request.getfixturevalue(f"{who}_api")

    return client_for


@pytest.fixture
def employer(db):
    return EmployerFactory(name="攀钢集团有限公司")


@pytest.fixture
def employment(graduate, employer):
    return EmploymentFactory(graduate=graduate, employer=employer)


@pytest.fixture
def other_employment(other_graduate, employer):
    return EmploymentFactory(graduate=other_graduate, employer=employer)
