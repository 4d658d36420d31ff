"""The graduate's form, the same behind the personal link (/g/<token>/) and in the portal: Post/Redirect/Get
everywhere — a submission redirects to the thank-you page, a refused one stores what was typed in the session
and redirects back to the form, which shows it with the errors (so Back never asks to resubmit)."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers

from gradtrack.core.models import SchoolProfile
from gradtrack.gradsurveys import services
from gradtrack.gradsurveys.forms import GraduateSurveyForm
from gradtrack.gradsurveys.models import GraduateResponse, WaveInvitation

FORM_TEMPLATE = "gradsurveys/form.html"
REFUSED_KEY = "gradsurveys:refused:%s"


def answered(invitation: WaveInvitation) -> GraduateResponse | None:
    return GraduateResponse.objects.filter(invitation=invitation).first()


def _page(request, template: str, context: dict, status: int = 200):
    response = render(request, template, {"school": SchoolProfile.current(), **context}, status=status)
    # The site's Referrer-Policy (same-origin) keeps the link's token to this site; "no-referrer" would make the
    # browser send "Origin: null" with the form, which the CSRF check refuses.
    add_never_cache_headers(response)
    return response


def show(request, invitation: WaveInvitation, *, base: str):
    """GET: the answered page, the closed page, or the form (prefilled from the file, or what was refused)."""
    wave = invitation.wave
    context = {"base": base, "invitation": invitation, "wave": wave, "graduate": invitation.graduate}
    if answered(invitation):
        return _page(request, "gradsurveys/answered.html", context)
    if not wave.is_open():
        return _page(request, "gradsurveys/closed.html", context)
    services.invitation_opened(invitation)
    refused = request.session.pop(REFUSED_KEY % invitation.pk, None)
    if refused:
        form = GraduateSurveyForm(refused["data"])
        form.is_valid()
        for name, messages in refused["errors"].items():
            for message in messages:
                if message not in form.errors.get(name or "__all__", []):
                    form.add_error(name or None, message)
    else:
        form = GraduateSurveyForm(initial=services.prefilled_answers(invitation.graduate))
    return _page(request, FORM_TEMPLATE, {**context, "form": form})


def submit(request, invitation: WaveInvitation, *, source: str, acting_user, thanks_url: str):
    """POST: save once and go to the thank-you page, or keep what was typed and go back to the form."""
    if answered(invitation):
        return redirect(thanks_url)
    form = GraduateSurveyForm(request.POST)
    if form.is_valid():
        try:
            services.response_submit(
                invitation=invitation, data=form.cleaned_data, source=source, acting_user=acting_user
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "answered":
                return redirect(thanks_url)
            form.add_service_error(error)
        else:
            return redirect(thanks_url)
    request.session[REFUSED_KEY % invitation.pk] = {
        "data": {name: request.POST.get(name, "") for name in form.fields},
        "errors": {name if name != "__all__" else "": list(errors) for name, errors in form.errors.items()},
    }
    return redirect(request.path)


def thanks(request, invitation: WaveInvitation, *, base: str, form_url: str):
    if not answered(invitation):
        return redirect(form_url)
    context = {
        "base": base,
        "invitation": invitation,
        "wave": invitation.wave,
        "graduate": invitation.graduate,
    }
    return _page(request, "gradsurveys/thanks.html", context)
