"""The same form in the graduate portal (/portal/surveys/<wave>/), for a signed-in graduate."""

from django.http import Http404
from django.urls import reverse
from django.views import View

from gradtrack.gradsurveys import form_flow
from gradtrack.gradsurveys.models import GraduateResponse, WaveInvitation
from gradtrack.tracking.portal_views import GraduateRequiredMixin

BASE = "gradsurveys/portal_base.html"


class PortalInvitationMixin(GraduateRequiredMixin):
    def invitation(self) -> WaveInvitation:
        invitation = (
            WaveInvitation.objects.select_related("wave", "graduate")
            .filter(graduate=self.graduate, wave_id=self.kwargs["wave"])
            .first()
        )
        if invitation is None:
            raise Http404
        return invitation

    def urls(self):
        wave = self.kwargs["wave"]
        return reverse("portal_survey:form", args=[wave]), reverse("portal_survey:thanks", args=[wave])


class PortalSurveyView(PortalInvitationMixin, View):
    def get(self, request, wave):
        return form_flow.show(request, self.invitation(), base=BASE)

    def post(self, request, wave):
        _form_url, thanks_url = self.urls()
        return form_flow.submit(
            request,
            self.invitation(),
            source=GraduateResponse.Source.PORTAL,
            acting_user=request.user,
            thanks_url=thanks_url,
        )


class PortalThanksView(PortalInvitationMixin, View):
    def get(self, request, wave):
        form_url, _thanks_url = self.urls()
        return form_flow.thanks(request, self.invitation(), base=BASE, form_url=form_url)
