"""Re-placement requests in the graduate portal."""

from django.urls import path

from gradtrack.replacement import portal_views

app_name = "portal_replacement"
urlpatterns = [
    path("", portal_views.PortalRequestListView.as_view(), name="request_list"),
    path("new/", portal_views.PortalRequestCreateView.as_view(), name="request_create"),
    path("<int:pk>/", portal_views.PortalRequestDetailView.as_view(), name="request_detail"),
]
