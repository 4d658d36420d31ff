"""What each role may do (POLICY §11). Which records a user sees is decided in records.selectors."""

from gradtrack.accounts.models import User

STAFF_ROLES = {User.Role.ADMIN, User.Role.CENTRE, User.Role.DEPARTMENT, User.Role.LEADER}
SCHOOL_WIDE_ROLES = {User.Role.ADMIN, User.Role.CENTRE, User.Role.LEADER}
WRITE_ROLES = {User.Role.ADMIN, User.Role.CENTRE, User.Role.DEPARTMENT}


def is_staff_user(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role in STAFF_ROLES)


def sees_whole_school(user) -> bool:
    return is_staff_user(user) and (user.role in SCHOOL_WIDE_ROLES or user.is_superuser)


def can_write(user) -> bool:
    return is_staff_user(user) and (user.role in WRITE_ROLES or user.is_superuser)


def is_admin(user) -> bool:
    return is_staff_user(user) and (user.role == User.Role.ADMIN or user.is_superuser)


def can_manage_reference_data(user) -> bool:
    """Departments, majors, employers' master data and imports: the centre and administrators."""
    return is_staff_user(user) and (user.role in {User.Role.ADMIN, User.Role.CENTRE} or user.is_superuser)


def can_manage_surveys(user) -> bool:
    """Survey campaigns, their sample plans and invitations (POLICY §7): the centre and administrators."""
    return is_staff_user(user) and (user.role in {User.Role.ADMIN, User.Role.CENTRE} or user.is_superuser)


def can_approve_trips(user) -> bool:
    """Trip requests for site visits are approved by a 校领导 (POLICY §7, §三(二)5)."""
    return is_staff_user(user) and user.role == User.Role.LEADER
