from rest_framework.permissions import SAFE_METHODS, BasePermission

from gradtrack.accounts import roles


class StaffScopePermission(BasePermission):
    """Staff read; staff with write rights write. Which rows they see is decided by records.selectors."""

    message = "没有权限执行此操作"

    def has_permission(self, request, view):
        if not roles.is_staff_user(request.user):
            return False
        if request.method in SAFE_METHODS:
            return True
        return roles.can_write(request.user)


class ReferenceDataPermission(StaffScopePermission):
    """Departments and majors: every staff member reads, the centre and administrators write."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        return request.method in SAFE_METHODS or roles.can_manage_reference_data(request.user)


class MasterDataPermission(StaffScopePermission):
    """Employers: every staff member reads, every writer adds one (a 系部 entering a graduate's new job), but only
    the centre and administrators change an existing employer's master data (roles.can_manage_reference_data):
    its name, address and the e-mail that survey invitations go to are shared by every department."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if request.method in SAFE_METHODS or request.method == "POST":
            return True
        return roles.can_manage_reference_data(request.user)
