"""Statistics pages, exports, report downloads and department submissions.

Every number comes from stats.selectors for a scope the user may see (stats.forms → resolve_scope: a scope
outside it is a 404); writes go through stats.services.
"""

from urllib.parse import quote, urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.generic import DetailView, FormView, ListView, TemplateView, View

from gradtrack.accounts import privacy, roles
from gradtrack.accounts.mixins import ReferenceDataRequiredMixin, StaffRequiredMixin, WriteRequiredMixin
from gradtrack.core.xlsx import xlsx_response
from gradtrack.records import selectors as access
from gradtrack.security import access_log
from gradtrack.stats import charts, documents, exports, report_selectors, selectors, services
from gradtrack.stats.forms import (
    YEAR_MAX,
    YEAR_MIN,
    ReportForm,
    ReportRoundForm,
    ReportTextForm,
    StatisticsForm,
    SubmissionForm,
    text_scope_choices,
)
from gradtrack.stats.models import DepartmentReport, ReportRound


def statistics_query(request) -> tuple[StatisticsForm, selectors.Statistics]:
    """The form of the query string and the statistics it asks for; an invalid query (its errors stay on the
    form) gets the defaults: the user's whole scope, the last cohorts."""
    form = StatisticsForm(request.GET, user=request.user)
    if form.is_valid():
        cleaned = form.cleaned_data
    else:
        defaults = StatisticsForm({}, user=request.user)
        defaults.is_valid()
        cleaned = defaults.cleaned_data
    return form, selectors.statistics_for(cleaned["scope"], cleaned["cohorts"])


class StatisticsView(StaffRequiredMixin, TemplateView):
    template_name = "stats/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, stats = statistics_query(self.request)
        chart_list = charts.charts_for(stats)
        query = self.request.GET.copy()
        query["scope"], query["first"], query["last"] = (
            stats.scope.key,
            stats.cohorts.first,
            stats.cohorts.last,
        )
        total, previous = stats.total, stats.previous
        context.update(
            form=form,
            stats=stats,
            total=total,
            labels=selectors.figure_labels(),
            flag_rows=[(label, stats.flagged[name]) for name, label in selectors.flag_labels().items()],
            charts=chart_list,
            charts_json=[chart.as_json() for chart in chart_list],
            query=query.urlencode(),
            sentences=[
                selectors.rate_sentence(
                    stats.cohorts, _("就业率"), total.employment_rate, previous and previous.employment_rate
                ),
                selectors.rate_sentence(
                    stats.cohorts, _("对口就业率"), total.matched_rate, previous and previous.matched_rate
                ),
            ]
            if stats.cohorts.first == stats.cohorts.last
            else [],
            feedback_sentences=documents.feedback_sentences(stats),
            provincial_templates=_provincial_templates(stats),
        )
        return context


def _provincial_templates(stats) -> list[tuple[str, bool]]:
    """The provincial table's layouts (exports.provincial_templates), the default first, as (name, default)."""
    default = exports.default_template(stats.policy)
    others = [name for name in exports.provincial_templates() if name != default]
    return [(default, True), *((name, False) for name in others)]


class ChartExportView(StaffRequiredMixin, View):
    """The table beside one chart, as .xlsx."""

    def get(self, request, key):
        if key not in charts.CHARTS:
            raise Http404
        _form, stats = statistics_query(request)
        chart = charts.CHARTS[key](stats)
        filename = f"{chart.title}_{stats.title}.xlsx".replace(" ", "_")
        return xlsx_response(exports.chart_xlsx(chart), filename)


class ProvincialExportView(StaffRequiredMixin, View):
    """《中等职业学校毕业生就业情况统计表》 by 专业大类 and 专业, with the records flagged for checking."""

    def get(self, request):
        _form, stats = statistics_query(request)
        filename = _("中等职业学校毕业生就业情况统计表_%(title)s.xlsx") % {"title": stats.title}
        # Its 核对清单 sheet names graduates with their 起薪 and 月薪: logged like every export of personal data.
        salary_visible = privacy.shows_in_full(request.user, "monthly_salary", in_list=True)
        workbook = exports.provincial_workbook(
            stats, salary_visible=salary_visible, template=request.GET.get("template")
        )
        access_log.log_export(
            request,
            subject=_("中职毕业生就业情况统计表（Excel）"),
            record_count=workbook.listed,
            fields=["starting_salary", "monthly_salary"] if salary_visible else [],
        )
        return xlsx_response(workbook.content, filename.replace(" ", "_"))


# What a report holds of the graduates it counts (no names: figures, 月薪 averages among them).
REPORT_FIELDS = (_l("就业与月薪统计"),)


def file_response(report: documents.BuiltReport) -> HttpResponse:
    response = HttpResponse(report.content, content_type=report.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(report.filename)}"
    return response


TEXT_PREFIX = "text"


class ReportView(StaffRequiredMixin, FormView):
    """Choose a report; submitting the form downloads it (GET, so the link can be kept). Beside it, the
    前言 and 问题与改进措施 staff write for a year's report (POST, through services.report_text_save); a year
    without text of its own starts from the latest earlier year's."""

    template_name = "stats/report.html"
    form_class = ReportForm

    def get_form_kwargs(self):
        kwargs = {"user": self.request.user, "initial": self.get_initial()}
        if "year" in self.request.GET:
            kwargs["data"] = self.request.GET
        return kwargs

    def get_initial(self):
        sees_school = roles.sees_whole_school(self.request.user)
        return {
            "year": selectors.latest_cohort(),
            "kind": "tracking" if sees_school else "department",
            "file_format": "docx",
        }

    def text_selection(self) -> tuple[int, str | None]:
        """The year and report (school or dept:<code>) whose text the page shows: ?text_year=&text_scope=,
        else the latest cohort and the first report the user may write for."""
        choices = [key for key, _label in text_scope_choices(self.request.user)]
        scope = self.request.GET.get("text_scope")
        if scope not in choices:
            scope = choices[0] if choices else None
        try:
            year = int(self.request.GET.get("text_year", ""))
        except ValueError:
            year = selectors.latest_cohort()
        if not YEAR_MIN <= year <= YEAR_MAX:
            year = selectors.latest_cohort()
        return year, scope

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year, scope = self.text_selection()
        if scope is None:
            return context
        department = (
            None
            if scope == "school"
            else access.departments_visible_to(self.request.user).filter(code=scope.partition(":")[2]).first()
        )
        draft = report_selectors.report_text_draft(year, department)
        text_form = kwargs.get("text_form") or ReportTextForm(
            user=self.request.user,
            prefix=TEXT_PREFIX,
            initial={
                "year": year,
                "scope": scope,
                "foreword": draft.foreword,
                "improvements": draft.improvements,
            },
        )
        context.update(
            text_form=text_form,
            text_draft=draft,
            text_year=year,
            text_scope=scope,
            text_scopes=text_scope_choices(self.request.user),
            can_edit_text=services.can_write_report_text(self.request.user, department),
        )
        return context

    def post(self, request, *args, **kwargs):
        """Save the staff-written text of a year's report (then the page shows it, ready to generate)."""
        text_form = ReportTextForm(request.POST, user=request.user, prefix=TEXT_PREFIX)
        if text_form.is_valid():
            data = text_form.cleaned_data
            try:
                services.report_text_save(
                    year=data["year"],
                    department=data["scope"],
                    foreword=data["foreword"],
                    improvements=data["improvements"],
                    acting_user=request.user,
                )
            except PermissionDenied:
                text_form.add_error(None, _("没有权限修改这份报告的文字。"))
            else:
                messages.success(request, _("报告文字已保存，生成报告时将印入“前言”和“问题与改进措施”。"))
                query = urlencode({"text_year": data["year"], "text_scope": text_form["scope"].value()})
                return redirect(f"{reverse('stats:report')}?{query}")
        # The report and year travel as hidden fields: name them in the message the page shows.
        for field in text_form.hidden_fields():
            for error in field.errors:
                text_form.add_error(None, f"{field.label}：{error}")
        form = self.get_form_class()(user=request.user, initial=self.get_initial())
        return self.render_to_response(self.get_context_data(form=form, text_form=text_form))

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            try:
                report = documents.build_report(
                    data["scope"],
                    data["year"],
                    data["kind"],
                    data["file_format"],
                    name_employers=data["name_employers"],
                )
            except documents.DocumentError as error:
                form.add_error("file_format", str(error))
            else:
                # Figures of named cohorts, salaries among them: a read of personal data in bulk (PIPL Art. 51).
                access_log.log_download(
                    request, subject=report.filename, record_count=report.graduates, fields=REPORT_FIELDS
                )
                return file_response(report)
        return self.render_to_response(self.get_context_data(form=form))


# --- Department submissions ---------------------------------------------------------------------------------


class RoundListView(StaffRequiredMixin, ListView):
    template_name = "stats/round_list.html"
    context_object_name = "rounds"
    paginate_by = 20

    def departments(self):
        return access.departments_visible_to(self.request.user).filter(is_active=True)

    def get_queryset(self):
        # How many of the user's departments have submitted, counted by the database for the whole page.
        return ReportRound.objects.annotate(
            submitted=Count("reports", filter=Q(reports__department__in=self.departments()))
        ).order_by(*ReportRound._meta.ordering)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["department_count"] = self.departments().count()
        context["can_open_round"] = roles.can_manage_reference_data(self.request.user)
        return context


class RoundCreateView(ReferenceDataRequiredMixin, FormView):
    template_name = "stats/round_form.html"
    form_class = ReportRoundForm

    def get_initial(self):
        year = selectors.latest_cohort()
        return {"year": year, "title": _("%(year)s届毕业生质量跟踪调查报告") % {"year": year}}

    def form_valid(self, form):
        report_round = services.report_round_create(**form.cleaned_data, acting_user=self.request.user)
        messages.success(self.request, _("已发起报告报送。"))
        return redirect("stats:round_detail", pk=report_round.pk)


class RoundDetailView(StaffRequiredMixin, DetailView):
    """Who has submitted against the deadline, for the departments the user sees."""

    template_name = "stats/round_detail.html"
    context_object_name = "round"

    def get_queryset(self):
        return ReportRound.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        departments = access.departments_visible_to(self.request.user).filter(is_active=True)
        reports = {
            report.department_id: report
            for report in self.object.reports.filter(department__in=departments).select_related(
                "submitted_by"
            )
        }
        rows = [(department, reports.get(department.pk)) for department in departments]
        context.update(
            rows=rows,
            submitted=sum(1 for _d, report in rows if report),
            late=sum(1 for _d, report in rows if report and report.is_late),
            can_submit=roles.can_write(self.request.user),
        )
        return context


class SubmitView(WriteRequiredMixin, View):
    """A department submits its report for a round: generated from the current data, or uploaded."""

    def post(self, request, pk, code):
        report_round = get_object_or_404(ReportRound, pk=pk)
        department = get_object_or_404(access.departments_visible_to(request.user), code=code)
        form = SubmissionForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                self.submit(form, report_round, department)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("%(department)s的报告已报送。") % {"department": department.name})
                return redirect("stats:round_detail", pk=report_round.pk)
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[field].label if field in form.fields else ''} {error}")
        return redirect("stats:round_detail", pk=report_round.pk)

    def submit(self, form, report_round, department):
        data = form.cleaned_data
        if data["source"] == "upload":
            upload = data["file"]
            content, filename, generated = upload.read(), upload.name, False
        else:
            scope = selectors.resolve_scope(self.request.user, f"dept:{department.code}")
            report = documents.build_report(scope, report_round.year, "department", "docx")
            content, filename, generated = report.content, report.filename, True
        return services.department_report_submit(
            report_round=report_round,
            department=department,
            content=content,
            filename=filename,
            generated=generated,
            notes=data["notes"],
            acting_user=self.request.user,
        )


class SubmissionDownloadView(StaffRequiredMixin, View):
    def get(self, request, pk):
        report = get_object_or_404(
            DepartmentReport.objects.filter(department__in=access.departments_visible_to(request.user)), pk=pk
        )
        access_log.log_download(
            request,
            subject=_("系部上报的报告：%(department)s %(name)s")
            % {"department": report.department.name, "name": report.original_name},
            record_count=1,
            fields=REPORT_FIELDS,
        )
        return FileResponse(report.file.open("rb"), as_attachment=True, filename=report.original_name)
