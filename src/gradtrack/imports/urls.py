from django.urls import path

from gradtrack.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.UploadView.as_view(), name="upload"),
    path("template/", views.TemplateDownloadView.as_view(), name="template"),
    path("<str:token>/preview/", views.PreviewView.as_view(), name="preview"),
    path("<str:token>/confirm/", views.ConfirmView.as_view(), name="confirm"),
    path("<str:token>/result/", views.ResultView.as_view(), name="result"),
]
