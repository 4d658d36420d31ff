"""Errors as JSON that name the field: {"detail": "...", "errors": {"field": ["message", ...]}}.

A concurrent edit (core.concurrency.ConcurrentEditError, raised by the services) is a 409 Conflict, not a 400:
the request was valid, but someone else saved the record after the client read it. An update of a versioned
record without its `version` is a 428 (api/concurrency.py)."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from gradtrack.api.concurrency import VersionRequired
from gradtrack.core.concurrency import ConcurrentEditError


def django_errors_as_dict(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): [str(m) for e in errs for m in e.messages]
            for field, errs in error.error_dict.items()
        }
    return {"non_field_errors": [str(m) for m in error.messages]}


def _messages(detail, prefix: str = "") -> list[str]:
    if isinstance(detail, dict):
        return [m for key, value in detail.items() for m in _messages(value, f"{prefix}{key}: ")]
    if isinstance(detail, list | tuple):
        return [m for item in detail for m in _messages(item, prefix)]
    return [f"{prefix}{detail}"]


def _flatten(errors) -> dict[str, list[str]]:
    """DRF's error detail as {field: [message, …]}, whatever its nesting."""
    if not isinstance(errors, dict):
        errors = {"non_field_errors": errors}
    return {str(field): _messages(detail) for field, detail in errors.items()}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError | IntegrityError):
        set_rollback()  # as DRF does for the errors it handles, should requests ever be atomic
    if isinstance(exc, ConcurrentEditError):
        return Response(
            {"detail": str(exc.messages[0]), "errors": {"version": [str(m) for m in exc.messages]}},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, VersionRequired):
        return Response(
            {"detail": str(exc.detail), "errors": {"version": [str(exc.detail)]}}, status=exc.status_code
        )
    if isinstance(exc, DjangoValidationError):
        errors = django_errors_as_dict(exc)
        return Response({"detail": _("提交的数据有误"), "errors": errors}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, IntegrityError):
        # The services check every constraint first; this is a race with another write that just committed.
        return Response(
            {"detail": _("与刚刚保存的其他记录冲突，未保存；请刷新后重试。")}, status=status.HTTP_409_CONFLICT
        )
    if isinstance(exc, RequestDataTooBig):
        limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return Response(
            {"detail": _("请求数据过大，上限为 %(limit)s。") % {"limit": limit}},
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("记录不存在或无权查看"))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": _("提交的数据有误"), "errors": _flatten(response.data)}
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data = {"detail": str(response.data["detail"])}
    return response


def not_found(request, *args, **kwargs):
    """Any other address under /api/v1/ answers in JSON too, never with the site's HTML error page."""
    return JsonResponse({"detail": str(_("接口或记录不存在"))}, status=404)
