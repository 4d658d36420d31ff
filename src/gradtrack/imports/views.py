"""Upload → preview → confirm → result. The uploaded file waits in Django's storage and the session names it, so
any app server can show the preview or apply it; nothing is written before the confirmation."""

import secrets
from dataclasses import replace
from pathlib import PurePath

from django.conf import settings
from django.contrib import messages
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from gradtrack.accounts import privacy
from gradtrack.accounts.mixins import ReferenceDataRequiredMixin
from gradtrack.core.concurrency import ConcurrentEditError
from gradtrack.core.models import MajorCategory
from gradtrack.core.xlsx import xlsx_response
from gradtrack.imports import reader, services, uploads
from gradtrack.imports.columns import COLUMNS
from gradtrack.imports.forms import MajorChoiceForm, RosterUploadForm
from gradtrack.imports.services import Change
from gradtrack.imports.summary import labelled_counts
from gradtrack.imports.template import roster_template
from gradtrack.records import selectors
from gradtrack.records.models import Department, Graduate, Major

PENDING_KEY = "imports.pending"
RESULT_KEY = "imports.result"
PREVIEW_LIMIT = 200
PROBLEM_LIMIT = 1000
RESULT_LINK_LIMIT = 200


def _discard_pending(request) -> None:
    pending = request.session.pop(PENDING_KEY, None)
    if pending:
        uploads.upload_discard(pending["path"])


def _pending(request, token: str) -> dict:
    pending = request.session.get(PENDING_KEY)
    if not pending or not secrets.compare_digest(pending["token"], token):
        raise Http404(_("没有这份待导入的文件，请重新上传。"))
    if not default_storage.exists(pending["path"]):
        request.session.pop(PENDING_KEY, None)
        raise Http404(_("上传的文件已不存在，请重新上传。"))
    return pending


def _read(pending: dict) -> reader.Roster:
    with default_storage.open(pending["path"], "rb") as source:
        return reader.read_roster(source, file_name=pending["file_name"], max_rows=settings.IMPORT_MAX_ROWS)


def _plan(pending: dict, roster: reader.Roster) -> services.ImportPlan:
    category = MajorCategory.objects.filter(pk=pending["major_category"]).first()
    return services.graduate_import_plan(
        roster,
        create_missing=pending["create_missing"],
        major_category=category,
        major_choices=pending.get("major_choices", {}),
    )


def _url(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


class UploadView(ReferenceDataRequiredMixin, FormView):
    template_name = "imports/upload.html"
    form_class = RosterUploadForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(columns=COLUMNS, max_rows=settings.IMPORT_MAX_ROWS, **kwargs)

    def form_valid(self, form):
        _discard_pending(self.request)
        uploads.uploads_purge_abandoned()
        upload = form.cleaned_data["file"]
        token = secrets.token_urlsafe(16)
        path = uploads.upload_store(upload, token=token)
        category = form.cleaned_data["major_category"]
        self.request.session[PENDING_KEY] = {
            "token": token,
            "path": path,
            "file_name": PurePath(upload.name).name,
            "create_missing": form.cleaned_data["create_missing"],
            "major_category": category.pk if category else None,
        }
        return redirect("imports:preview", token=token)


class TemplateDownloadView(ReferenceDataRequiredMixin, View):
    def get(self, request):
        return xlsx_response(roster_template(), _("毕业生导入模板.xlsx"))


def _masked(changes: list[Change]) -> list[Change]:
    """The preview is a list of many graduates: 身份证号 masked there like in every list (accounts.privacy)."""
    label = str(Graduate._meta.get_field("id_number").verbose_name)
    return [
        replace(
            change,
            fields=[
                (name, privacy.mask_id_number(old), privacy.mask_id_number(new))
                if name == label
                else (name, old, new)
                for name, old, new in change.fields
            ],
        )
        for change in changes
    ]


class PreviewView(ReferenceDataRequiredMixin, TemplateView):
    template_name = "imports/preview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pending = _pending(self.request, self.kwargs["token"])
        context.update(pending=pending, token=self.kwargs["token"])
        try:
            roster = _read(pending)
        except reader.RosterError as error:
            context["file_error"] = error.message
            return context
        plan = _plan(pending, roster)
        created, updated = plan.created(), plan.updated()
        context.update(
            plan=plan,
            counts=labelled_counts(plan.counts),
            created=_masked(created[:PREVIEW_LIMIT]),
            created_more=max(0, len(created) - PREVIEW_LIMIT),
            updated=_masked(updated[:PREVIEW_LIMIT]),
            updated_more=max(0, len(updated) - PREVIEW_LIMIT),
            problems=plan.problems[:PROBLEM_LIMIT],
            problems_more=max(0, len(plan.problems) - PROBLEM_LIMIT),
            fingerprint=plan.fingerprint(),
            skipped_count=len(plan.skipped_rows) + len(plan.duplicate_rows),
            new_departments=[p.instance for p in plan.creates[Department]],
            new_majors=[p.instance for p in plan.creates[Major]],
            major_form=kwargs.get("major_form") or MajorChoiceForm(list(plan.unmatched_majors.values())),
        )
        return context

    def post(self, request, token):
        """The choices of the drop-downs for the new majors the catalogue does not know, kept with the pending
        upload (nothing is written); the preview is then planned again with them."""
        pending = _pending(request, token)
        try:
            plan = _plan(pending, _read(pending))
        except reader.RosterError as error:
            messages.error(request, error.message)
            return redirect("imports:preview", token=token)
        form = MajorChoiceForm(list(plan.unmatched_majors.values()), request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(major_form=form))
        pending["major_choices"] = {**pending.get("major_choices", {}), **form.choices()}
        request.session[PENDING_KEY] = pending
        return redirect("imports:preview", token=token)


class ConfirmView(ReferenceDataRequiredMixin, View):
    def post(self, request, token):
        pending = _pending(request, token)
        try:
            roster = _read(pending)
        except reader.RosterError as error:
            messages.error(request, error.message)
            return redirect("imports:preview", token=token)
        stale = _("数据在预览之后有了变化，请核对新的预览后再确认。")
        try:
            with transaction.atomic():
                # Planned again inside the transaction that writes, so the plan is the database's state now.
                plan = _plan(pending, roster)
                if plan.has_problems or plan.fingerprint() != request.POST.get("fingerprint"):
                    messages.warning(request, stale)
                    return redirect("imports:preview", token=token)
                result = services.graduate_import_apply(plan, acting_user=request.user)
        except (ConcurrentEditError, IntegrityError):
            # someone saved one of these records while the import was being written; nothing was written
            messages.warning(request, stale)
            return redirect("imports:preview", token=token)
        _discard_pending(request)
        request.session[RESULT_KEY] = {
            "token": token,
            "file_name": result.file_name,
            "counts": result.counts,
            "graduate_ids": result.graduate_ids[:RESULT_LINK_LIMIT],
            "graduate_total": len(result.graduate_ids),
        }
        messages.success(request, _("导入完成：%(name)s") % {"name": result.file_name})
        return redirect("imports:result", token=token)


class ResultView(ReferenceDataRequiredMixin, TemplateView):
    template_name = "imports/result.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        result = self.request.session.get(RESULT_KEY)
        if not result or not secrets.compare_digest(result["token"], self.kwargs["token"]):
            raise Http404(_("没有这次导入的结果。"))
        graduates = selectors.graduates_visible_to(self.request.user).filter(pk__in=result["graduate_ids"])
        context.update(
            result=result,
            counts=labelled_counts(result["counts"]),
            graduates=[(graduate, _url("records:graduate_detail", graduate.pk)) for graduate in graduates],
            graduates_more=max(0, result["graduate_total"] - len(result["graduate_ids"])),
            graduate_list_url=_url("records:graduate_list"),
        )
        return context
