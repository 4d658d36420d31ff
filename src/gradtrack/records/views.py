"""Staff pages of the employment files (个人就业档案): graduates, their jobs, employers; and of the reference
data, departments (系部) and majors (专业), for 就业指导中心 and 系统管理员.

Reading starts from records.selectors (an object outside the user's scope is a 404); writing goes through
records.services, whose ValidationError is shown inline on the form (or, for a delete that other records still
prevent, as a message).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, F, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, TemplateView, View

from gradtrack.accounts import privacy
from gradtrack.accounts.mixins import (
    AdminRequiredMixin,
    ReferenceDataRequiredMixin,
    StaffRequiredMixin,
    WriteRequiredMixin,
)
from gradtrack.core import figures_cache, history
from gradtrack.core.xlsx import write_xlsx, xlsx_response
from gradtrack.records import exports, selectors, services
from gradtrack.records.filters import EmployerListQuery, GraduateListQuery
from gradtrack.records.forms import (
    DepartmentForm,
    EmployerForm,
    EmploymentForm,
    GraduateArchiveForm,
    GraduateForm,
    MajorFilterForm,
    MajorForm,
    PersonalDataEraseForm,
)
from gradtrack.records.models import Employer, Employment, Graduate
from gradtrack.security import access_log

PAGE_SIZE = 50


def visible_graduate(user, pk) -> Graduate:
    return get_object_or_404(
        selectors.graduates_visible_to(user).select_related("department", "major", "destination"), pk=pk
    )


def visible_employment(user, pk) -> Employment:
    return get_object_or_404(
        selectors.employments_visible_to(user).select_related("graduate", "employer"), pk=pk
    )


def visible_employer(user, pk) -> Employer:
    return get_object_or_404(selectors.employers_visible_to(user).select_related("nature", "industry"), pk=pk)


def job_history(graduate: Graduate):
    """History of the graduate's jobs, including jobs since deleted."""
    return history.history_owned_by(graduate).filter(model=Employment._meta.label_lower)


def history_for(user, entries):
    """The history as this user may read it: the old and new values of every sensitive field the user does
    not see in full on a record (身份证号, contacts, 月薪 for 校领导) masked like the record (accounts.privacy)."""
    hidden = {
        field for field in privacy.SENSITIVE_FIELDS if not privacy.shows_in_full(user, field, in_list=False)
    }
    if not hidden:
        return entries
    entries = list(entries)
    for entry in entries:
        masked = {
            field: [privacy.mask_value(field, value) for value in values]
            for field, values in entry.changes.items()
            if field in hidden
        }
        if masked:
            entry.changes = {**entry.changes, **masked}
    return entries


class RecordFormView(WriteRequiredMixin, FormView):
    """Create or edit one record through the services; their ValidationError goes back onto the form."""

    success_message = ""

    def save(self, form):  # pragma: no cover - every subclass saves
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.object = self.save(form)
        except ValidationError as error:
            form.add_service_error(error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())


# --- Graduates -------------------------------------------------------------------------------------------


class GraduateListView(StaffRequiredMixin, ListView):
    template_name = "records/graduate_list.html"
    context_object_name = "graduates"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.query = GraduateListQuery(self.request.user, self.request.GET)
        return self.query.queryset()

    def get_paginator(self, queryset, per_page, **kwargs):
        filters = sorted(
            (key, value) for key, value in self.request.GET.items() if key not in {"page", "sort"}
        )
        return figures_cache.CountCachingPaginator(
            queryset,
            per_page,
            name="graduate-list-count",
            parts=[selectors.visibility_key(self.request.user), filters],
            **kwargs,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The page's rows, each with its current employer (one query for the page, see GraduateListQuery).
        page = context["page_obj"]
        rows = self.query.page_rows(page.start_index() - 1, page.end_index()) if page.paginator.count else []
        rows = self.query.with_current_employers(rows)
        page.object_list = context["object_list"] = context[self.context_object_name] = rows
        export_query = self.request.GET.copy()
        export_query.pop("page", None)
        context.update(
            filter_form=self.query.form,
            is_filtered=self.query.is_filtered,
            sort=self.query.sort_links(),
            export_query=export_query.urlencode(),
            disclosure=privacy.disclosure_for(self.request.user),
        )
        return context


class GraduateExportView(StaffRequiredMixin, View):
    """Exactly the list the user is looking at: the same filters and order, every page, only visible graduates."""

    def get(self, request):
        graduates = GraduateListQuery(request.user, request.GET).queryset()
        disclosure = privacy.disclosure_for(request.user)
        content = write_xlsx(
            exports.graduate_list_headers(),
            exports.graduate_list_rows(graduates, disclosure=disclosure),
            title=_("毕业生名单"),
        )
        access_log.log_export(
            request,
            subject=_("毕业生名单（Excel）"),
            record_count=graduates.count(),
            fields=privacy.fields_in_full(request.user, exports.GRADUATE_LIST_SENSITIVE_FIELDS, in_list=True),
        )
        filename = _("毕业生名单_%(date)s.xlsx") % {"date": timezone.localdate().strftime("%Y%m%d")}
        return xlsx_response(content, filename)


class GraduateDetailView(StaffRequiredMixin, DetailView):
    template_name = "records/graduate_detail.html"
    context_object_name = "graduate"

    def get_object(self, queryset=None):
        return visible_graduate(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        graduate = self.object
        jobs = list(
            graduate.jobs.select_related("employer")
            .prefetch_related("salary_changes")
            .order_by("-start_date", "-pk")
        )
        user = self.request.user
        # Every field through the masking rules of the API and the exports (accounts.privacy).
        fields = {name: getattr(graduate, name) for name in ("id_number", *privacy.CONTACT_FIELDS)}
        shown, disclosed = privacy.disclose(user, fields, in_list=False)
        if "id_number" in disclosed:
            access_log.log_id_number_view(self.request, graduate, fields=disclosed)
        context.update(
            jobs=jobs,
            current_job=next((job for job in jobs if job.is_current), None),
            id_number=shown["id_number"],
            contacts=shown,
            contacts_in_full=privacy.shows_in_full(user, "mobile", in_list=False),
            salary_in_full=privacy.shows_in_full(user, "monthly_salary", in_list=False),
            history=history_for(user, history.history_of(graduate)),
            job_history=history_for(user, job_history(graduate)),
        )
        return context


class GraduateCreateView(RecordFormView):
    template_name = "records/graduate_form.html"
    form_class = GraduateForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {"graduation_year": timezone.localdate().year, "graduation_month": 6}

    def save(self, form):
        self.success_message = _("已新增毕业生。")
        return services.graduate_create(data=form.service_data(), acting_user=self.request.user)

    def get_success_url(self):
        return reverse("records:graduate_detail", args=[self.object.pk])


class GraduateUpdateView(RecordFormView):
    template_name = "records/graduate_form.html"
    form_class = GraduateForm

    @cached_property
    def graduate(self) -> Graduate:
        return visible_graduate(self.request.user, self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.graduate}

    def get_context_data(self, **kwargs):
        return super().get_context_data(graduate=self.graduate, **kwargs)

    def get(self, request, *args, **kwargs):
        # The form shows the full 身份证号 (only writers reach it, and every writer may see it): log it.
        if self.graduate.id_number:
            access_log.log_id_number_view(request, self.graduate)
        return super().get(request, *args, **kwargs)

    def save(self, form):
        self.success_message = _("已保存修改。")
        return services.record_update(
            self.graduate,
            data=form.service_data(),
            acting_user=self.request.user,
            expected_version=form.expected_version,
        )

    def get_success_url(self):
        return reverse("records:graduate_detail", args=[self.object.pk])


class GraduateDeleteView(WriteRequiredMixin, TemplateView):
    """GET lists exactly what would go (or, for a graduate with tracking history, what forbids it and offers
    归档 instead, POLICY §1); POST deletes a record entered by mistake, its deletion kept in the history."""

    template_name = "records/graduate_confirm_delete.html"

    @cached_property
    def graduate(self) -> Graduate:
        return visible_graduate(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            graduate=self.graduate, plan=services.deletion_plan(self.graduate), **kwargs
        )

    def post(self, request, *args, **kwargs):
        name = str(self.graduate)
        try:
            services.record_delete(self.graduate, acting_user=request.user)
        except services.RecordHasHistoryError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("records:graduate_archive", pk=self.graduate.pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("records:graduate_detail", pk=self.graduate.pk)
        messages.success(request, _("已删除毕业生%(name)s；删除记录保留在修改历史中。") % {"name": name})
        return redirect("records:graduate_list")


class GraduateArchiveView(WriteRequiredMixin, FormView):
    """归档 with a reason: hidden from daily lists, every record readable, restorable (POLICY §1)."""

    template_name = "records/graduate_archive.html"
    form_class = GraduateArchiveForm

    @cached_property
    def graduate(self) -> Graduate:
        return visible_graduate(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(graduate=self.graduate, **kwargs)

    def form_valid(self, form):
        try:
            services.graduate_archive(
                self.graduate,
                reason=form.cleaned_data["archive_reason"],
                note=form.cleaned_data["archive_note"],
                acting_user=self.request.user,
            )
        except ValidationError as error:
            form.add_service_error(error)
            return self.form_invalid(form)
        messages.success(self.request, _("已归档；日常名单中不再显示，档案仍可查看，可随时恢复。"))
        return redirect("records:graduate_detail", pk=self.graduate.pk)


class GraduateRestoreView(WriteRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        graduate = visible_graduate(request.user, pk)
        try:
            services.graduate_restore(graduate, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("已恢复，该毕业生重新出现在日常名单中。"))
        return redirect("records:graduate_detail", pk=graduate.pk)


class GraduateEraseView(AdminRequiredMixin, FormView):
    """个人信息删除 (系统管理员 only): a confirmation page with what is blanked and what stays, then the
    erasure, its history row and its access-log entry in one transaction."""

    template_name = "records/graduate_erase.html"
    form_class = PersonalDataEraseForm

    @cached_property
    def graduate(self) -> Graduate:
        return visible_graduate(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        labels = history.field_labels(Graduate)
        erased = [labels[name] for name in services.ERASED_GRADUATE_FIELDS + services.ERASED_GRADUATE_TEXT]
        return super().get_context_data(graduate=self.graduate, erased_fields=erased, **kwargs)

    def form_valid(self, form):
        reason = form.cleaned_data["reason"]
        try:
            with transaction.atomic():
                graduate = services.graduate_erase_personal_data(
                    self.graduate, reason=reason, acting_user=self.request.user
                )
                access_log.log_personal_data_erase(self.request, graduate, reason=reason)
        except ValidationError as error:
            form.add_service_error(error)
            return self.form_invalid(form)
        messages.success(self.request, _("已删除该毕业生的个人信息；统计所需的匿名记录保留。"))
        return redirect("records:graduate_detail", pk=graduate.pk)


# --- Jobs (就业记录) ----------------------------------------------------------------------------------


class EmploymentCreateView(RecordFormView):
    template_name = "records/employment_form.html"
    form_class = EmploymentForm

    @cached_property
    def graduate(self) -> Graduate:
        return visible_graduate(self.request.user, self.kwargs["graduate_pk"])

    def get_initial(self):
        initial = {}
        employer_id = self.request.GET.get("employer", "")
        if employer_id.isdigit() and selectors.employers_visible_to(self.request.user).filter(pk=employer_id):
            initial["employer"] = int(employer_id)
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(graduate=self.graduate, **kwargs)

    def save(self, form):
        self.success_message = _("已添加就业记录。")
        return services.employment_create(
            data={**form.service_data(), "graduate": self.graduate}, acting_user=self.request.user
        )

    def get_success_url(self):
        return reverse("records:graduate_detail", args=[self.graduate.pk])


class EmploymentUpdateView(RecordFormView):
    template_name = "records/employment_form.html"
    form_class = EmploymentForm

    @cached_property
    def job(self) -> Employment:
        return visible_employment(self.request.user, self.kwargs["pk"])

    @property
    def graduate(self) -> Graduate:
        return self.job.graduate

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.job}

    def get_context_data(self, **kwargs):
        return super().get_context_data(graduate=self.graduate, job=self.job, **kwargs)

    def save(self, form):
        self.success_message = _("已保存就业记录。")
        return services.record_update(
            self.job,
            data=form.service_data(),
            acting_user=self.request.user,
            expected_version=form.expected_version,
        )

    def get_success_url(self):
        return reverse("records:graduate_detail", args=[self.graduate.pk])


class EmploymentDeleteView(WriteRequiredMixin, TemplateView):
    """Like the graduate's: a job a change updated or a re-placement request follows cannot be deleted."""

    template_name = "records/employment_confirm_delete.html"

    @cached_property
    def job(self) -> Employment:
        return visible_employment(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            job=self.job, graduate=self.job.graduate, plan=services.deletion_plan(self.job), **kwargs
        )

    def post(self, request, *args, **kwargs):
        graduate = self.job.graduate
        try:
            services.record_delete(self.job, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("已删除就业记录；删除记录保留在修改历史中。"))
        return redirect("records:graduate_detail", pk=graduate.pk)


# --- Employers (用人单位) ------------------------------------------------------------------------------


class EmployerListView(StaffRequiredMixin, ListView):
    template_name = "records/employer_list.html"
    context_object_name = "employers"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.query = EmployerListQuery(self.request.user, self.request.GET)
        return self.query.queryset()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter_form=self.query.form,
            is_filtered=self.query.is_filtered,
            sort=self.query.sort_links(),
            **kwargs,
        )


class EmployerDetailView(StaffRequiredMixin, DetailView):
    template_name = "records/employer_detail.html"
    context_object_name = "employer"

    def get_object(self, queryset=None):
        return visible_employer(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The directory is shared; the graduates listed are only those this user may see.
        jobs = (
            selectors.employments_visible_to(self.request.user)
            .filter(employer=self.object, graduate__archived_at__isnull=True)
            .select_related("graduate__department", "graduate__major")
            .order_by(F("end_date").desc(nulls_first=True), "-start_date", "-pk")
        )
        page = Paginator(jobs, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(
            page_obj=page,
            jobs=page.object_list,
            current_count=jobs.filter(end_date__isnull=True).count(),
            history=history.history_of(self.object),
        )
        return context


def safe_next_url(request) -> str | None:
    url = request.GET.get("next", "")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


class EmployerCreateView(RecordFormView):
    """Any staff member who writes may add an employer, e.g. from the job form ("新增用人单位")."""

    template_name = "records/employer_form.html"
    form_class = EmployerForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(next_url=safe_next_url(self.request), **kwargs)

    def save(self, form):
        self.success_message = _("已新增用人单位。")
        return services.employer_create(data=form.service_data(), acting_user=self.request.user)

    def get_success_url(self):
        next_url = safe_next_url(self.request)
        if next_url:
            separator = "&" if "?" in next_url else "?"
            return f"{next_url}{separator}employer={self.object.pk}"
        return reverse("records:employer_detail", args=[self.object.pk])


class EmployerUpdateView(ReferenceDataRequiredMixin, RecordFormView):
    """An employer's master data is shared by every department (and its e-mail receives the survey
    invitations): only the centre and administrators change it (roles.can_manage_reference_data)."""

    template_name = "records/employer_form.html"
    form_class = EmployerForm

    @cached_property
    def employer(self) -> Employer:
        return visible_employer(self.request.user, self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.employer}

    def get_context_data(self, **kwargs):
        return super().get_context_data(employer=self.employer, **kwargs)

    def save(self, form):
        self.success_message = _("已保存修改。")
        return services.record_update(
            self.employer,
            data=form.service_data(),
            acting_user=self.request.user,
            expected_version=form.expected_version,
        )

    def get_success_url(self):
        return reverse("records:employer_detail", args=[self.employer.pk])


# --- Reference data: departments and majors --------------------------------------------------------------


def departments_with_counts(user):
    return selectors.departments_visible_to(user).annotate(
        graduate_count=Count("graduates", distinct=True),
        major_count=Count("majors", distinct=True),
        staff_count=Count("staff", distinct=True),
    )


def majors_with_counts(user):
    return (
        selectors.majors_visible_to(user)
        .select_related("department", "category")
        .annotate(graduate_count=Count("graduates"))
    )


class ReferenceObjectMixin(ReferenceDataRequiredMixin):
    """The department or major named by the URL, fetched from what the user may see (else 404)."""

    kind: str  # "department" or "major": names the URLs and the template context

    def visible(self):
        raise NotImplementedError

    @cached_property
    def object(self):
        return get_object_or_404(self.visible(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(**{self.kind: self.object}, **kwargs)


class ReferenceFormView(ReferenceDataRequiredMixin, FormView):
    """Create or edit through records.services; a ValidationError goes back onto the form."""

    kind: str

    def save(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            saved = self.save(form)
        except ValidationError as exc:
            form.add_service_error(exc)
            return self.form_invalid(form)
        messages.success(self.request, _("已保存“%(obj)s”") % {"obj": saved})
        return redirect(f"records:{self.kind}_update", pk=saved.pk)


class ReferenceUpdateView(ReferenceObjectMixin, ReferenceFormView):
    """Edit the department or major of the URL, with its history beside the form."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def get_context_data(self, **kwargs):
        return super().get_context_data(history=history.history_of(self.object), **kwargs)

    def save(self, form):
        return services.record_update(self.object, data=form.service_data(), acting_user=self.request.user)


class ReferenceDeactivateView(ReferenceObjectMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        services.record_update(self.object, data={"is_active": False}, acting_user=request.user)
        messages.success(request, _("已停用“%(obj)s”；已有记录保持不变") % {"obj": self.object})
        return redirect(f"records:{self.kind}_update", pk=self.object.pk)


class ReferenceDeleteView(ReferenceObjectMixin, TemplateView):
    """GET asks for confirmation and says what still refers to the record; POST deletes it if nothing does."""

    def post(self, request, *args, **kwargs):
        try:
            services.record_delete(self.object, acting_user=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            messages.info(
                request, _("仍有记录引用时可以改为停用：停用后不再用于新增记录，已有记录保持不变。")
            )
            return redirect(f"records:{self.kind}_update", pk=self.object.pk)
        messages.success(request, _("已删除“%(obj)s”") % {"obj": self.object})
        return redirect(f"records:{self.kind}_list")


# --- Departments -------------------------------------------------------------------------------------------


class DepartmentMixin:
    kind = "department"

    def visible(self):
        return departments_with_counts(self.request.user)


class DepartmentListView(ReferenceDataRequiredMixin, ListView):
    template_name = "records/department_list.html"
    context_object_name = "departments"

    def get_queryset(self):
        return departments_with_counts(self.request.user).order_by("-is_active", "code")


class DepartmentCreateView(DepartmentMixin, ReferenceFormView):
    template_name = "records/department_form.html"
    form_class = DepartmentForm

    def save(self, form):
        return services.department_create(data=form.service_data(), acting_user=self.request.user)


class DepartmentUpdateView(DepartmentMixin, ReferenceUpdateView):
    template_name = "records/department_form.html"
    form_class = DepartmentForm


class DepartmentDeactivateView(DepartmentMixin, ReferenceDeactivateView):
    pass


class DepartmentDeleteView(DepartmentMixin, ReferenceDeleteView):
    template_name = "records/department_confirm_delete.html"


# --- Majors ------------------------------------------------------------------------------------------------


class MajorMixin:
    kind = "major"

    def visible(self):
        return majors_with_counts(self.request.user)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "departments": selectors.departments_visible_to(self.request.user),
        }


class MajorListView(ReferenceDataRequiredMixin, ListView):
    template_name = "records/major_list.html"
    context_object_name = "majors"
    paginate_by = 50

    def get_queryset(self):
        self.filters = MajorFilterForm(
            self.request.GET or None, departments=selectors.departments_visible_to(self.request.user)
        )
        majors = majors_with_counts(self.request.user).order_by("department__code", "code")
        if not self.filters.is_valid():
            return majors
        data = self.filters.cleaned_data
        if query := data["q"].strip():
            majors = majors.filter(Q(name__icontains=query) | Q(code__icontains=query))
        if data["department"]:
            majors = majors.filter(department=data["department"])
        if data["category"]:
            majors = majors.filter(category=data["category"])
        if data["status"]:
            majors = majors.filter(is_active=data["status"] == "active")
        return majors

    def get_context_data(self, **kwargs):
        is_filtered = self.filters.is_bound and any(
            self.filters.data.get(name) for name in self.filters.fields
        )
        return super().get_context_data(filter_form=self.filters, is_filtered=is_filtered, **kwargs)


class MajorCreateView(MajorMixin, ReferenceFormView):
    template_name = "records/major_form.html"
    form_class = MajorForm

    def get_initial(self):
        # "新增专业" from a department's page arrives with ?department=<id>.
        return {"department": self.request.GET.get("department")}

    def save(self, form):
        return services.major_create(data=form.service_data(), acting_user=self.request.user)


class MajorUpdateView(MajorMixin, ReferenceUpdateView):
    template_name = "records/major_form.html"
    form_class = MajorForm


class MajorDeactivateView(MajorMixin, ReferenceDeactivateView):
    pass


class MajorDeleteView(MajorMixin, ReferenceDeleteView):
    template_name = "records/major_confirm_delete.html"
