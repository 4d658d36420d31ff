"""Reference data: departments and majors."""

from django.urls import path

from gradtrack.records import views_reference as views

urlpatterns: list = [
    path("departments/", views.DepartmentListView.as_view(), name="department_list"),
    path("departments/new/", views.DepartmentCreateView.as_view(), name="department_create"),
    path("departments/<int:pk>/", views.DepartmentUpdateView.as_view(), name="department_update"),
    path(
        "departments/<int:pk>/deactivate/",
        views.DepartmentDeactivateView.as_view(),
        name="department_deactivate",
    ),
    path("departments/<int:pk>/delete/", views.DepartmentDeleteView.as_view(), name="department_delete"),
    path("majors/", views.MajorListView.as_view(), name="major_list"),
    path("majors/new/", views.MajorCreateView.as_view(), name="major_create"),
    path("majors/<int:pk>/", views.MajorUpdateView.as_view(), name="major_update"),
    path("majors/<int:pk>/deactivate/", views.MajorDeactivateView.as_view(), name="major_deactivate"),
    path("majors/<int:pk>/delete/", views.MajorDeleteView.as_view(), name="major_delete"),
]
