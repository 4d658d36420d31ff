"""Staff pages of re-placement (再次就业安置)."""

from django.urls import path

from gradtrack.replacement import views

app_name = "replacement"
urlpatterns = [
    path("", views.RequestListView.as_view(), name="request_list"),
    path("graduates/<int:graduate_pk>/new/", views.RequestCreateView.as_view(), name="request_create"),
    path("<int:pk>/", views.RequestDetailView.as_view(), name="request_detail"),
    path("<int:pk>/register/", views.RegisterView.as_view(), name="request_register"),
    path("<int:pk>/tests/new/", views.TestView.as_view(), name="request_test"),
    path("<int:pk>/outcome/", views.OutcomeView.as_view(), name="request_outcome"),
    path("<int:pk>/classify/", views.ClassifyView.as_view(), name="request_classify"),
    path("<int:pk>/place/", views.PlaceView.as_view(), name="request_place"),
    path("<int:pk>/close/", views.CloseView.as_view(), name="request_close"),
    path("<int:pk>/redecide/", views.RedecideView.as_view(), name="request_redecide"),
]
