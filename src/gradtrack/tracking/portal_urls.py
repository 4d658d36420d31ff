"""The graduate portal (phone first): graduates sign in with 学号 + password and see only their own file."""

from django.urls import path

from gradtrack.tracking import portal_views

app_name = "portal"
urlpatterns = [
    path("", portal_views.PortalHomeView.as_view(), name="home"),
    path("login/", portal_views.PortalLoginView.as_view(), name="login"),
    path("logout/", portal_views.PortalLogoutView.as_view(), name="logout"),
    path("confirm/", portal_views.PortalConfirmView.as_view(), name="confirm"),
    path("changes/new/", portal_views.PortalChangeCreateView.as_view(), name="change_create"),
    path("changes/<int:pk>/", portal_views.PortalChangeDetailView.as_view(), name="change_detail"),
    path("invitation/<str:token>/", portal_views.PortalAcceptView.as_view(), name="accept"),
]
