"""Staff pages of the tracking service (POLICY §2–§5)."""

from django.urls import path

from gradtrack.tracking import views

app_name = "tracking"
urlpatterns = [
    path("services/", views.ServiceListView.as_view(), name="service_list"),
    path("services/<int:pk>/", views.ServiceDetailView.as_view(), name="service_detail"),
    path("services/<int:pk>/terminate/", views.ServiceTerminateView.as_view(), name="service_terminate"),
    path("services/<int:pk>/changes/new/", views.ChangeCreateView.as_view(), name="change_create"),
    path("services/<int:pk>/contacts/new/", views.ContactCreateView.as_view(), name="contact_create"),
    path(
        "services/<int:pk>/verifications/new/",
        views.VerificationCreateView.as_view(),
        name="verification_create",
    ),
    path("graduates/<int:graduate_pk>/start/", views.ServiceStartView.as_view(), name="service_start"),
    path("graduates/<int:graduate_pk>/invite/", views.InvitationCreateView.as_view(), name="invite"),
    path(
        "graduates/<int:graduate_pk>/accidents/new/",
        views.AccidentCreateView.as_view(),
        name="accident_create",
    ),
    path("changes/", views.ChangeListView.as_view(), name="change_list"),
    path("changes/<int:pk>/", views.ChangeDetailView.as_view(), name="change_detail"),
    path("proposals/", views.ProposalListView.as_view(), name="proposal_list"),
    path("follow-ups/", views.FollowUpListView.as_view(), name="follow_up_list"),
    path("queue/", views.QueueView.as_view(), name="queue"),
    path("queue/next/", views.QueueNextView.as_view(), name="queue_next"),
    path("queue/<int:pk>/", views.QueueContactView.as_view(), name="queue_contact"),
    path(
        "queue/<int:pk>/changes/<int:change_pk>/confirm/",
        views.QueueChangeConfirmView.as_view(),
        name="queue_change_confirm",
    ),
    path("flags/", views.FlagListView.as_view(), name="flag_list"),
    path("flags/<int:pk>/", views.FlagDetailView.as_view(), name="flag_detail"),
    path("accidents/", views.AccidentListView.as_view(), name="accident_list"),
    path("accidents/<int:pk>/", views.AccidentDetailView.as_view(), name="accident_detail"),
]
