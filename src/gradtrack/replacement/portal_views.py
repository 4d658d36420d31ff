"""Re-placement in the graduate portal (phone first): a graduate opens a request for one of their ended jobs and
sees their own requests and decisions. Another graduate's request is a 404 (replacement.selectors)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from gradtrack.replacement import forms, selectors, services
from gradtrack.replacement.models import ReplacementRequest
from gradtrack.replacement.views import decision_context
from gradtrack.tracking.portal_views import GraduateRequiredMixin


class PortalRequestListView(GraduateRequiredMixin, TemplateView):
    template_name = "replacement/portal_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(graduate=self.graduate, **kwargs)


class PortalRequestCreateView(GraduateRequiredMixin, TemplateView):
    template_name = "replacement/portal_form.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", forms.PortalRequestForm(graduate=self.graduate))
        return super().get_context_data(graduate=self.graduate, **kwargs)

    def post(self, request, *args, **kwargs):
        form = forms.PortalRequestForm(request.POST, graduate=self.graduate)
        if form.is_valid():
            try:
                opened = services.replacement_request_open(
                    graduate=self.graduate,
                    employment=form.cleaned_data["employment"],
                    opened_by=ReplacementRequest.OpenedBy.GRADUATE,
                    acting_user=request.user,
                    source=services.PORTAL_SOURCE,
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("已提交再次安置申请。请按下面的说明到学校报名登记。"))
                return redirect("portal_replacement:request_detail", pk=opened.pk)
        return self.render_to_response(self.get_context_data(form=form))


class PortalRequestDetailView(GraduateRequiredMixin, TemplateView):
    template_name = "replacement/portal_detail.html"

    def get_context_data(self, **kwargs):
        request_obj = get_object_or_404(
            selectors.requests_visible_to(self.request.user), pk=self.kwargs["pk"]
        )
        return super().get_context_data(
            **decision_context(request_obj), tests=request_obj.tests.select_related("employer"), **kwargs
        )
