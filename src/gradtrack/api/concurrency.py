"""Optimistic locking on the API: an update of a record that carries a `version` must say which version it
was read at. Without it the write would silently overwrite whatever another user saved in between, so it is
refused with 428 Precondition Required; a stale version is the services' 409 (api/errors.py)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions


class VersionRequired(exceptions.APIException):
    status_code = 428
    default_detail = _("修改此记录须提交读取时得到的 version（版本号），以免覆盖他人刚保存的修改；未保存。")
    default_code = "version_required"


def is_versioned(model) -> bool:
    return any(field.name == "version" for field in model._meta.concrete_fields)


class VersionedWriteMixin:
    """For viewsets with UpdateModelMixin: PUT and PATCH of a versioned record require `version`."""

    def perform_update(self, serializer):
        if is_versioned(serializer.instance) and "version" not in serializer.validated_data:
            raise VersionRequired()
        super().perform_update(serializer)

    def writes_require_version(self) -> bool:
        """For the schema: whether this endpoint's updates answer 428 without a version."""
        serializer_class = self.get_serializer_class()
        return is_versioned(serializer_class.Meta.model)
