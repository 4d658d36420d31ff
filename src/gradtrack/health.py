"""What a load balancer and a user see when things go wrong.

- ``/healthz``: answered first in the middleware chain, before the HTTPS redirect and the host check (a load
  balancer probes the app server by its address, over plain HTTP), with no session and no sign-in; one cheap
  query tells whether the database answers: 200 "ok", else 503. Its answers are never written to the log, so
  a probe every few seconds during an outage does not bury the one line that matters.
- The 500 handler: a Chinese page (JSON under /api/), and a 503 "temporarily unavailable" page instead when
  the error is the database being unreachable (a connection refused, dropped or timed out), with Retry-After.
  It renders without a request, so it reads nothing from the database.
"""

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
RETRY_AFTER_SECONDS = 30
# The errors of a database that cannot be reached (as opposed to a bad query, which is a bug: a 500).
OUTAGE_ERRORS = (OperationalError, InterfaceError)


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError as error:
        logger.warning("健康检查：数据库无响应：%r", error)
        return False


def healthz(get_response):
    def middleware(request):
        if request.path.rstrip("/") != HEALTH_PATH:
            return get_response(request)
        healthy = database_answers()
        response = HttpResponse(
            "ok" if healthy else "database unavailable",
            status=200 if healthy else 503,
            content_type="text/plain; charset=utf-8",
        )
        add_never_cache_headers(response)
        response._has_been_logged = True  # django.request would log every failed probe as an error
        return response

    return middleware


def server_error(request):
    """handler500: Django calls it inside the `except` of the failed request, so the error is at hand."""
    error = sys.exc_info()[1]
    outage = isinstance(error, OUTAGE_ERRORS)
    status = 503 if outage else 500
    if request.path.startswith("/api/"):
        detail = (
            _("系统暂时无法连接数据库，未保存，请稍后重试。")
            if outage
            else _("服务器内部错误，已记录；本次操作可能未保存，请稍后重试。")
        )
        response = JsonResponse({"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False})
    else:
        template = loader.get_template("503.html" if outage else "500.html")
        response = HttpResponse(template.render(), status=status)
    if outage:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response
