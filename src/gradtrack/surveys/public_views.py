"""The employer form behind its link (/f/<token>/): no login, phone first.

An unknown, expired or already submitted link gets a friendly page that shows nothing of the school's data —
no school name, no employer, no graduate."""

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gradtrack.core.models import SchoolProfile
from gradtrack.surveys import services
from gradtrack.surveys.forms import EmployerForm, GraduateRowFormSet, rows_of
from gradtrack.surveys.models import EmployerResponse, Invitation

UNAVAILABLE = "surveys/public/unavailable.html"


def _unavailable(request, status: int, submitted: bool = False):
    return render(request, UNAVAILABLE, {"submitted": submitted}, status=status)


def _usable(token: str) -> tuple[Invitation | None, object | None]:
    """The invitation, or the friendly page to answer with instead."""
    invitation = services.invitation_from_token(token)
    if invitation is None:
        return None, 404
    status = invitation.status()
    if status == Invitation.Status.SUBMITTED:
        return None, "submitted"
    if status == Invitation.Status.EXPIRED:
        return None, 410
    return invitation, None


def employer_forms(invitation: Invitation, data=None, files=None):
    response = services.response_for(invitation)
    initial = {name: getattr(response, name) for name in services.FORM_FIELDS}
    rows = (
        list(response.graduates.values("graduate_id", *services.ROW_FIELDS))
        if response.pk
        else services.prefilled_rows(invitation)
    )
    form = EmployerForm(data, files, initial=initial)
    formset = GraduateRowFormSet(data, initial=rows, prefix="rows")
    return response, form, formset


@never_cache
def employer_form(request, token: str):
    invitation, refusal = _usable(token)
    if refusal == "submitted":
        return _unavailable(request, 200, submitted=True)
    if refusal:
        return _unavailable(request, refusal)
    if request.method == "POST":
        response, form, formset = employer_forms(invitation, request.POST, request.FILES)
        data, rows = form.valid_data(), rows_of(formset)
        try:
            if request.POST.get("action") == "draft":
                services.response_save_draft(invitation=invitation, data=data, rows=rows)
                return redirect(request.path + "?saved=1")
            if form.errors:
                raise ValidationError(_("请检查标红的项目"))
            services.response_submit(invitation=invitation, data=data, rows=rows)
        except ValidationError as error:
            code = getattr(error, "code", None)
            if code in ("submitted", "expired"):
                return _unavailable(request, 410 if code == "expired" else 200, code == "submitted")
            form.add_service_error(error)
            status = 400
        else:
            return redirect(request.path)
    else:
        services.invitation_opened(invitation)
        response, form, formset = employer_forms(invitation)
        status = 200
    return render(
        request,
        "surveys/public/form.html",
        {
            "invitation": invitation,
            "school": SchoolProfile.current(),
            "form": form,
            "formset": formset,
            "saved": request.GET.get("saved") == "1",
            "natures": EmployerResponse.Nature,
        },
        status=status,
    )


@never_cache
@require_POST
def employer_form_draft(request, token: str):
    """Called by employer_form.js while the employer types; answers in JSON."""
    invitation, refusal = _usable(token)
    if refusal:
        return JsonResponse({"saved": False, "detail": _("链接无效或已过期")}, status=410)
    _response, form, formset = employer_forms(invitation, request.POST)
    try:
        services.response_save_draft(invitation=invitation, data=form.valid_data(), rows=rows_of(formset))
    except ValidationError:
        return JsonResponse({"saved": False, "detail": _("链接无效或已过期")}, status=410)
    return JsonResponse({"saved": True, "at": timezone.localtime().strftime("%H:%M:%S")})
