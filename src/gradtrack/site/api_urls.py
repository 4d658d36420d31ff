"""The REST API's router: the shared endpoints and every app's own (``<app>/api.py``), under /api/v1/."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.permissions import AllowAny
from rest_framework.routers import SimpleRouter

from gradtrack.api import errors
from gradtrack.api.schema import API_TAGS, SCHEMA_DESCRIPTION
from gradtrack.gradsurveys import api as gradsurveys_api
from gradtrack.records import api as records_api
from gradtrack.replacement import api as replacement_api
from gradtrack.stats import api as stats_api
from gradtrack.surveys import api as surveys_api
from gradtrack.tracking import api as tracking_api

app_name = "api"

router = SimpleRouter()

# Each app adds its endpoints from its own ``<app>/api.py`` (``register(router)``); records first, so that the
# schema's tags start with the employment files.
for app_api in (records_api, tracking_api, replacement_api, surveys_api, gradsurveys_api, stats_api):
    app_api.register(router)

schema_view = SpectacularJSONAPIView.as_view(
    # The schema itself is public; every operation in it requires a token.
    authentication_classes=[],
    permission_classes=[AllowAny],
    custom_settings={"TAGS": API_TAGS, "DESCRIPTION": SCHEMA_DESCRIPTION},
)

urlpatterns = [
    path("openapi.json", schema_view, name="schema"),
    path("", include(router.urls)),
    re_path(r"", errors.not_found, name="not-found"),
]
