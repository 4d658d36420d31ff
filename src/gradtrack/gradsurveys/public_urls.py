from django.urls import path

from gradtrack.gradsurveys import public_views

app_name = "graduate_survey"
urlpatterns = [
    path("<str:token>/", public_views.survey_form, name="form"),
    path("<str:token>/thanks/", public_views.survey_thanks, name="thanks"),
]
