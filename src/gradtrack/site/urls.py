from django.urls import path

from gradtrack.site import views

app_name = "site"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("settings/", views.SettingsView.as_view(), name="settings"),
]
