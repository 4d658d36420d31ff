from django.db.models import Count, Q
from django.views.generic import TemplateView

from gradtrack.accounts import selectors
from gradtrack.accounts.mixins import StaffRequiredMixin


class DashboardView(StaffRequiredMixin, TemplateView):
    template_name = "core/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        graduates = selectors.graduates_visible_to(user)
        counts = graduates.aggregate(
            total=Count("pk"),
            employed=Count("pk", filter=Q(jobs__end_date__isnull=True)),
            school_arranged=Count("pk", filter=Q(placement_mode="school")),
        )
        by_cohort = (
            graduates.values("graduation_year")
            .annotate(
                total=Count("pk", distinct=True), employed=Count("pk", filter=Q(jobs__end_date__isnull=True))
            )
            .order_by("-graduation_year")[:5]
        )
        context.update(
            counts=counts,
            by_cohort=by_cohort,
            departments=selectors.departments_visible_to(user).annotate(graduate_count=Count("graduates")),
            employer_count=selectors.employers_visible_to(user).count(),
        )
        return context
