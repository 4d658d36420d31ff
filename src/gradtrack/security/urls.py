from django.urls import path

from gradtrack.security import views

app_name = "security"
urlpatterns = [
    path("access-log/", views.AccessLogView.as_view(), name="access_log"),
    path("access-log/export/", views.AccessLogExportView.as_view(), name="access_log_export"),
]
