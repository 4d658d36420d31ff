"""Staff pages of re-placement: open requests by stage, a request with its decision and the clause quoted, and
one page per step. Requests come from replacement.selectors (out of scope is a 404); every write goes through
replacement.services, whose ValidationError is shown on the form."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView, TemplateView, View

from gradtrack.accounts.mixins import StaffRequiredMixin, WriteRequiredMixin
from gradtrack.core import history
from gradtrack.records import selectors as records_selectors
from gradtrack.records.models import Graduate
from gradtrack.replacement import forms, rules, selectors, services
from gradtrack.replacement.models import ReplacementRequest

PAGE_SIZE = 50
LIST_TABS = [
    ("open", gettext_lazy("全部未关闭")),
    *ReplacementRequest.Stage.choices,
]


def visible_request(user, pk) -> ReplacementRequest:
    return get_object_or_404(selectors.requests_visible_to(user), pk=pk)


def decision_context(request_obj: ReplacementRequest) -> dict:
    """What every page shows of a request's decision: stored, recomputed, and the preconditions."""
    current = services.current_decision(request_obj)
    passed = request_obj.tests.filter(result="passed").exists()
    return {
        "req": request_obj,
        "current_decision": current,
        "decision_changed": request_obj.is_open and services.decision_changed(request_obj, current),
        "preconditions": [
            {
                "label": rules.PRECONDITION_LABELS[rules.Precondition.REGISTERED],
                "met": bool(request_obj.registered_on),
            },
            {"label": rules.PRECONDITION_LABELS[rules.Precondition.PASSED_TEST], "met": passed},
        ]
        if request_obj.decision != rules.Decision.DENIED
        else [],
    }


class RequestListView(StaffRequiredMixin, ListView):
    template_name = "replacement/request_list.html"
    context_object_name = "requests"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.tab = self.request.GET.get("stage", "open")
        if self.tab not in dict(LIST_TABS):
            self.tab = "open"
        if self.tab == "open":
            queryset = selectors.open_requests(self.request.user)
        else:
            queryset = selectors.requests_visible_to(self.request.user).filter(stage=self.tab)
            if self.tab != "closed":
                queryset = queryset.filter(graduate__archived_at__isnull=True)
        # A name has at most 50 characters; a longer search cannot match (and SQLite refuses huge LIKE patterns).
        # PostgreSQL refuses NUL in a query; no name contains it.
        query = self.request.GET.get("q", "").replace("\x00", "").strip()[:50]
        if query:
            queryset = queryset.filter(Q(graduate__name__icontains=query) | Q(graduate__student_no=query))
        return queryset.order_by("request_date", "pk") if self.tab != "closed" else queryset

    def get_context_data(self, **kwargs):
        counts = selectors.open_counts_by_stage(self.request.user)
        tabs = [
            {"key": key, "label": label, "count": counts.get(key), "active": key == self.tab}
            for key, label in LIST_TABS
        ]
        tabs[0]["count"] = sum(counts.values())
        return super().get_context_data(
            tabs=tabs, tab=self.tab, query=self.request.GET.get("q", ""), **kwargs
        )


class RequestDetailView(StaffRequiredMixin, TemplateView):
    template_name = "replacement/request_detail.html"

    def get_context_data(self, **kwargs):
        request_obj = visible_request(self.request.user, self.kwargs["pk"])
        entries = history.history_of(request_obj) | history.history_owned_by(request_obj)
        return super().get_context_data(
            **decision_context(request_obj),
            tests=request_obj.tests.select_related("employer"),
            history=entries.order_by("-pk"),
            classify_form=forms.ClassifyForm() if request_obj.decision == "needs_classification" else None,
            **kwargs,
        )


class RequestCreateView(WriteRequiredMixin, TemplateView):
    """Staff open a request for a graduate they see, after one of the graduate's jobs ended."""

    template_name = "replacement/request_form.html"

    @cached_property
    def graduate(self) -> Graduate:
        return get_object_or_404(
            records_selectors.graduates_visible_to(self.request.user), pk=self.kwargs["graduate_pk"]
        )

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", forms.StaffRequestForm(graduate=self.graduate))
        return super().get_context_data(graduate=self.graduate, **kwargs)

    def post(self, request, *args, **kwargs):
        form = forms.StaffRequestForm(request.POST, graduate=self.graduate)
        if form.is_valid():
            try:
                opened = services.replacement_request_open(
                    graduate=self.graduate,
                    employment=form.cleaned_data["employment"],
                    request_date=form.cleaned_data["request_date"],
                    opened_by=ReplacementRequest.OpenedBy.STAFF,
                    acting_user=request.user,
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(
                    request,
                    _("已登记再次安置申请，判定结果：%(label)s。") % {"label": opened.get_decision_display()},
                )
                return redirect("replacement:request_detail", pk=opened.pk)
        return self.render_to_response(self.get_context_data(form=form))


class StepView(WriteRequiredMixin, TemplateView):
    """One step of a request on its own page (phone first): a form, the service, back to the request."""

    template_name = "replacement/step_form.html"
    form_class = None
    title = ""
    button = gettext_lazy("保存")
    success_message = ""

    @cached_property
    def request_obj(self) -> ReplacementRequest:
        return visible_request(self.request.user, self.kwargs["pk"])

    def form_kwargs(self) -> dict:
        return {}

    today_field = ""  # a date field that starts at today

    def initial(self) -> dict:
        return {self.today_field: timezone.localdate()} if self.today_field else {}

    def save(self, form) -> None:  # pragma: no cover - every step saves
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.form_class(initial=self.initial(), **self.form_kwargs()))
        return super().get_context_data(
            **decision_context(self.request_obj), title=self.title, button=self.button, **kwargs
        )

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST, **self.form_kwargs())
        if form.is_valid():
            try:
                self.save(form)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, self.success_message)
                return HttpResponseRedirect(reverse("replacement:request_detail", args=[self.request_obj.pk]))
        return self.render_to_response(self.get_context_data(form=form))


class RegisterView(StepView):
    form_class = forms.RegistrationForm
    title = gettext_lazy("记录报名登记")
    success_message = gettext_lazy("已记录报名登记。")
    today_field = "registered_on"

    def save(self, form):
        services.replacement_request_register(
            request=self.request_obj,
            registered_on=form.cleaned_data["registered_on"],
            acting_user=self.request.user,
        )


class TestView(StepView):
    form_class = forms.TestForm
    title = gettext_lazy("记录面试或笔试")
    success_message = gettext_lazy("已记录面试或笔试结果。")
    today_field = "held_on"

    def form_kwargs(self):
        return {"user": self.request.user}

    def save(self, form):
        services.replacement_test_record(
            request=self.request_obj, data=form.cleaned_data, acting_user=self.request.user
        )


class OutcomeView(StepView):
    form_class = forms.OutcomeForm
    title = gettext_lazy("记录酌情处理结果")
    success_message = gettext_lazy("已记录处理结果。")

    def save(self, form):
        services.replacement_request_decide(
            request=self.request_obj,
            outcome=form.cleaned_data["outcome"],
            reason=form.cleaned_data["reason"],
            acting_user=self.request.user,
        )


class ClassifyView(StepView):
    form_class = forms.ClassifyForm
    title = gettext_lazy("归类离职原因")
    success_message = gettext_lazy("已归类离职原因并重新判定。")

    def save(self, form):
        services.replacement_request_classify(
            request=self.request_obj,
            end_reason=form.cleaned_data["end_reason"],
            acting_user=self.request.user,
        )


class PlaceView(StepView):
    form_class = forms.PlacementForm
    title = gettext_lazy("安置：新建学校安置的就业记录")
    button = gettext_lazy("确认安置")
    success_message = gettext_lazy("已安置，新的就业记录已加入个人就业档案。")
    today_field = "start_date"

    def form_kwargs(self):
        return {"user": self.request.user}

    def save(self, form):
        services.replacement_request_place(
            request=self.request_obj, acting_user=self.request.user, **form.service_kwargs()
        )


class CloseView(StepView):
    form_class = forms.CloseForm
    title = gettext_lazy("关闭申请")
    button = gettext_lazy("关闭申请")
    success_message = gettext_lazy("申请已关闭。")

    def save(self, form):
        services.replacement_request_close(
            request=self.request_obj,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            acting_user=self.request.user,
        )


class RedecideView(WriteRequiredMixin, View):
    def post(self, request, pk):
        request_obj = visible_request(request.user, pk)
        try:
            decided = services.replacement_request_redecide(request=request_obj, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("已重新判定：%(label)s。") % {"label": decided.get_decision_display()}
            )
        return redirect("replacement:request_detail", pk=pk)
