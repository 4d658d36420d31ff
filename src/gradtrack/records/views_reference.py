"""Reference data pages: departments (系部) and majors (专业), for 就业指导中心 and 系统管理员.

Reading starts from records.selectors; every write goes through records.services, whose ValidationError
is shown inline on the form (or, for a delete that other records still prevent, as a message).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView, View

from gradtrack.accounts.mixins import ReferenceDataRequiredMixin
from gradtrack.core import history
from gradtrack.records import selectors, services
from gradtrack.records.forms_reference import DepartmentForm, MajorFilterForm, MajorForm


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


class DepartmentUpdateView(DepartmentMixin, ReferenceObjectMixin, ReferenceFormView):
    template_name = "records/department_form.html"
    form_class = DepartmentForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def get_context_data(self, **kwargs):
        return super().get_context_data(history=history.history_of(self.object), **kwargs)

    def save(self, form):
        return services.record_update(self.object, data=form.service_data(), acting_user=self.request.user)


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


class MajorUpdateView(MajorMixin, ReferenceObjectMixin, ReferenceFormView):
    template_name = "records/major_form.html"
    form_class = MajorForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def get_context_data(self, **kwargs):
        return super().get_context_data(history=history.history_of(self.object), **kwargs)

    def save(self, form):
        return services.record_update(self.object, data=form.service_data(), acting_user=self.request.user)


class MajorDeactivateView(MajorMixin, ReferenceDeactivateView):
    pass


class MajorDeleteView(MajorMixin, ReferenceDeleteView):
    template_name = "records/major_confirm_delete.html"
