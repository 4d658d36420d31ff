"""Staff pages of the survey calendar. Reads start from surveys.selectors (out of scope → 404); writes go
through surveys.services, whose ValidationError is shown as a message or inline on the form."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.generic import ListView, TemplateView, View

from gradtrack.accounts import roles
from gradtrack.accounts.mixins import StaffRequiredMixin, WriteRequiredMixin
from gradtrack.core import history
from gradtrack.core.models import SchoolProfile
from gradtrack.records import selectors as records_selectors
from gradtrack.records.models import Employer
from gradtrack.security import access_log
from gradtrack.surveys import documents, selectors, services
from gradtrack.surveys.forms import (
    CampaignYearForm,
    ForumForm,
    ForumOpinionForm,
    ForumOpinionFormSet,
    ForumOpinionThemesForm,
    PaperSourceForm,
    PlanAddForm,
    SuggestionThemeForm,
    TripDecisionForm,
    TripForm,
    VisitForm,
)
from gradtrack.surveys.models import (
    Campaign,
    EmployerResponse,
    Forum,
    ForumOpinion,
    Invitation,
    SuggestionTheme,
    Trip,
)
from gradtrack.surveys.public_views import employer_forms, posted_rows, row_formset, tampered_rows


def link_for(request):
    def build(invitation: Invitation) -> str:
        return request.build_absolute_uri(services.invitation_path(invitation))

    return build


class ManagerRequiredMixin(StaffRequiredMixin):
    """就业指导中心 and administrators: campaigns, plans, invitations."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not roles.can_manage_surveys(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def visible_campaign(user, pk) -> Campaign:
    return get_object_or_404(selectors.campaigns_visible_to(user), pk=pk)


def visible_invitation(user, pk) -> Invitation:
    return get_object_or_404(
        selectors.invitations_visible_to(user).select_related("campaign", "employer"), pk=pk
    )


def visible_trip(user, pk) -> Trip:
    return get_object_or_404(
        selectors.trips_visible_to(user).select_related("campaign", "department", "requested_by"), pk=pk
    )


# --- Campaigns ---------------------------------------------------------------------------------------------


class CampaignListView(StaffRequiredMixin, ListView):
    template_name = "surveys/campaign_list.html"
    context_object_name = "campaigns"

    def get_queryset(self):
        return selectors.campaigns_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["progress"] = [
            selectors.campaign_progress(campaign, self.request.user) for campaign in context["campaigns"]
        ]
        context["year_form"] = CampaignYearForm()
        context["can_manage"] = roles.can_manage_surveys(self.request.user)
        return context


class CampaignCreateView(ManagerRequiredMixin, View):
    def post(self, request):
        form = CampaignYearForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("请填写有效的年度"))
            return redirect("surveys:campaign_list")
        try:
            created = services.campaigns_create_for_year(
                year=form.cleaned_data["year"], acting_user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("surveys:campaign_list")
        messages.success(request, _("已创建 %(n)s 项调查活动并抽取样本单位") % {"n": len(created)})
        return redirect("surveys:campaign_list")


class CampaignDetailView(StaffRequiredMixin, TemplateView):
    template_name = "surveys/campaign_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        campaign = visible_campaign(user, kwargs["pk"])
        counts = selectors.employer_counts(campaign)
        by_employer = {c.employer_id: c.graduates for c in counts}
        entries = list(campaign.plan_entries.select_related("employer"))
        invitations = {
            i.employer_id: i for i in selectors.invitations_visible_to(user).filter(campaign=campaign)
        }
        visible_ids = set(invitations)
        context.update(
            campaign=campaign,
            progress=selectors.campaign_progress(campaign, user),
            entries=[
                {
                    "entry": entry,
                    "graduates": by_employer.get(entry.employer_id, 0),
                    "invitation": invitations.get(entry.employer_id),
                }
                for entry in entries
            ],
            hidden_invitations=len([e for e in entries if e.employer_id not in visible_ids])
            if not roles.sees_whole_school(user)
            else 0,
            can_manage=roles.can_manage_surveys(user),
            can_write=roles.can_write(user),
            add_form=PlanAddForm(),
            trips=selectors.trips_visible_to(user).filter(campaign=campaign),
            forums=selectors.forums_visible_to(user).filter(campaign=campaign),
            history=history.history_of(campaign),
        )
        return context


class CampaignActionView(ManagerRequiredMixin, View):
    """POST-only actions on a campaign; a refused action comes back as a message."""

    def act(self, request, campaign):  # pragma: no cover - every subclass acts
        raise NotImplementedError

    def post(self, request, pk):
        campaign = visible_campaign(request.user, pk)
        try:
            message = self.act(request, campaign)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, message)
        return redirect("surveys:campaign_detail", pk=campaign.pk)


class PlanRedrawView(CampaignActionView):
    def act(self, request, campaign):
        entries = services.plan_draw(campaign=campaign, acting_user=request.user)
        return _("已按规则重新抽取 %(n)s 家单位") % {"n": len(entries)}


class PlanAddView(CampaignActionView):
    def act(self, request, campaign):
        form = PlanAddForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("请选择用人单位"))
        employer = form.cleaned_data["employer"]
        services.plan_add_employer(campaign=campaign, employer=employer, acting_user=request.user)
        return _("已添加：%(name)s") % {"name": employer.name}


class PlanRemoveView(CampaignActionView):
    def act(self, request, campaign):
        employer = get_object_or_404(Employer, pk=request.POST.get("employer") or 0)
        services.plan_remove_employer(campaign=campaign, employer=employer, acting_user=request.user)
        return _("已移除：%(name)s") % {"name": employer.name}


class InvitationsSendView(CampaignActionView):
    def act(self, request, campaign):
        sent = services.invitations_send(
            campaign=campaign, link_for=link_for(request), acting_user=request.user
        )
        return _("邀请已发出：邮件 %(emailed)s 家，需打印邮寄或传真 %(posted)s 家；抽样方案已锁定") % sent


class InvitationsRemindView(CampaignActionView):
    def act(self, request, campaign):
        count = services.invitations_remind(
            campaign=campaign, link_for=link_for(request), acting_user=request.user
        )
        return _("已向 %(n)s 家未反馈的单位发送提醒邮件") % {"n": count}


# --- Invitations and responses -----------------------------------------------------------------------------


# What a letter lists of each graduate (personal data, though none of privacy.SENSITIVE_FIELDS).
LETTER_FIELDS = (_l("姓名"), _l("性别"), _l("专业"), _l("工作岗位"))


@dataclass(frozen=True)
class VisibleRows:
    """A response's rows as the user may see them (surveys.selectors.rows_visible_to), and how many are not."""

    rows: list
    hidden: int
    others: int  # of the hidden rows, those of graduates the user does not see (the rest name no record)

    @classmethod
    def of(cls, user, invitation: Invitation, response: EmployerResponse | None = None) -> "VisibleRows":
        every = services.response_rows(invitation, response)
        rows = selectors.rows_visible_to(user, every)
        shown = {id(row) for row in rows}
        others = [row for row in every if row["graduate_id"] is not None and id(row) not in shown]
        return cls(rows, len(every) - len(rows), len(others))


class InvitationDetailView(StaffRequiredMixin, TemplateView):
    template_name = "surveys/invitation_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        invitation = visible_invitation(self.request.user, kwargs["pk"])
        response = services.response_for(invitation)
        visible = VisibleRows.of(self.request.user, invitation, response)
        context.update(
            invitation=invitation,
            campaign=invitation.campaign,
            link=link_for(self.request)(invitation),
            share_text=documents.share_text(invitation, link_for(self.request)(invitation)),
            response=response if response.pk else None,
            ratings=response.ratings() if response.pk else [],
            rows=visible.rows,
            hidden_rows=visible.hidden,
            scan_withheld=bool(visible.others),
            can_enter=roles.can_write(self.request.user) and not invitation.submitted_at,
        )
        return context


class InvitationQrView(StaffRequiredMixin, View):
    def get(self, request, pk):
        invitation = visible_invitation(request.user, pk)
        return HttpResponse(documents.qr_png(link_for(request)(invitation)), content_type="image/png")


class InvitationQrSheetView(StaffRequiredMixin, View):
    """A page to print and hand over or post up at the employer: its QR code, the link and the deadline."""

    def get(self, request, pk):
        invitation = visible_invitation(request.user, pk)
        link = link_for(request)(invitation)
        return render(
            request,
            "surveys/invitation_qr_sheet.html",
            {
                "invitation": invitation,
                "campaign": invitation.campaign,
                "school": SchoolProfile.current(),
                "link": link,
                "qr_svg": mark_safe(documents.qr_svg(link)),  # noqa: S308 — drawn by qrcode from our own link
            },
        )


class InvitationDocumentView(StaffRequiredMixin, View):
    """The covering letter and paper form: ?format=docx (editable) or pdf (printable)."""

    def get(self, request, pk, fmt):
        invitation = visible_invitation(request.user, pk)
        rows = VisibleRows.of(request.user, invitation).rows
        docx = documents.invitation_docx(invitation, link_for(request)(invitation), rows=rows)
        filename = f"invitation-{invitation.campaign.year}-{invitation.pk}"
        if fmt == "pdf":
            try:
                body, content_type = documents.docx_to_pdf(docx), "application/pdf"
            except documents.ConversionError:
                messages.error(request, _("PDF 生成失败（服务器未安装 LibreOffice），请下载 Word 版本"))
                return redirect("surveys:invitation_detail", pk=invitation.pk)
        else:
            body = docx
            content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        if rows:
            access_log.log_download(
                request,
                subject=_("调查邀请函与登记表：%(employer)s（%(campaign)s）")
                % {"employer": invitation.employer.name, "campaign": invitation.campaign},
                record_count=len(rows),
                fields=LETTER_FIELDS,
            )
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
        return response


class StampScanView(StaffRequiredMixin, View):
    """The stamped scan an employer uploaded, for staff who may see the invitation."""

    def get(self, request, pk):
        invitation = visible_invitation(request.user, pk)
        response = EmployerResponse.objects.filter(invitation=invitation).first()
        if response is None or not response.stamp_scan:
            raise Http404
        if VisibleRows.of(request.user, invitation, response).others:
            # The scan may be the whole stamped form, with the rows of other departments' graduates.
            raise PermissionDenied(_("该扫描件含其他系部毕业生的信息，请由就业指导中心查看"))
        name = response.stamp_scan.name.rsplit("/", 1)[-1]
        return FileResponse(response.stamp_scan.open("rb"), as_attachment=True, filename=name)


class PaperEntryView(WriteRequiredMixin, View):
    """Staff type in a paper or fax return with the employer's own form; the source is recorded."""

    template_name = "surveys/paper_entry.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and roles.is_staff_user(request.user):
            self.invitation = visible_invitation(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def render(self, request, form, formset, source_form, status=200):
        return render(
            request,
            self.template_name,
            {
                "invitation": self.invitation,
                "campaign": self.invitation.campaign,
                "form": form,
                "formset": formset,
                "source_form": source_form,
                "hidden_rows": self.visible.hidden,
                "graduate_count": sum(1 for row in formset.forms if row.prefilled),
            },
            status=status,
        )

    def forms(self, request, data=None, files=None):
        """The employer's form, its rows only those the user may see and edit (the service keeps the rest)."""
        response, form, _every_row = employer_forms(self.invitation, data, files)
        self.visible = VisibleRows.of(request.user, self.invitation, response)
        every_row = services.response_rows(self.invitation, response)
        return form, row_formset(self.invitation, self.visible.rows, data, every_row=every_row)

    def get(self, request, pk):
        if self.invitation.submitted_at:
            return redirect("surveys:invitation_detail", pk=pk)
        form, formset = self.forms(request)
        return self.render(request, form, formset, PaperSourceForm())

    def post(self, request, pk):
        form, formset = self.forms(request, request.POST, request.FILES)
        source_form = PaperSourceForm(request.POST)
        data, rows = form.valid_data(), posted_rows(formset)
        try:
            tampered = tampered_rows(formset)
            if tampered is not None:
                raise tampered
            if request.POST.get("action") in ("draft", "all_good"):
                # 全部良好 (the online form's shortcut) fills the matrix and keeps the entry as a draft.
                if request.POST.get("action") == "all_good":
                    data.update(form.all_good())
                services.response_save_draft(
                    invitation=self.invitation, data=data, rows=rows, acting_user=request.user
                )
                messages.success(request, _("草稿已保存"))
                return redirect("surveys:paper_entry", pk=pk)
            if form.errors or not source_form.is_valid():
                raise ValidationError(_("请检查标红的项目"))
            services.response_submit(
                invitation=self.invitation,
                data=data,
                rows=rows,
                source=source_form.cleaned_data["source"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form.add_service_error(error)
            return self.render(request, form, formset, source_form, status=400)
        messages.success(request, _("登记表已录入"))
        return HttpResponseRedirect(reverse("surveys:invitation_detail", kwargs={"pk": pk}))


# --- Trips, visits, forums ---------------------------------------------------------------------------------


def visit_campaigns():
    return Campaign.objects.filter(kind=Campaign.Kind.SITE_VISIT)


class TripListView(StaffRequiredMixin, ListView):
    template_name = "surveys/trip_list.html"
    context_object_name = "trips"
    paginate_by = 50

    def get_queryset(self):
        return (
            selectors.trips_visible_to(self.request.user)
            .select_related("campaign", "department", "requested_by", "decided_by")
            .prefetch_related("employers")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_write"] = roles.can_write(self.request.user)
        context["visit_campaigns"] = visit_campaigns()
        return context


class TripCreateView(WriteRequiredMixin, View):
    template_name = "surveys/trip_form.html"

    def form(self, request, campaign, data=None):
        plan = campaign.plan_entries.values_list("employer_id", flat=True)
        return TripForm(
            data,
            departments=records_selectors.departments_visible_to(request.user),
            employers=Employer.objects.filter(pk__in=plan).order_by("name")
            if plan
            else Employer.objects.order_by("name"),
        )

    def get(self, request, campaign_pk):
        campaign = get_object_or_404(visit_campaigns(), pk=campaign_pk)
        return render(
            request, self.template_name, {"campaign": campaign, "form": self.form(request, campaign)}
        )

    def post(self, request, campaign_pk):
        campaign = get_object_or_404(visit_campaigns(), pk=campaign_pk)
        form = self.form(request, campaign, request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            employers = data.pop("employers")
            try:
                trip = services.trip_request(
                    campaign=campaign, data=data, employers=employers, acting_user=request.user
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("出差申请已提交，待校领导审批"))
                return redirect("surveys:trip_detail", pk=trip.pk)
        return render(request, self.template_name, {"campaign": campaign, "form": form}, status=400)


class TripDetailView(StaffRequiredMixin, TemplateView):
    template_name = "surveys/trip_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        trip = visible_trip(self.request.user, kwargs["pk"])
        context.update(
            trip=trip,
            employers=trip.employers.order_by("name"),
            visits=trip.visits.select_related("employer", "recorded_by", "response"),
            can_write=roles.can_write(self.request.user),
            can_decide=roles.can_approve_trips(self.request.user) and trip.status == Trip.Status.PENDING,
            can_record_visit=roles.can_write(self.request.user) and trip.status == Trip.Status.APPROVED,
            decision_form=TripDecisionForm(),
            history=history.history_of(trip),
        )
        return context


class TripDecideView(StaffRequiredMixin, View):
    def post(self, request, pk):
        if not roles.can_approve_trips(request.user):
            raise PermissionDenied
        trip = visible_trip(request.user, pk)
        form = TripDecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("请选择批准或不批准"))
            return redirect("surveys:trip_detail", pk=pk)
        try:
            services.trip_decide(
                trip=trip,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
                acting_user=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("审批结果已保存"))
        return redirect("surveys:trip_detail", pk=pk)


class VisitCreateView(WriteRequiredMixin, View):
    template_name = "surveys/visit_form.html"

    def get_trip(self, request, pk):
        trip = visible_trip(request.user, pk)
        return trip, VisitForm(request.POST or None, employers=trip.employers.order_by("name"))

    def get(self, request, pk):
        trip, form = self.get_trip(request, pk)
        if trip.status != Trip.Status.APPROVED:
            messages.error(request, _("出差申请尚未经校领导批准，不能记录走访"))
            return redirect("surveys:trip_detail", pk=pk)
        return render(request, self.template_name, {"trip": trip, "form": form})

    def post(self, request, pk):
        trip, form = self.get_trip(request, pk)
        if form.is_valid():
            data = dict(form.cleaned_data)
            employer = data.pop("employer")
            try:
                services.visit_record(trip=trip, employer=employer, data=data, acting_user=request.user)
            except ValidationError as error:
                if getattr(error, "code", None) == "trip_not_approved":
                    messages.error(request, " ".join(error.messages))
                    return redirect("surveys:trip_detail", pk=pk)
                form.add_service_error(error)
            else:
                messages.success(request, _("走访记录已保存"))
                return redirect("surveys:trip_detail", pk=pk)
        return render(request, self.template_name, {"trip": trip, "form": form}, status=400)


class VisitResponseView(WriteRequiredMixin, View):
    """The employer's form filled in during the visit, typed in like a paper return and linked to the visit."""

    def post(self, request, pk):
        visit = get_object_or_404(
            selectors.visits_visible_to(request.user).select_related("trip__campaign", "employer"), pk=pk
        )
        invitation = services.invitation_for(visit.trip.campaign, visit.employer)
        if visit.response_id or invitation.submitted_at:
            return redirect("surveys:invitation_detail", pk=invitation.pk)
        return redirect("surveys:paper_entry", pk=invitation.pk)


class ForumCreateView(WriteRequiredMixin, View):
    template_name = "surveys/forum_form.html"

    def forms(self, request):
        data = request.POST if request.method == "POST" else None
        graduates = records_selectors.graduates_visible_to(request.user)
        # A post without the per-participant rows (the notes alone, or a client of its own) has no formset.
        rows = data if data is not None and "opinions-TOTAL_FORMS" in data else None
        return ForumForm(data), ForumOpinionFormSet(
            rows, prefix="opinions", form_kwargs={"graduates": graduates}
        )

    def get(self, request, pk):
        campaign = get_object_or_404(visit_campaigns(), pk=pk)
        form, opinions = self.forms(request)
        return render(request, self.template_name, {"campaign": campaign, "form": form, "opinions": opinions})

    def post(self, request, pk):
        campaign = get_object_or_404(visit_campaigns(), pk=pk)
        form, opinions = self.forms(request)
        if form.is_valid() and (not opinions.is_bound or opinions.is_valid()):
            try:
                forum = services.forum_record(
                    campaign=campaign,
                    data=form.cleaned_data,
                    opinions=[row for row in opinions.cleaned_data if row] if opinions.is_bound else [],
                    acting_user=request.user,
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("座谈会记录已保存，意见已按主题归类，可在下方调整"))
                return redirect("surveys:forum_detail", pk=forum.pk)
        context = {"campaign": campaign, "form": form, "opinions": opinions}
        return render(request, self.template_name, context, status=400)


def visible_forum(user, pk) -> Forum:
    return get_object_or_404(
        selectors.forums_visible_to(user).select_related("campaign", "recorded_by"), pk=pk
    )


class ForumDetailView(StaffRequiredMixin, TemplateView):
    """A forum with its opinions and their themes; writers add an opinion or correct an opinion's themes."""

    template_name = "surveys/forum_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        forum = kwargs.get("forum") or visible_forum(self.request.user, kwargs["pk"])
        opinions = forum.opinions.select_related("graduate").prefetch_related("themes")
        context.update(
            forum=forum,
            opinions=[
                (
                    opinion,
                    ForumOpinionThemesForm(initial={"themes": list(opinion.themes.all())}, prefix=opinion.pk),
                )
                for opinion in opinions
            ],
            opinion_form=kwargs.get("opinion_form")
            or ForumOpinionForm(graduates=records_selectors.graduates_visible_to(self.request.user)),
            can_write=roles.can_write(self.request.user),
            history=history.history_of(forum),
        )
        return context


class ForumOpinionAddView(WriteRequiredMixin, View):
    def post(self, request, pk):
        forum = visible_forum(request.user, pk)
        form = ForumOpinionForm(request.POST, graduates=records_selectors.graduates_visible_to(request.user))
        if form.is_valid() and (form.cleaned_data.get("text") or "").strip():
            services.forum_opinion_add(forum=forum, data=form.cleaned_data, acting_user=request.user)
            messages.success(request, _("意见已保存并归入主题"))
            return redirect("surveys:forum_detail", pk=pk)
        if form.is_valid():
            form.add_error("text", _("意见和建议：请填写意见内容"))
        view = ForumDetailView(request=request, kwargs={"pk": pk})
        context = view.get_context_data(pk=pk, forum=forum, opinion_form=form)
        return render(request, ForumDetailView.template_name, context, status=400)


class ForumOpinionThemesView(WriteRequiredMixin, View):
    def post(self, request, pk):
        opinion = get_object_or_404(
            ForumOpinion.objects.filter(forum__in=selectors.forums_visible_to(request.user)), pk=pk
        )
        form = ForumOpinionThemesForm(request.POST, prefix=opinion.pk)
        if form.is_valid():
            services.forum_opinion_set_themes(
                opinion=opinion, themes=form.cleaned_data["themes"], acting_user=request.user
            )
            messages.success(request, _("意见的主题已修改"))
        else:
            messages.error(request, _("主题：请从列表中选择"))
        return redirect(reverse("surveys:forum_detail", kwargs={"pk": opinion.forum_id}) + f"#opinion-{pk}")


class SuggestionThemeListView(StaffRequiredMixin, TemplateView):
    """The theme list the reports group the 意见和建议 by (surveys.themes); the centre edits it."""

    template_name = "surveys/theme_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        themes = SuggestionTheme.objects.all()
        invalid = kwargs.get("invalid")
        context.update(
            rows=[
                (
                    theme,
                    invalid[1]
                    if invalid and invalid[0] == theme.pk
                    else SuggestionThemeForm(instance=theme, prefix=f"t{theme.pk}"),
                )
                for theme in themes
            ],
            new_form=invalid[1] if invalid and invalid[0] is None else SuggestionThemeForm(prefix="new"),
            can_edit=services.can_edit_themes(self.request.user),
        )
        return context


class SuggestionThemeSaveView(StaffRequiredMixin, View):
    def post(self, request, pk=None):
        if not services.can_edit_themes(request.user):
            raise PermissionDenied
        theme = get_object_or_404(SuggestionTheme, pk=pk) if pk else None
        prefix = f"t{pk}" if pk else "new"
        form = SuggestionThemeForm(request.POST, instance=theme, prefix=prefix)
        if form.is_valid():
            try:
                services.suggestion_theme_save(theme=theme, data=form.cleaned_data, acting_user=request.user)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("意见主题已保存，未经人工调整的座谈会意见已重新归类"))
                return redirect("surveys:theme_list")
        context = SuggestionThemeListView(request=request).get_context_data(invalid=(pk, form))
        return render(request, SuggestionThemeListView.template_name, context, status=400)


class SuggestionThemeDeleteView(StaffRequiredMixin, View):
    def post(self, request, pk):
        if not services.can_edit_themes(request.user):
            raise PermissionDenied
        theme = get_object_or_404(SuggestionTheme, pk=pk)
        services.suggestion_theme_delete(theme=theme, acting_user=request.user)
        messages.success(request, _("意见主题“%(name)s”已删除") % {"name": theme.name})
        return redirect("surveys:theme_list")
