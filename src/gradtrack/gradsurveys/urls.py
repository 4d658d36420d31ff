from django.urls import path

from gradtrack.gradsurveys import views

app_name = "gradsurveys"
urlpatterns = [
    path("", views.WaveListView.as_view(), name="wave_list"),
    path("new/", views.WaveCreateView.as_view(), name="wave_create"),
    path("<int:pk>/", views.WaveDetailView.as_view(), name="wave_detail"),
    path("<int:pk>/export/", views.WaveExportView.as_view(), name="wave_export"),
]
