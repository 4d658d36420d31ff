from django.urls import path, re_path

from gradtrack.surveys import views

app_name = "surveys"

urlpatterns = [
    path("", views.CampaignListView.as_view(), name="campaign_list"),
    path("new/", views.CampaignCreateView.as_view(), name="campaign_create"),
    path("<int:pk>/", views.CampaignDetailView.as_view(), name="campaign_detail"),
    path("<int:pk>/plan/redraw/", views.PlanRedrawView.as_view(), name="plan_redraw"),
    path("<int:pk>/plan/add/", views.PlanAddView.as_view(), name="plan_add"),
    path("<int:pk>/plan/remove/", views.PlanRemoveView.as_view(), name="plan_remove"),
    path("<int:pk>/send/", views.InvitationsSendView.as_view(), name="invitations_send"),
    path("<int:pk>/remind/", views.InvitationsRemindView.as_view(), name="invitations_remind"),
    path("<int:pk>/forums/new/", views.ForumCreateView.as_view(), name="forum_create"),
    path("forums/<int:pk>/", views.ForumDetailView.as_view(), name="forum_detail"),
    path("forums/<int:pk>/opinions/new/", views.ForumOpinionAddView.as_view(), name="forum_opinion_add"),
    path("opinions/<int:pk>/themes/", views.ForumOpinionThemesView.as_view(), name="forum_opinion_themes"),
    path("themes/", views.SuggestionThemeListView.as_view(), name="theme_list"),
    path("themes/new/", views.SuggestionThemeSaveView.as_view(), name="theme_create"),
    path("themes/<int:pk>/", views.SuggestionThemeSaveView.as_view(), name="theme_update"),
    path("themes/<int:pk>/delete/", views.SuggestionThemeDeleteView.as_view(), name="theme_delete"),
    path("invitations/<int:pk>/", views.InvitationDetailView.as_view(), name="invitation_detail"),
    path("invitations/<int:pk>/qr.png", views.InvitationQrView.as_view(), name="invitation_qr"),
    path("invitations/<int:pk>/qr-sheet/", views.InvitationQrSheetView.as_view(), name="invitation_qr_sheet"),
    re_path(
        r"^invitations/(?P<pk>[0-9]+)/letter\.(?P<fmt>docx|pdf)$",
        views.InvitationDocumentView.as_view(),
        name="invitation_document",
    ),
    path("invitations/<int:pk>/entry/", views.PaperEntryView.as_view(), name="paper_entry"),
    path("invitations/<int:pk>/stamp/", views.StampScanView.as_view(), name="stamp_scan"),
    path("trips/", views.TripListView.as_view(), name="trip_list"),
    path("<int:campaign_pk>/trips/new/", views.TripCreateView.as_view(), name="trip_create"),
    path("trips/<int:pk>/", views.TripDetailView.as_view(), name="trip_detail"),
    path("trips/<int:pk>/decide/", views.TripDecideView.as_view(), name="trip_decide"),
    path("trips/<int:pk>/visits/new/", views.VisitCreateView.as_view(), name="visit_create"),
    path("visits/<int:pk>/response/", views.VisitResponseView.as_view(), name="visit_response"),
]
