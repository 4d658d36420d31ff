"""The view-side gate: every staff page uses one of these; querysets come from records.selectors."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied

from gradtrack.accounts import roles


class StaffRequiredMixin(LoginRequiredMixin):
    """Signed-in school staff of any role (reading)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not roles.is_staff_user(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class WriteRequiredMixin(StaffRequiredMixin):
    """Staff who may change records (not 校领导, who read only)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not roles.can_write(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ReferenceDataRequiredMixin(StaffRequiredMixin):
    """就业指导中心 and administrators: departments, majors, imports."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not roles.can_manage_reference_data(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AdminRequiredMixin(StaffRequiredMixin):
    """系统管理员: users, settings, school profile."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not roles.is_admin(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
