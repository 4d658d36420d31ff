from importlib import import_module

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.permissions import AllowAny
from rest_framework.routers import SimpleRouter

from gradtrack.api import errors
from gradtrack.api.schema import API_TAGS, SCHEMA_DESCRIPTION

app_name = "api"

router = SimpleRouter()

# Each app adds its endpoints from its own ``<app>/api.py``: ``register(router)``.
API_EXTENSIONS = [
    "gradtrack.records.api",
    "gradtrack.tracking.api",
    "gradtrack.replacement.api",
    "gradtrack.surveys.api",
    "gradtrack.stats.api",
]
for module in API_EXTENSIONS:
    import_module(module).register(router)

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
