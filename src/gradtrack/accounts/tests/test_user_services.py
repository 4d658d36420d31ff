import pytest
from django.core.exceptions import ValidationError

from gradtrack.accounts import services
from gradtrack.accounts.models import User
from gradtrack.core.models import HistoryEntry

PASSWORD = "Qz7!tracking-2026"


def new_user(**overrides):
    data = {"username": "liu", "last_name": "刘", "first_name": "洋", "role": "department"}
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "role, departments_given, error_field",
    [
        ("department", False, "departments"),
        ("department", True, None),
        ("centre", False, None),
        ("leader", False, None),
        ("admin", False, None),
    ],
)
def test_only_a_department_user_needs_a_department(
    admin_user, department, role, departments_given, error_field
):
    data = new_user(role=role, departments=[department] if departments_given else [])
    if error_field:
        with pytest.raises(ValidationError) as caught:
            services.user_create(data=data, password=PASSWORD, acting_user=admin_user)
        assert error_field in caught.value.message_dict
        assert not User.objects.filter(username="liu").exists()
    else:
        assert services.user_create(data=data, password=PASSWORD, acting_user=admin_user).role == role


def test_a_school_wide_role_keeps_no_department_list(admin_user, staff_member):
    services.user_update(user=staff_member, data={"role": "centre"}, acting_user=admin_user)
    assert not staff_member.departments.exists()
    entry = HistoryEntry.objects.get(model="accounts.user", action="update")
    assert entry.changes == {"role": ["系部", "就业指导中心"], "departments": ["机电系", ""]}


def test_a_password_failing_djangos_validators_is_refused(admin_user):
    with pytest.raises(ValidationError) as caught:
        services.user_create(data=new_user(role="centre"), password="password", acting_user=admin_user)
    assert "password" in caught.value.message_dict


@pytest.mark.parametrize(
    "data, field",
    [({"role": "centre"}, "role"), ({"role": "leader"}, "role"), ({"is_active": False}, "is_active")],
)
def test_an_administrator_neither_demotes_nor_disables_themself(admin_user, data, field):
    with pytest.raises(ValidationError) as caught:
        services.user_update(user=admin_user, data=data, acting_user=admin_user)
    assert field in caught.value.message_dict
    admin_user.refresh_from_db()
    assert admin_user.role == "admin" and admin_user.is_active


def test_an_update_that_changes_nothing_writes_no_history(admin_user, staff_member, department):
    services.user_update(
        user=staff_member, data={"last_name": "王", "departments": [department]}, acting_user=admin_user
    )
    assert not HistoryEntry.objects.exists()


def test_a_password_cannot_be_smuggled_through_an_update(admin_user, staff_member):
    with pytest.raises(ValueError):
        services.user_update(user=staff_member, data={"password": "x"}, acting_user=admin_user)
