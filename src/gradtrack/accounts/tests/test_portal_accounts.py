"""A graduate's portal account (accounts.services.portal_*): one account per graduate, found by 学号 at sign-in."""

import pytest
from django.core.exceptions import ValidationError

from gradtrack.accounts import services
from gradtrack.accounts.models import User


def test_setting_a_password_creates_the_graduates_account(graduate, password):
    user = services.portal_account_set_password(graduate=graduate, password=password)
    assert (user.username, user.role, user.graduate, user.last_name) == (
        f"graduate-{graduate.pk}",
        User.Role.GRADUATE,
        graduate,
        "李明",
    )
    assert user.check_password(password) and user.is_active


def test_setting_a_password_again_reuses_and_reactivates_the_account(graduate, password):
    first = services.portal_account_set_password(graduate=graduate, password=password)
    User.objects.filter(pk=first.pk).update(is_active=False)
    again = services.portal_account_set_password(graduate=graduate, password="Another!pass-2027")
    assert again.pk == first.pk and again.is_active and again.check_password("Another!pass-2027")
    assert User.objects.filter(graduate=graduate).count() == 1


def test_a_weak_password_is_refused_and_no_account_is_made(graduate):
    with pytest.raises(ValidationError):
        services.portal_account_set_password(graduate=graduate, password="123")
    assert not User.objects.filter(graduate=graduate).exists()


def test_the_sign_in_finds_only_an_active_account_by_student_number(graduate, other_graduate, password):
    account = services.portal_account_set_password(graduate=graduate, password=password)
    assert services.portal_user_for_student_no(" 2024000001 ") == account
    assert services.portal_user_for_student_no("2024000002") is None  # other_graduate has no account
    User.objects.filter(pk=account.pk).update(is_active=False)
    assert services.portal_user_for_student_no("2024000001") is None
