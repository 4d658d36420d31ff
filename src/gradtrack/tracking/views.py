"""Staff pages of the tracking service: services, the 待确认 inbox, follow-ups, verification, 违规记录,
accident cases and graduate invitations. Objects come from tracking.selectors (outside the user's scope: 404);
writes go through tracking.services, whose ValidationError is shown on the form."""

import datetime
import io
import re

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView, View

from gradtrack.accounts.mixins import StaffRequiredMixin, WriteRequiredMixin
from gradtrack.core import history
from gradtrack.core.models import PolicySettings
from gradtrack.records import selectors as records_selectors
from gradtrack.tracking import forms, rules, selectors, services
from gradtrack.tracking.models import AccidentCase, ChangeReport, TrackingService, ViolationFlag

PAGE_SIZE = 50


def visible_service(user, pk) -> TrackingService:
    return get_object_or_404(
        selectors.services_visible_to(user).select_related("graduate__department", "graduate__major"), pk=pk
    )


def visible_change(user, pk) -> ChangeReport:
    return get_object_or_404(selectors.changes_visible_to(user).select_related("service__graduate"), pk=pk)


class ServiceFormView(WriteRequiredMixin, TemplateView):
    """GET shows a form about one object; POST calls a service; its ValidationError goes back onto the form."""

    form_class = None
    success_message = ""

    def get_form(self):
        return self.form_class(self.request.POST or None)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.get_form())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            try:
                self.perform(form)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, self.success_message)
                return HttpResponseRedirect(self.get_success_url())
        return self.render_to_response(self.get_context_data(form=form))

    def perform(self, form):  # pragma: no cover - every subclass performs
        raise NotImplementedError


# --- Services --------------------------------------------------------------------------------------------


class ServiceListView(StaffRequiredMixin, ListView):
    template_name = "tracking/service_list.html"
    context_object_name = "services"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        services_qs = selectors.services_visible_to(self.request.user).select_related(
            "graduate__department", "graduate__major"
        )
        self.status = self.request.GET.get("status", "")
        self.q = self.request.GET.get("q", "").strip()
        self.ending = self.request.GET.get("ending") == "1"
        self.ending_days = PolicySettings.current().service_ending_notice_days
        if self.ending:
            services_qs = selectors.services_ending_soon(
                self.request.user, days=self.ending_days
            ).select_related("graduate__department", "graduate__major")
        elif self.status in TrackingService.Status.values:
            services_qs = services_qs.filter(status=self.status)
        if self.q:
            services_qs = services_qs.filter(
                Q(graduate__name__icontains=self.q) | Q(graduate__student_no=self.q)
            )
        return services_qs.order_by("status", "end_date", "pk") if not self.ending else services_qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            statuses=TrackingService.Status.choices,
            status=self.status,
            q=self.q,
            ending=self.ending,
            ending_days=self.ending_days,
            **kwargs,
        )


class ServiceDetailView(StaffRequiredMixin, TemplateView):
    template_name = "tracking/service_detail.html"

    def get_context_data(self, **kwargs):
        service = visible_service(self.request.user, self.kwargs["pk"])
        today = timezone.localdate()
        return super().get_context_data(
            service=service,
            graduate=service.graduate,
            status_today=services.status_on(service, today),
            overdue=service.next_follow_up_due is not None and service.next_follow_up_due < today,
            changes=service.changes.select_related("decided_by").order_by("-reported_on", "-pk"),
            contacts=service.contacts.select_related("staff"),
            verifications=service.verifications.select_related("staff"),
            flags=service.flags.select_related("raised_by", "resolved_by"),
            accidents=service.graduate.accident_cases.select_related("assigned_to"),
            contact_form=forms.ContactForm(),
            history=history.history_of(service),
            **kwargs,
        )


class ServiceStartView(WriteRequiredMixin, View):
    """Open the service of a school-placed graduate with a school-arranged job (from the graduate's page)."""

    def post(self, request, graduate_pk):
        graduate = get_object_or_404(records_selectors.graduates_visible_to(request.user), pk=graduate_pk)
        service = services.tracking_service_start(graduate=graduate, acting_user=request.user)
        if service is None:
            messages.error(request, _("只有学校统一安置、且有学校安置就业记录的毕业生才有跟踪服务。"))
            return redirect("records:graduate_detail", pk=graduate.pk)
        messages.success(request, _("已建立跟踪服务。"))
        return redirect("tracking:service_detail", pk=service.pk)


class ServiceTerminateView(ServiceFormView):
    template_name = "tracking/service_terminate.html"
    form_class = forms.TerminateForm
    success_message = _("已终止跟踪服务。")

    @cached_property
    def service(self):
        return visible_service(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(service=self.service, **kwargs)

    def perform(self, form):
        services.tracking_service_terminate(
            service=self.service,
            cause=form.cleaned_data["cause"],
            evidence=form.cleaned_data["evidence"],
            decided_on=form.cleaned_data["decided_on"],
            acting_user=self.request.user,
        )

    def get_success_url(self):
        return reverse("tracking:service_detail", args=[self.service.pk])


# --- Changes (§3) ----------------------------------------------------------------------------------------


class ChangeListView(StaffRequiredMixin, ListView):
    template_name = "tracking/change_list.html"
    context_object_name = "changes"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.status = self.request.GET.get("status", ChangeReport.Status.PENDING)
        changes = selectors.changes_visible_to(self.request.user).select_related(
            "service__graduate__department", "decided_by"
        )
        if self.status in ChangeReport.Status.values:
            changes = changes.filter(status=self.status)
        if self.status == ChangeReport.Status.PENDING:
            return changes.order_by("reported_on", "pk")
        return changes

    def get_context_data(self, **kwargs):
        return super().get_context_data(statuses=ChangeReport.Status.choices, status=self.status, **kwargs)


class ChangeDetailView(WriteRequiredMixin, TemplateView):
    """Read by any staff; confirm (with corrections) or reject by staff who write."""

    template_name = "tracking/change_detail.html"

    def dispatch(self, request, *args, **kwargs):
        # Reading is for every staff member; only POST needs write rights.
        if request.method == "GET":
            return StaffRequiredMixin.dispatch(self, request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def change(self) -> ChangeReport:
        return visible_change(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        kwargs.setdefault("confirm_form", forms.CorrectChangeForm.for_change(self.change))
        kwargs.setdefault("reject_form", forms.RejectChangeForm())
        kwargs.setdefault("proposal_form", forms.ProposalDecisionForm())
        return super().get_context_data(
            change=self.change,
            service=self.change.service,
            graduate=self.change.service.graduate,
            current_job=services.current_job(self.change.service.graduate),
            history=history.history_of(self.change),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "confirm":
            form = forms.CorrectChangeForm.for_change(self.change, request.POST)
            context_key, message = "confirm_form", _("已确认变动，就业档案已更新。")
        elif action == "reject":
            form = forms.RejectChangeForm(request.POST)
            context_key, message = "reject_form", _("已驳回变动。")
        elif action == "proposal":
            form = forms.ProposalDecisionForm(request.POST)
            context_key, message = "proposal_form", _("已处理终止建议。")
        else:
            return redirect("tracking:change_detail", pk=self.change.pk)
        if form.is_valid():
            try:
                self._perform(action, form)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, message)
                return redirect("tracking:change_detail", pk=self.change.pk)
        return self.render_to_response(self.get_context_data(**{context_key: form}))

    def _perform(self, action, form):
        data = form.cleaned_data
        if action == "confirm":
            corrections = {k: v for k, v in data.items() if k in services.CHANGE_FIELDS}
            services.change_report_confirm(
                change=self.change, acting_user=self.request.user, corrections=corrections, note=data["note"]
            )
        elif action == "reject":
            services.change_report_reject(
                change=self.change, acting_user=self.request.user, reason=data["reason"]
            )
        else:
            services.termination_proposal_decide(
                change=self.change,
                terminate=data["decision"] == "terminate",
                note=data["note"],
                decided_on=data["decided_on"],
                acting_user=self.request.user,
            )


class ChangeCreateView(ServiceFormView):
    """A change reported by the employer or by phone, or found by the school."""

    template_name = "tracking/change_form.html"
    form_class = forms.StaffChangeForm
    success_message = _("已登记变动，待确认。")

    @cached_property
    def service(self):
        return visible_service(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(service=self.service, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        self.change = services.change_report_submit(
            service=self.service,
            data=data,
            reported_by=data["reported_by"],
            reported_on=data["reported_on"],
            acting_user=self.request.user,
        )

    def get_success_url(self):
        return reverse("tracking:change_detail", args=[self.change.pk])


class ProposalListView(StaffRequiredMixin, ListView):
    template_name = "tracking/proposal_list.html"
    context_object_name = "proposals"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return (
            selectors.termination_proposals(self.request.user)
            .select_related("service__graduate__department")
            .order_by("occurred_on", "pk")
        )


# --- Follow-ups and verification (§4) --------------------------------------------------------------------


class FollowUpListView(StaffRequiredMixin, ListView):
    """Due and overdue follow-ups of my departments, overdue first; a contact is logged from the row."""

    template_name = "tracking/follow_up_list.html"
    context_object_name = "services"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.today = timezone.localdate()
        self.only_overdue = self.request.GET.get("overdue") == "1"
        due = (
            selectors.overdue_follow_ups(self.request.user, self.today)
            if self.only_overdue
            else selectors.follow_ups_due(self.request.user, self.today, within_days=14)
        )
        return due.select_related("graduate__department", "graduate__major")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            today=self.today,
            only_overdue=self.only_overdue,
            contact_form=forms.ContactForm(),
            **kwargs,
        )


class ContactCreateView(ServiceFormView):
    template_name = "tracking/contact_form.html"
    form_class = forms.ContactForm
    success_message = _("已记录回访。")

    @cached_property
    def service(self):
        return visible_service(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(service=self.service, **kwargs)

    def perform(self, form):
        self.contact = services.follow_up_contact_log(
            service=self.service, data=form.cleaned_data, acting_user=self.request.user
        )
        if self.contact.reached:
            self.success_message = _("已记录回访，下次回访日期：%(date)s。") % {
                "date": TrackingService.objects.get(pk=self.service.pk).next_follow_up_due
                or _("无（服务期内不再安排）")
            }

    def get_success_url(self):
        next_url = self.request.POST.get("next")
        if next_url == "follow_ups":
            return reverse("tracking:follow_up_list")
        return reverse("tracking:service_detail", args=[self.service.pk])


class VerificationCreateView(ServiceFormView):
    template_name = "tracking/verification_form.html"
    form_class = forms.VerificationForm
    success_message = _("已记录核查结果。")

    @cached_property
    def service(self):
        return visible_service(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(service=self.service, **kwargs)

    def perform(self, form):
        services.verification_record(
            service=self.service,
            data=form.cleaned_data,
            change_data=form.change_data() if form.cleaned_data.get("change_type") else None,
            acting_user=self.request.user,
        )

    def get_success_url(self):
        return reverse("tracking:service_detail", args=[self.service.pk])


# --- 违规记录 -------------------------------------------------------------------------------------------


class FlagListView(StaffRequiredMixin, ListView):
    template_name = "tracking/flag_list.html"
    context_object_name = "flags"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.show = self.request.GET.get("show", "open")
        flags = selectors.flags_visible_to(self.request.user).select_related(
            "service__graduate__department", "raised_by", "resolved_by"
        )
        if self.show == "open":
            flags = flags.filter(resolved_at__isnull=True)
        return flags

    def get_context_data(self, **kwargs):
        return super().get_context_data(show=self.show, **kwargs)


class FlagDetailView(ServiceFormView):
    template_name = "tracking/flag_detail.html"
    form_class = forms.ResolveFlagForm
    success_message = _("已办结违规记录。")

    def dispatch(self, request, *args, **kwargs):
        if request.method == "GET":
            return StaffRequiredMixin.dispatch(self, request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def flag(self) -> ViolationFlag:
        return get_object_or_404(
            selectors.flags_visible_to(self.request.user).select_related("service__graduate"),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(flag=self.flag, history=history.history_of(self.flag), **kwargs)

    def perform(self, form):
        services.violation_flag_resolve(
            flag=self.flag, note=form.cleaned_data["resolution_note"], acting_user=self.request.user
        )

    def get_success_url(self):
        return reverse("tracking:flag_detail", args=[self.flag.pk])


# --- Accidents (§5) ----------------------------------------------------------------------------------------


class AccidentListView(StaffRequiredMixin, ListView):
    template_name = "tracking/accident_list.html"
    context_object_name = "cases"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.show = self.request.GET.get("show", "open")
        cases = selectors.accidents_visible_to(self.request.user).select_related(
            "graduate__department", "assigned_to", "employer"
        )
        if self.show == "open":
            cases = cases.filter(closed_on__isnull=True)
        return cases

    def get_context_data(self, **kwargs):
        return super().get_context_data(show=self.show, **kwargs)


class AccidentCreateView(ServiceFormView):
    template_name = "tracking/accident_form.html"
    form_class = forms.AccidentForm
    success_message = _("已登记意外事故。")

    @cached_property
    def graduate(self):
        return get_object_or_404(
            records_selectors.graduates_visible_to(self.request.user), pk=self.kwargs["graduate_pk"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(graduate=self.graduate, **kwargs)

    def perform(self, form):
        self.case = services.accident_case_open(
            graduate=self.graduate, data=form.cleaned_data, acting_user=self.request.user
        )

    def get_success_url(self):
        return reverse("tracking:accident_detail", args=[self.case.pk])


class AccidentDetailView(WriteRequiredMixin, TemplateView):
    template_name = "tracking/accident_detail.html"
    forms_by_action = {"assign": forms.AssignForm, "step": forms.StepForm, "close": forms.CloseCaseForm}

    def dispatch(self, request, *args, **kwargs):
        if request.method == "GET":
            return StaffRequiredMixin.dispatch(self, request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def case(self) -> AccidentCase:
        return get_object_or_404(
            selectors.accidents_visible_to(self.request.user).select_related(
                "graduate", "employer", "assigned_to"
            ),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        for action, form_class in self.forms_by_action.items():
            kwargs.setdefault(f"{action}_form", form_class())
        return super().get_context_data(
            case=self.case,
            steps=self.case.steps.select_related("staff"),
            history=history.history_of(self.case),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        form_class = self.forms_by_action.get(action)
        if form_class is None:
            return redirect("tracking:accident_detail", pk=self.case.pk)
        form = form_class(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "assign":
                    services.accident_case_assign(
                        case=self.case, assignee=data["assigned_to"], acting_user=request.user
                    )
                elif action == "step":
                    services.accident_step_add(case=self.case, data=data, acting_user=request.user)
                else:
                    services.accident_case_close(
                        case=self.case,
                        outcome=data["outcome"],
                        closed_on=data["closed_on"],
                        acting_user=request.user,
                    )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("已保存。"))
                return redirect("tracking:accident_detail", pk=self.case.pk)
        return self.render_to_response(self.get_context_data(**{f"{action}_form": form}))


# --- Graduate invitations ----------------------------------------------------------------------------------


def qr_svg(text: str) -> str:
    """The link as an inline SVG QR code (printable; no script, no external service)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    svg = svg[svg.index("<svg") :]
    # A fixed on-screen size that prints well; presentation attributes, since the CSP allows no inline style.
    return re.sub(r'<svg width="[^"]+" height="[^"]+"', '<svg width="240" height="240"', svg, count=1)


class InvitationCreateView(WriteRequiredMixin, TemplateView):
    """Make a one-time link (with its QR code) for a graduate to set a portal password; print or e-mail it."""

    template_name = "tracking/invitation.html"

    @cached_property
    def graduate(self):
        return get_object_or_404(
            records_selectors.graduates_visible_to(self.request.user), pk=self.kwargs["graduate_pk"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            graduate=self.graduate,
            form=forms.InvitationForm(),
            has_account=hasattr(self.graduate, "portal_user"),
            invitation_days=PolicySettings.current().portal_invitation_days,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = forms.InvitationForm(request.POST)
        form.is_valid()
        invitation, token = services.portal_invitation_create(
            graduate=self.graduate, acting_user=request.user
        )
        link = request.build_absolute_uri(reverse("portal:accept", args=[token]))
        emailed = False
        if form.cleaned_data.get("send_email") and self.graduate.email:
            send_mail(
                _("毕业生就业跟踪服务：设置登录密码"),
                _(
                    "%(name)s同学：\n\n请在 %(expires)s 前打开以下链接设置密码，之后用学号和密码登录，查看跟踪服务并通报就业变动：\n%(link)s\n"
                )
                % {
                    "name": self.graduate.name,
                    "expires": timezone.localtime(invitation.expires_at).strftime("%Y-%m-%d %H:%M"),
                    "link": link,
                },
                settings.DEFAULT_FROM_EMAIL,
                [self.graduate.email],
            )
            emailed = True
        response = TemplateResponse(
            request,
            "tracking/invitation_print.html",
            {
                "graduate": self.graduate,
                "invitation": invitation,
                "link": link,
                "qr_svg": mark_safe(qr_svg(link)),  # noqa: S308 - generated by qrcode from our own link
                "emailed": emailed,
            },
        )
        add_never_cache_headers(response)
        return response


# --- The call queue (回访工作台, §4) ----------------------------------------------------------------------

QUEUE_FILTERS = ("department", "major", "class_name", "cohort", "search")


def _queue_filters(request) -> tuple[forms.QueueFilterForm, str]:
    """The queue's filters from the query, and the same as a query string for the links between screens."""
    form = forms.QueueFilterForm(request.GET)
    form.is_valid()
    query = request.GET.copy()
    for name in list(query):
        if name not in QUEUE_FILTERS:
            del query[name]
    return form, query.urlencode()


class QueueView(StaffRequiredMixin, ListView):
    """回访工作台: the due and overdue follow-ups of my departments, most overdue first, filtered and searched;
    each opens the contact screen. Below, the graduates who confirmed themselves lately (本人确认)."""

    template_name = "tracking/queue.html"
    context_object_name = "services"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.today = timezone.localdate()
        self.filter_form, self.query = _queue_filters(self.request)
        return selectors.follow_up_queue(
            self.request.user, self.today, **self.filter_form.selector_arguments()
        )

    def get_context_data(self, **kwargs):
        user = self.request.user
        visible = records_selectors.graduates_visible_to(user)
        since = self.today - datetime.timedelta(days=PolicySettings.current().follow_up_months * 31)
        return super().get_context_data(
            today=self.today,
            filter_form=self.filter_form,
            query=self.query,
            departments=records_selectors.departments_visible_to(user).order_by("code"),
            majors=records_selectors.majors_visible_to(user).order_by("department__code", "code"),
            class_names=visible.exclude(class_name="")
            .order_by("class_name")
            .values_list("class_name", flat=True)
            .distinct(),
            cohorts=visible.order_by("-graduation_year").values_list("graduation_year", flat=True).distinct(),
            overdue_count=selectors.overdue_follow_ups(user, self.today).count(),
            confirmations=selectors.self_confirmations(user, since=since)[:10],
            **kwargs,
        )


class QueueContactView(WriteRequiredMixin, TemplateView):
    """One graduate of the queue on one screen: the current job, contacts, open items and the questions
    prefilled with the file's values. Saving logs the contact (tracking.services.follow_up_contact_answered);
    a differing answer creates a pending change shown here to confirm; 下一位 moves on in the same queue."""

    template_name = "tracking/queue_contact.html"

    @cached_property
    def service(self) -> TrackingService:
        return visible_service(self.request.user, self.kwargs["pk"])

    def file(self):
        return services.file_values(self.service.graduate)

    def get_form(self):
        return forms.QueueContactForm(self.request.POST or None, file=self.file())

    def _order_key(self) -> tuple[str, str]:
        """The service's place in the queue when the screen was opened, for 下一位."""
        due = self.request.GET.get("due") or self.request.POST.get("due")
        if not due:
            due = (self.service.next_follow_up_due or timezone.localdate()).isoformat()
        return due, self.service.graduate.student_no

    def get_context_data(self, **kwargs):
        service = self.service
        graduate = service.graduate
        _form, query = _queue_filters(self.request)
        due, student_no = self._order_key()
        today = timezone.localdate()
        contacts = list(service.contacts.select_related("staff")[:5])
        return super().get_context_data(
            service=service,
            graduate=graduate,
            today=today,
            job=services.current_job(graduate),
            contacts=contacts,
            last_contact=contacts[0] if contacts else None,
            pending_changes=service.changes.filter(status=ChangeReport.Status.PENDING).order_by("-pk"),
            open_flags=service.flags.filter(resolved_at__isnull=True),
            open_accidents=graduate.accident_cases.filter(closed_on__isnull=True),
            overdue=service.next_follow_up_due is not None and service.next_follow_up_due < today,
            due=due,
            query=query,
            next_url=reverse("tracking:queue_next") + f"?{query}&after_due={due}&after_no={student_no}",
            form=kwargs.pop("form", None) or self.get_form(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            try:
                message = self.perform(form.cleaned_data)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, message)
                _form, query = _queue_filters(request)
                due, _no = self._order_key()
                url = reverse("tracking:queue_contact", args=[self.service.pk])
                return HttpResponseRedirect(f"{url}?{query}&due={due}")
        return self.render_to_response(self.get_context_data(form=form))

    def perform(self, data) -> str:
        outcome = data["outcome"]
        contact_data = {
            "contacted_on": data.get("contacted_on"),
            "channel": data.get("channel"),
            "reached": outcome != "not_reached",
            "notes": data.get("notes"),
            "occurred_on": data.get("occurred_on"),
        }
        file = self.file()
        if outcome == "answered":
            answers = rules.ContactAnswers(
                still_with_employer=data.get("still_with_employer") if file.has_job else None,
                new_employer_name=data.get("new_employer_name") or "",
                post=data.get("post") or "",
                title=data.get("title") or "",
                monthly_salary=data.get("monthly_salary"),
                **{name: data.get(name) or "" for name in forms.CONTACT_FIELD_NAMES},
            )
        elif outcome == "unchanged":
            answers = rules.ContactAnswers(
                still_with_employer=True if file.has_job else None,
                post=file.post,
                title=file.title,
                monthly_salary=file.monthly_salary,
                **{name: getattr(file, name) for name in forms.CONTACT_FIELD_NAMES},
            )
        else:
            answers = None
        _contact, changes = services.follow_up_contact_answered(
            service=self.service, data=contact_data, answers=answers, acting_user=self.request.user
        )
        if outcome == "not_reached":
            return _("已记录：未联系上，回访日期不变。")
        due = TrackingService.objects.get(pk=self.service.pk).next_follow_up_due
        message = _("已记录回访，下次回访日期：%(date)s。") % {"date": due or _("无（服务期内不再安排）")}
        if changes:
            message += _("发现 %(count)s 项变动，请在下方确认。") % {"count": len(changes)}
        return message


class QueueChangeConfirmView(WriteRequiredMixin, View):
    """Confirm, from the contact screen, a change the contact found (tracking.services.change_report_confirm)."""

    def post(self, request, pk, change_pk):
        service = visible_service(request.user, pk)
        change = get_object_or_404(selectors.changes_visible_to(request.user), pk=change_pk, service=service)
        try:
            services.change_report_confirm(change=change, acting_user=request.user)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("已确认变动，就业档案已更新。"))
        _form, query = _queue_filters(request)
        due = request.POST.get("due", "")
        return HttpResponseRedirect(reverse("tracking:queue_contact", args=[pk]) + f"?{query}&due={due}")


class QueueNextView(StaffRequiredMixin, View):
    """下一位: the next graduate of the same filtered queue after the one just worked."""

    def get(self, request):
        form, query = _queue_filters(request)
        queue = selectors.follow_up_queue(request.user, **form.selector_arguments())
        try:
            due = datetime.date.fromisoformat(request.GET.get("after_due", ""))
        except ValueError:
            due = datetime.date.min
        following = selectors.next_in_queue(queue, due=due, student_no=request.GET.get("after_no", ""))
        if following is None:
            messages.info(request, _("已是队列中的最后一位。"))
            return HttpResponseRedirect(reverse("tracking:queue") + f"?{query}")
        url = reverse("tracking:queue_contact", args=[following.pk])
        return HttpResponseRedirect(f"{url}?{query}&due={following.next_follow_up_due.isoformat()}")
