"""Writes to users, graduates' portal accounts and API tokens. Changes to staff users keep their history
(core.history) in the same transaction."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gradtrack.accounts.models import ApiToken, User
from gradtrack.core import history
from gradtrack.core.models import HistoryEntry

# What a user's history shows; the password hash, last login and the like stay out of it.
USER_HISTORY_FIELDS = ("username", "last_name", "first_name", "email", "phone", "role", "is_active")
USER_EDITABLE_FIELDS = ("username", "last_name", "first_name", "email", "phone", "role", "is_active")
SCHOOL_WIDE_ROLES = {User.Role.ADMIN, User.Role.CENTRE, User.Role.LEADER}
TOKENS_HISTORY_LABEL = "API 令牌"


def _user_snapshot(user: User, departments: Iterable | None = None) -> dict[str, str]:
    values = {name: value for name, value in history.snapshot(user).items() if name in USER_HISTORY_FIELDS}
    if departments is None:
        departments = user.departments.all() if user.pk else []
    values["departments"] = "、".join(sorted(str(d) for d in departments))
    return values


def _check_user(user: User, departments: list) -> None:
    # Field checks name their field; the uniqueness of the username is one of them.
    user.full_clean(exclude=["password"], validate_constraints=False)
    if user.role == User.Role.DEPARTMENT and not departments:
        raise ValidationError({"departments": _("系部用户至少需要选择一个所属系部")})


def _check_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.error_list}) from exc


def _departments_for(role: str, departments: Iterable | None) -> list:
    # A school-wide role sees every department; keeping a list would only mislead whoever reads it later.
    if role in SCHOOL_WIDE_ROLES:
        return []
    return list(departments or [])


@transaction.atomic
def user_create(*, data: dict[str, Any], password: str, acting_user) -> User:
    """A staff account; `data` holds USER_EDITABLE_FIELDS and `departments`."""
    data = dict(data)
    role = data.get("role", User.Role.DEPARTMENT)
    departments = _departments_for(role, data.pop("departments", None))
    user = User(**{key: value.strip() if isinstance(value, str) else value for key, value in data.items()})
    _check_user(user, departments)
    _check_password(password, user)
    user.set_password(password)
    user.must_change_password = True  # the administrator chose it: the user replaces it at first sign-in
    user.save()
    user.departments.set(departments)
    changes = {name: ["", value] for name, value in _user_snapshot(user, departments).items() if value}
    history.entry_for(user, HistoryEntry.Action.CREATE, changes, acting_user).save()
    return user


@transaction.atomic
def user_update(*, user: User, data: dict[str, Any], acting_user) -> User:
    """Role, departments, name, contact and whether the account is active. Nobody demotes or disables themself."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    before = _user_snapshot(locked)
    was_admin = locked.role == User.Role.ADMIN
    data = dict(data)
    new_departments = data.pop("departments", None)
    for key, value in data.items():
        if key not in USER_EDITABLE_FIELDS:
            raise ValueError(f"user_update cannot change {key}")
        setattr(locked, key, value.strip() if isinstance(value, str) else value)
    if acting_user is not None and locked.pk == acting_user.pk:
        if was_admin and locked.role != User.Role.ADMIN:
            raise ValidationError({"role": _("不能取消自己的系统管理员角色；请由另一位管理员操作")})
        if not locked.is_active:
            raise ValidationError({"is_active": _("不能停用自己的账号")})
    departments = _departments_for(
        locked.role, locked.departments.all() if new_departments is None else new_departments
    )
    _check_user(locked, departments)
    locked.save()
    locked.departments.set(departments)
    changes = history.diff(before, _user_snapshot(locked, departments))
    if changes:
        history.entry_for(locked, HistoryEntry.Action.UPDATE, changes, acting_user).save()
    return locked


def user_deactivate(*, user: User, acting_user) -> User:
    return user_update(user=user, data={"is_active": False}, acting_user=acting_user)


def user_set_password(*, user: User, password: str, acting_user) -> User:
    """An administrator's password reset; the history says that it happened, never what the password is.

    The user must change it at the next sign-in (the administrator knows it), and every API token of theirs
    stops working: whoever had the account's old password may have made one."""
    forced = acting_user is None or acting_user.pk != user.pk
    return _password_set(user, password, must_change=forced, note=_("（已重置）"), acting_user=acting_user)


def user_change_own_password(*, user: User, password: str) -> User:
    """A user's own new password (the form has checked the old one): it ends a forced change, and revokes the
    user's API tokens, as a reset does."""
    locked = _password_set(user, password, must_change=False, note=_("（本人已修改）"), acting_user=user)
    user.password, user.must_change_password = locked.password, False
    return locked


@transaction.atomic
def _password_set(user: User, password: str, *, must_change: bool, note: str, acting_user) -> User:
    locked = User.objects.select_for_update().get(pk=user.pk)
    _check_password(password, locked)
    locked.set_password(password)
    locked.must_change_password = must_change
    locked.save(update_fields=["password", "must_change_password"])
    changes = {"password": ["", note], **_revoked_change(_revoke_tokens_of(locked))}
    history.entry_for(locked, HistoryEntry.Action.UPDATE, changes, acting_user).save()
    return locked


@transaction.atomic
def user_api_tokens_revoke(*, user: User, acting_user) -> int:
    """An administrator revokes every active API token of another user (a lost laptop, a leaver)."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    revoked = _revoke_tokens_of(locked)
    if revoked:
        history.entry_for(locked, HistoryEntry.Action.UPDATE, _revoked_change(revoked), acting_user).save()
    return revoked


def _revoke_tokens_of(user: User) -> int:
    """Revokes the user's tokens still in force; how many."""
    now = timezone.now()
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now).update(
        revoked_at=now
    )


def _revoked_change(count: int) -> dict[str, list[str]]:
    """The history change that says how many tokens were revoked (none: no change). Tokens are no field of the
    user, so the history shows the key itself as the label: it is the Chinese label."""
    return {TOKENS_HISTORY_LABEL: ["", _("已撤销 %(count)s 个") % {"count": count}]} if count else {}


@transaction.atomic
def api_token_create(*, user: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """Returns the token and its secret; the secret is shown once and only its hash is kept."""
    key = ApiToken.generate_key()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip() or "API",
        prefix=key[: ApiToken.PREFIX_LENGTH],
        key_hash=ApiToken.hash_key(key),
        expires_at=timezone.now() + datetime.timedelta(days=days or settings.API_TOKEN_DAYS),
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


# --- A graduate's portal account (role 毕业生) -------------------------------------------------------------
# The graduate (records.Graduate) is passed in: accounts sits below records and never imports it. The
# invitation that leads here is the tracking service's (tracking.services.portal_invitation_*).


def portal_username(graduate) -> str:
    return f"graduate-{graduate.pk}"


@transaction.atomic
def portal_account_set_password(*, graduate, password: str) -> User:
    """Create (or reuse) the graduate's portal account and set its password."""
    user = User.objects.filter(graduate=graduate).first()
    if user is None:
        user = User(
            username=portal_username(graduate),
            role=User.Role.GRADUATE,
            graduate=graduate,
            last_name=graduate.name,
            email=graduate.email,
        )
    password_validation.validate_password(password, user)
    user.role = User.Role.GRADUATE
    user.is_active = True
    user.set_password(password)
    user.save()
    return user


def portal_user_for_student_no(student_no: str) -> User | None:
    """The active portal account of the graduate with this 学号, for the portal's sign-in."""
    return (
        User.objects.filter(
            role=User.Role.GRADUATE, graduate__student_no=(student_no or "").strip(), is_active=True
        )
        .select_related("graduate")
        .first()
    )
