"""The employment files (graduates, their jobs, employers) and the reference data (departments, majors)."""

from django.urls import path

from gradtrack.records import views

app_name = "records"
urlpatterns: list = [
    path("graduates/", views.GraduateListView.as_view(), name="graduate_list"),
    path("graduates/export/", views.GraduateExportView.as_view(), name="graduate_export"),
    path("graduates/new/", views.GraduateCreateView.as_view(), name="graduate_create"),
    path("graduates/<int:pk>/", views.GraduateDetailView.as_view(), name="graduate_detail"),
    path("graduates/<int:pk>/edit/", views.GraduateUpdateView.as_view(), name="graduate_update"),
    path("graduates/<int:pk>/delete/", views.GraduateDeleteView.as_view(), name="graduate_delete"),
    path("graduates/<int:pk>/archive/", views.GraduateArchiveView.as_view(), name="graduate_archive"),
    path("graduates/<int:pk>/restore/", views.GraduateRestoreView.as_view(), name="graduate_restore"),
    path("graduates/<int:pk>/erase/", views.GraduateEraseView.as_view(), name="graduate_erase"),
    path(
        "graduates/<int:graduate_pk>/jobs/new/",
        views.EmploymentCreateView.as_view(),
        name="employment_create",
    ),
    path("jobs/<int:pk>/edit/", views.EmploymentUpdateView.as_view(), name="employment_update"),
    path("jobs/<int:pk>/delete/", views.EmploymentDeleteView.as_view(), name="employment_delete"),
    path("employers/", views.EmployerListView.as_view(), name="employer_list"),
    path("employers/new/", views.EmployerCreateView.as_view(), name="employer_create"),
    path("employers/<int:pk>/", views.EmployerDetailView.as_view(), name="employer_detail"),
    path("employers/<int:pk>/edit/", views.EmployerUpdateView.as_view(), name="employer_update"),
    # Reference data
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
