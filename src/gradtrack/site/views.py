from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from gradtrack.accounts.mixins import AdminRequiredMixin, StaffRequiredMixin
from gradtrack.accounts.models import User
from gradtrack.core import figures_cache, history, services
from gradtrack.core import selectors as core_selectors
from gradtrack.core.models import HistoryEntry, PolicySettings, SchoolProfile
from gradtrack.records import selectors
from gradtrack.site.dashboard import panels_for
from gradtrack.site.forms import PolicySettingsForm, SchoolProfileForm


def _dashboard_figures(user) -> dict:
    graduates = selectors.not_archived(selectors.graduates_visible_to(user))
    # Each figure from one table at a time: a COUNT over graduates joined to their jobs counted a graduate
    # once per job and took seconds at 100,000 graduates (make bench). A graduate has at most one current
    # job (a database constraint), so counting current jobs counts employed graduates.
    current_jobs = selectors.employments_visible_to(user).filter(
        end_date__isnull=True, graduate__archived_at__isnull=True
    )
    counts = graduates.aggregate(
        total=Count("pk"), school_arranged=Count("pk", filter=Q(placement_mode="school"))
    )
    counts["employed"] = current_jobs.count()
    by_cohort = list(
        graduates.values("graduation_year").annotate(total=Count("pk")).order_by("-graduation_year")[:5]
    )
    employed_by_year = dict(
        current_jobs.filter(graduate__graduation_year__in=[row["graduation_year"] for row in by_cohort])
        .values_list("graduate__graduation_year")
        .annotate(employed=Count("pk"))
        .order_by()
    )
    for row in by_cohort:
        row["employed"] = employed_by_year.get(row["graduation_year"], 0)
    return {
        "counts": counts,
        "by_cohort": by_cohort,
        "per_department": dict(graduates.values_list("department").annotate(n=Count("pk")).order_by()),
        "employer_count": selectors.employers_visible_to(user).count(),
    }


class DashboardView(StaffRequiredMixin, TemplateView):
    template_name = "site/dashboard.html"

    def dispatch(self, request, *args, **kwargs):
        # A graduate who signs in on the staff login page belongs in the portal, not on a 403.
        if getattr(request.user, "role", None) == User.Role.GRADUATE:
            return redirect("portal:home")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        figures = figures_cache.cached(
            "dashboard", [selectors.visibility_key(user)], lambda: _dashboard_figures(user)
        )
        departments = list(selectors.departments_visible_to(user))
        for department in departments:
            department.graduate_count = figures["per_department"].get(department.pk, 0)
        context.update(
            counts=figures["counts"],
            by_cohort=figures["by_cohort"],
            departments=departments,
            employer_count=figures["employer_count"],
            panels=panels_for(self.request),
        )
        return context


class SettingsView(AdminRequiredMixin, TemplateView):
    """学校信息与政策参数: both forms on one page, saved together through core.services."""

    template_name = "site/settings.html"

    def get_context_data(self, **kwargs):
        school = SchoolProfile.current()
        policy = PolicySettings.current()
        kwargs.setdefault("school_form", SchoolProfileForm(instance=school, prefix="school"))
        kwargs.setdefault("policy_form", PolicySettingsForm(instance=policy, prefix="policy"))
        # One history for the page: the changed fields' labels say which part each entry concerns.
        changes = HistoryEntry.objects.none()
        for instance in (school, policy):
            if instance.pk:
                changes = changes | history.history_of(instance)
        return super().get_context_data(
            history=changes[:50], code_tables=core_selectors.code_tables(), **kwargs
        )

    def post(self, request, *args, **kwargs):
        school_form = SchoolProfileForm(request.POST, instance=SchoolProfile.current(), prefix="school")
        policy_form = PolicySettingsForm(request.POST, instance=PolicySettings.current(), prefix="policy")
        updates = [
            (school_form, services.school_profile_update),
            (policy_form, services.policy_settings_update),
        ]
        if all([form.is_valid() for form, _update in updates]):
            with transaction.atomic():
                for form, update in updates:
                    try:
                        update(data=form.cleaned_data, acting_user=request.user)
                    except ValidationError as exc:
                        form.add_service_error(exc)
                saved = not any(form.errors for form, _update in updates)
                # Both parts or neither: a half-saved page would surprise whoever corrects the error.
                transaction.set_rollback(not saved)
            if saved:
                messages.success(request, _("已保存学校信息与政策参数"))
                return redirect("site:settings")
        return self.render_to_response(
            self.get_context_data(school_form=school_form, policy_form=policy_form)
        )
