from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import ListView, View

from gradtrack.accounts.mixins import AdminRequiredMixin
from gradtrack.core.xlsx import write_xlsx, xlsx_response
from gradtrack.security import access_log
from gradtrack.security.forms import AccessLogFilterForm
from gradtrack.security.models import AccessLogEntry


def filtered_entries(request) -> tuple[AccessLogFilterForm, object]:
    """The filter form of the query string and the entries it selects, newest first."""
    form = AccessLogFilterForm(request.GET or None)
    return form, form.filter(AccessLogEntry.objects.select_related("actor"))


class AccessLogView(AdminRequiredMixin, ListView):
    """系统管理员 read who read personal information in bulk or in full (newest first)."""

    template_name = "security/access_log.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        self.filters, entries = filtered_entries(self.request)
        return entries

    def get_context_data(self, **kwargs):
        export_query = self.request.GET.copy()
        export_query.pop("page", None)
        return super().get_context_data(filters=self.filters, export_query=export_query.urlencode(), **kwargs)


EXPORT_HEADERS = ["时间", "操作人", "操作", "内容", "记录数", "涉及字段", "事由", "访问地址", "IP 地址"]


class AccessLogExportView(AdminRequiredMixin, View):
    """The entries the page shows (the same filters, every page) as .xlsx through core.xlsx."""

    def get(self, request):
        _form, entries = filtered_entries(request)
        rows = [
            [
                timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"),
                entry.actor_repr,
                entry.get_action_display(),
                entry.subject,
                entry.record_count,
                entry.fields,
                entry.reason,
                entry.path,
                entry.address or "",
            ]
            for entry in entries.iterator(chunk_size=2000)
        ]
        # The log names graduates in its subjects: exporting it is itself an export of personal data.
        access_log.log_export(request, subject=_("个人信息访问记录（Excel）"), record_count=len(rows))
        filename = _("个人信息访问记录_%(date)s.xlsx") % {"date": timezone.localdate().strftime("%Y%m%d")}
        content = write_xlsx(EXPORT_HEADERS, rows, title=_("个人信息访问记录"))
        return xlsx_response(content, filename)
