from django.views.generic import ListView

from gradtrack.accounts.mixins import AdminRequiredMixin
from gradtrack.security.forms import AccessLogFilterForm
from gradtrack.security.models import AccessLogEntry


class AccessLogView(AdminRequiredMixin, ListView):
    """系统管理员 read who exported or viewed personal information (newest first)."""

    template_name = "security/access_log.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        self.filters = AccessLogFilterForm(self.request.GET or None)
        entries = AccessLogEntry.objects.select_related("actor")
        if not self.filters.is_valid():
            return entries if not self.filters.is_bound else entries.none()
        data = self.filters.cleaned_data
        if data["q"]:
            entries = entries.filter(actor_repr__icontains=data["q"]) | entries.filter(
                subject__icontains=data["q"]
            )
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["since"]:
            entries = entries.filter(at__date__gte=data["since"])
        if data["until"]:
            entries = entries.filter(at__date__lte=data["until"])
        return entries

    def get_context_data(self, **kwargs):
        return super().get_context_data(filters=self.filters, **kwargs)
