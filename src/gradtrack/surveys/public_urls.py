"""The employer form behind its unguessable link: no login."""

app_name = "employer_form"
urlpatterns: list = []
