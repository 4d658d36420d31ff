"""The app's URLs plus /bench/ping/: the cheapest Django view, served the same way, as the yardstick."""

from django.http import HttpResponse
from django.urls import include, path


def ping(request):
    return HttpResponse("pong", content_type="text/plain")


urlpatterns = [
    path("bench/ping/", ping, name="bench_ping"),
    path("", include("gradtrack.urls")),
]
