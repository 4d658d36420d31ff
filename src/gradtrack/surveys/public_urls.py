"""The employer form behind its unguessable link: no login."""

from django.urls import path

from gradtrack.surveys import public_views

app_name = "employer_form"
TOKEN = "<str:token>"

urlpatterns = [
    path(f"{TOKEN}/", public_views.employer_form, name="form"),
    path(f"{TOKEN}/2/", public_views.employer_form_answers, name="answers"),
    path(f"{TOKEN}/thanks/", public_views.employer_form_thanks, name="thanks"),
    path(f"{TOKEN}/draft/", public_views.employer_form_draft, name="draft"),
]
