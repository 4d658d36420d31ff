"""A cap on the size of a request's body, enforced before a byte of it is read.

Django reads (and spools to disk, above FILE_UPLOAD_MAX_MEMORY_SIZE) a body as soon as anything looks at
request.POST or request.FILES — the CSRF check does so for every POST, before any view. So the cap is checked
here, from the Content-Length header alone, early in MIDDLEWARE: a 300 MB anonymous POST to the sign-in page
is answered 413 at once. Every page may receive REQUEST_MAX_BYTES; the pages that take an upload (named in
REQUEST_MAX_BYTES_BY_URL) may receive their file's limit on top. A body without a length (chunked) is refused
with 411: browsers always send one, and Django would ignore such a body anyway.

The reverse proxy applies the largest of these limits too (nginx `client_max_body_size`, see README), so the
proxy does not buffer an oversized body either.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _


def body_limit(path: str) -> int:
    """The largest body this path accepts."""
    limits = settings.REQUEST_MAX_BYTES_BY_URL
    if limits:
        try:
            view_name = resolve(path).view_name
        except Resolver404:
            view_name = None
        if view_name in limits:
            return limits[view_name]
    return settings.REQUEST_MAX_BYTES


def _refusal(request, status: int, message: str):
    if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"detail": message}, status=status)
    page = render_to_string("security/request_refused.html", {"message": message, "status": status})
    return HttpResponse(page, status=status)


def _declared_length(request) -> int | None:
    """The body's length from its header; None when the header is missing, -1 when it is not a number."""
    value = request.META.get("CONTENT_LENGTH")
    if value in (None, ""):
        return None
    try:
        length = int(value)
    except ValueError:
        return -1
    return length if length >= 0 else -1


def request_size_limit(get_response):
    def middleware(request):
        length = _declared_length(request)
        if length is None:
            encoding = request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
            if encoding and encoding != "identity":
                return _refusal(request, 411, _("请求缺少长度信息（Content-Length），无法处理。"))
            return get_response(request)
        if length < 0:
            return _refusal(request, 400, _("请求的长度信息（Content-Length）无效。"))
        limit = body_limit(request.path_info)
        if length > limit:
            return _refusal(
                request,
                413,
                _("提交的内容过大（%(size)s），本页面最多接受 %(limit)s。请缩小文件后重试。")
                % {"size": filesizeformat(length), "limit": filesizeformat(limit)},
            )
        return get_response(request)

    return middleware
