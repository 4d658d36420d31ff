from importlib import import_module

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.permissions import AllowAny
from rest_framework.routers import SimpleRouter

from gradtrack.api import views
from gradtrack.api.schema import API_TAGS, SCHEMA_DESCRIPTION

app_name = "api"

router = SimpleRouter()
router.register("departments", views.DepartmentViewSet, basename="department")
router.register("majors", views.MajorViewSet, basename="major")
router.register("graduates", views.GraduateViewSet, basename="graduate")
router.register("employers", views.EmployerViewSet, basename="employer")
router.register("employments", views.EmploymentViewSet, basename="employment")
router.register("code-tables/employer-natures", views.EmployerNatureViewSet, basename="employer-nature")
router.register("code-tables/destinations", views.DestinationViewSet, basename="destination")
router.register("code-tables/industries", views.IndustryViewSet, basename="industry")
router.register("code-tables/major-categories", views.MajorCategoryViewSet, basename="major-category")

# Later capabilities add their endpoints from their own app (``<app>/api.py``: ``register(router)``).
API_EXTENSIONS = [
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
    re_path(r"", views.not_found, name="not-found"),
]
