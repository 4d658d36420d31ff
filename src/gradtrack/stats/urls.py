from django.urls import path

from gradtrack.stats import views

app_name = "stats"
urlpatterns = [
    path("", views.StatisticsView.as_view(), name="overview"),
    path("export/<slug:key>/", views.ChartExportView.as_view(), name="chart_export"),
    path("provincial/", views.ProvincialExportView.as_view(), name="provincial_export"),
    path("report/", views.ReportView.as_view(), name="report"),
    path("submissions/", views.RoundListView.as_view(), name="round_list"),
    path("submissions/new/", views.RoundCreateView.as_view(), name="round_create"),
    path("submissions/<int:pk>/", views.RoundDetailView.as_view(), name="round_detail"),
    path("submissions/<int:pk>/submit/<str:code>/", views.SubmitView.as_view(), name="submit"),
    path("submissions/file/<int:pk>/", views.SubmissionDownloadView.as_view(), name="submission_download"),
]
