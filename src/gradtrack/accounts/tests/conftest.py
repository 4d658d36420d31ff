import pytest

from gradtrack.testing.factories import UserFactory


@pytest.fixture
def staff_member(department):
    """An account the administrator manages in these tests."""
    return UserFactory(
        username="wang", last_name="王", first_name="老师", role="department", departments=[department]
    )


@pytest.fixture
def login(client, request):
    """login("centre_user") signs the test client in as that fixture's user; login(None) stays anonymous."""

    def sign_in(user_fixture):
        if user_fixture is None:
            return client
        client.force_login(request.getfixturevalue(user_fixture))
        return client

    return sign_in
