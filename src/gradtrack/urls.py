from django.urls import include, path

urlpatterns = [
    path("", include("gradtrack.core.urls")),
    path("accounts/", include("gradtrack.accounts.urls")),
    path("records/", include("gradtrack.records.urls")),
    path("imports/", include("gradtrack.imports.urls")),
    path("tracking/", include("gradtrack.tracking.urls")),
    path("surveys/", include("gradtrack.surveys.urls")),
    path("stats/", include("gradtrack.stats.urls")),
    path("security/", include("gradtrack.security.urls")),
    path("replacement/", include("gradtrack.replacement.urls")),
    path("portal/replacement/", include("gradtrack.replacement.portal_urls")),
    path("portal/", include("gradtrack.tracking.portal_urls")),
    path("f/", include("gradtrack.surveys.public_urls")),
    path("api/v1/", include("gradtrack.api.urls")),
]
