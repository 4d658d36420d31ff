"""The personal link (/g/<token>/): no password, phone first. An unknown link gets a page that shows nothing of
the school's data."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from gradtrack.gradsurveys import form_flow, services
from gradtrack.gradsurveys.models import GraduateResponse

BASE = "gradsurveys/public/base.html"


def _invalid(request):
    return render(request, "gradsurveys/invalid.html", {"base": BASE}, status=404)


@never_cache
def survey_form(request, token: str):
    invitation = services.invitation_from_token(token)
    if invitation is None:
        return _invalid(request)
    thanks_url = reverse("graduate_survey:thanks", kwargs={"token": token})
    if request.method == "POST":
        return form_flow.submit(
            request, invitation, source=GraduateResponse.Source.LINK, acting_user=None, thanks_url=thanks_url
        )
    return form_flow.show(request, invitation, base=BASE)


@never_cache
def survey_thanks(request, token: str):
    invitation = services.invitation_from_token(token)
    if invitation is None:
        return _invalid(request)
    return form_flow.thanks(
        request, invitation, base=BASE, form_url=reverse("graduate_survey:form", kwargs={"token": token})
    )
