"""The site's URLs: each app's pages under its own prefix."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from gradtrack import health
from gradtrack.accounts import urls as accounts_urls
from gradtrack.security.forms import ThrottledAuthenticationForm

# The accounts' namespace holds sign-in (with security's throttled form), sign-out and the accounts' own pages.
accounts_patterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", authentication_form=ThrottledAuthenticationForm
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    *accounts_urls.urlpatterns,
]

urlpatterns = [
    path("", include("gradtrack.site.urls")),
    path("accounts/", include((accounts_patterns, "accounts"))),
    path("records/", include("gradtrack.records.urls")),
    path("imports/", include("gradtrack.imports.urls")),
    path("tracking/", include("gradtrack.tracking.urls")),
    path("surveys/", include("gradtrack.surveys.urls")),
    path("stats/", include("gradtrack.stats.urls")),
    path("security/", include("gradtrack.security.urls")),
    path("replacement/", include("gradtrack.replacement.urls")),
    path("portal/replacement/", include("gradtrack.replacement.portal_urls")),
    path("portal/surveys/", include("gradtrack.gradsurveys.portal_urls")),
    path("portal/", include("gradtrack.tracking.portal_urls")),
    path("f/", include("gradtrack.surveys.public_urls")),
    path("g/", include("gradtrack.gradsurveys.public_urls")),
    path("graduate-surveys/", include("gradtrack.gradsurveys.urls")),
    path("api/v1/", include("gradtrack.site.api_urls")),
]

# Django's own 400, 403 and 404 views render the templates 400.html, 403.html and 404.html (in Chinese); the
# 500 handler also tells a database outage (503) apart, and answers the API in JSON. /healthz is answered by
# gradtrack.health's middleware, before the HTTPS redirect and the host check.
handler500 = health.server_error
