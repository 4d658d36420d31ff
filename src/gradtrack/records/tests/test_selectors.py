import pytest

from gradtrack.records import selectors


@pytest.mark.parametrize(
    "user_fixture, sees_own, sees_other",
    [
        ("centre_user", True, True),
        ("leader_user", True, True),
        ("admin_user", True, True),
        ("dept_user", True, False),
        ("other_dept_user", False, True),
    ],
)
def test_one_selector_decides_which_graduates_a_user_sees(
    request, graduate, other_graduate, user_fixture, sees_own, sees_other
):
    user = request.getfixturevalue(user_fixture)
    visible = set(selectors.graduates_visible_to(user))
    assert (graduate in visible) is sees_own
    assert (other_graduate in visible) is sees_other


def test_an_inactive_user_sees_nothing(graduate, centre_user):
    centre_user.is_active = False
    assert not selectors.graduates_visible_to(centre_user).exists()


def test_production_hashes_passwords_with_argon2():
    from django.conf import settings as django_settings

    from gradtrack import settings as project_settings

    # The test run swaps in a fast hasher; the project's own setting is what production uses.
    assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert django_settings.PASSWORD_HASHERS[0].endswith("MD5PasswordHasher")
