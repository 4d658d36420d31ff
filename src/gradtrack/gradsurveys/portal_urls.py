from django.urls import path

from gradtrack.gradsurveys import portal_views

app_name = "portal_survey"
urlpatterns = [
    path("<int:wave>/", portal_views.PortalSurveyView.as_view(), name="form"),
    path("<int:wave>/thanks/", portal_views.PortalThanksView.as_view(), name="thanks"),
]
