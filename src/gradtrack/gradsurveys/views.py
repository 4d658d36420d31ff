"""Staff pages of the 毕业生调查: the waves, a new wave (就业指导中心), the live response rate per department and
class (records' visibility: a 系部 sees its own department), its .xlsx export."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView, View

from gradtrack.accounts import roles
from gradtrack.accounts.mixins import StaffRequiredMixin
from gradtrack.core.models import PolicySettings
from gradtrack.core.xlsx import write_xlsx, xlsx_response
from gradtrack.gradsurveys import selectors, services
from gradtrack.gradsurveys.forms import WaveForm


class SurveyManagerMixin(StaffRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not roles.can_manage_surveys(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class WaveListView(StaffRequiredMixin, ListView):
    template_name = "gradsurveys/wave_list.html"
    context_object_name = "waves"
    paginate_by = 20

    def get_queryset(self):
        return selectors.waves_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["rows"] = [(wave, selectors.response_rates(wave, user).total) for wave in context["waves"]]
        context["can_manage"] = roles.can_manage_surveys(user)
        context["policy"] = PolicySettings.current()
        context["today"] = timezone.localdate()
        return context


class WaveCreateView(SurveyManagerMixin, FormView):
    template_name = "gradsurveys/wave_form.html"
    form_class = WaveForm

    def form_valid(self, form):
        try:
            wave = services.wave_create(acting_user=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("已建立%(wave)s，邀请毕业生 %(n)s 人。") % {"wave": wave, "n": wave.invitations.count()},
        )
        return redirect("gradsurveys:wave_detail", pk=wave.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(policy=PolicySettings.current(), **kwargs)


class WaveDetailView(StaffRequiredMixin, TemplateView):
    template_name = "gradsurveys/wave_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        wave = get_object_or_404(selectors.waves_visible_to(user), pk=self.kwargs["pk"])
        rates = selectors.response_rates(wave, user)
        visible = selectors.invitations_visible_to(user).filter(wave=wave)
        return super().get_context_data(
            wave=wave,
            rates=rates,
            figures=selectors.graduate_satisfaction(
                selectors.records_selectors.graduates_visible_to(user), cohorts=[wave.cohort], kind=wave.kind
            ),
            differing=selectors.responses_visible_to(user)
            .filter(invitation__wave=wave, differs_from_file=True)
            .select_related("invitation__graduate")
            .prefetch_related("change_reports")[:50],
            reminded=visible.filter(reminder_count__gt=0).count(),
            sent=visible.filter(sent_at__isnull=False).count(),
            today=timezone.localdate(),
            **kwargs,
        )


class WaveExportView(StaffRequiredMixin, View):
    """The response rate per department and class, as .xlsx."""

    def get(self, request, pk):
        wave = get_object_or_404(selectors.waves_visible_to(request.user), pk=pk)
        rates = selectors.response_rates(wave, request.user)
        headers = [_("系部"), _("班级"), _("应答人数"), _("已答人数"), _("回收率（%）")]
        rows = [
            [row.department, row.label, row.invited, row.responded, row.response_rate]
            for row in rates.classes
        ]
        rows += [
            [row.label, _("（系部合计）"), row.invited, row.responded, row.response_rate]
            for row in rates.departments
        ]
        rows.append(
            [rates.total.label, "", rates.total.invited, rates.total.responded, rates.total.response_rate]
        )
        content = write_xlsx(headers, rows, title=_("回收率"))
        return xlsx_response(
            content,
            _("%(cohort)s届毕业生调查（%(kind)s）回收率.xlsx")
            % {
                "cohort": wave.cohort,
                "kind": wave.get_kind_display(),
            },
        )
