from django.urls import include, path

urlpatterns = [
    path("", include("gradtrack.core.urls")),
    path("accounts/", include("gradtrack.accounts.urls")),
    path("records/", include("gradtrack.records.urls")),
    path("imports/", include("gradtrack.imports.urls")),
    path("api/v1/", include("gradtrack.api.urls")),
]
