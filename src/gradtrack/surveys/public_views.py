"""The employer form behind its link (/f/<token>/): no login, phone first.

An unknown, expired or already submitted link gets a friendly page that shows nothing of the school's data —
no school name, no employer, no graduate."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gradtrack.core.models import SchoolProfile
from gradtrack.security import throttle
from gradtrack.security.network import client_address
from gradtrack.surveys import services
from gradtrack.surveys.forms import EmployerForm, GraduateRowFormSet, rows_of
from gradtrack.surveys.models import EmployerResponse, Invitation

UNAVAILABLE = "surveys/public/unavailable.html"
ROW_REF_SALT = "gradtrack.surveys.employer-form-row"


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


def row_ref(invitation: Invitation, graduate_id: int) -> str:
    # Opaque and bound to the invitation: it names a graduate of this form only, and reveals no id.
    return salted_hmac(ROW_REF_SALT, f"{invitation.public_id}:{graduate_id}").hexdigest()[:24]


def row_formset(invitation: Invitation, rows, data=None, *, every_row=()):
    """The rows (一、) as a formset whose rows name their graduates by opaque references: one for each graduate
    of ``rows`` and ``every_row`` (a row the user does not see may still be named; the service decides)."""
    graduate_ids = {row["graduate_id"] for row in [*every_row, *rows] if row["graduate_id"]}
    row_refs = {row_ref(invitation, graduate_id): graduate_id for graduate_id in graduate_ids}
    refs = {graduate_id: ref for ref, graduate_id in row_refs.items()}
    initial_rows = [
        {"row_ref": refs.get(row["graduate_id"], ""), **{name: row[name] for name in services.ROW_FIELDS}}
        for row in rows
    ]
    return GraduateRowFormSet(data, initial=initial_rows, prefix="rows", form_kwargs={"row_refs": row_refs})


def employer_forms(invitation: Invitation, data=None, files=None):
    """The form and its rows (一、), prefilled; the rows name their graduates by opaque references."""
    response = services.response_for(invitation)
    initial = {name: getattr(response, name) for name in services.FORM_FIELDS}
    prefilled = services.prefilled_rows(invitation)
    rows = list(response.graduates.values("graduate_id", *services.ROW_FIELDS)) if response.pk else prefilled
    # A row saved earlier keeps its reference even when its graduate is no longer prefilled (the service then
    # keeps the row without the link).
    form = EmployerForm(data, files, initial=initial)
    formset = row_formset(invitation, rows, data, every_row=prefilled)
    return response, form, formset


def tampered_rows(formset) -> ValidationError | None:
    formset.is_valid()
    numbers = [str(n) for n, row in enumerate(formset.forms, start=1) if row.has_error("row_ref")]
    if not numbers:
        return None
    return ValidationError(
        _("第 %(rows)s 行毕业生的标识无效（页面内容可能被改动），未保存。请刷新页面后重新填写。")
        % {"rows": "、".join(numbers)},
        code="tampered",
    )


def _rate_limited(request, invitation: Invitation) -> str | None:
    """The refusal's message when this link or this address saved too often (security.throttle)."""
    window = timedelta(minutes=settings.EMPLOYER_FORM_SAVES_MINUTES)
    limits = [
        throttle.RateLimit(
            f"employer-form:link:{invitation.public_id}",
            settings.EMPLOYER_FORM_SAVES_PER_LINK,
            window,
            "link",
        )
    ]
    address = client_address(request)
    if address:
        limits.append(
            throttle.RateLimit(
                f"employer-form:address:{address}",
                settings.EMPLOYER_FORM_SAVES_PER_ADDRESS,
                window,
                "address",
            )
        )
    refused = throttle.rate_limit_hit(*limits)
    if refused is None:
        return None
    if refused.reason == "link":
        message = _("该登记表保存过于频繁，请 %(minutes)s 分钟后再试；已填写的内容仍在本页，未丢失。")
    else:
        message = _("您所在的网络地址提交过于频繁，请 %(minutes)s 分钟后再试；已填写的内容仍在本页，未丢失。")
    return message % {"minutes": refused.minutes}


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
            refused = _rate_limited(request, invitation)
            if refused:
                raise ValidationError(refused, code="throttled")
            tampered = tampered_rows(formset)
            if tampered:
                raise tampered
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
            status = 429 if code == "throttled" else 400
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
    refused = _rate_limited(request, invitation)
    if refused:
        return JsonResponse({"saved": False, "detail": refused}, status=429)
    _response, form, formset = employer_forms(invitation, request.POST)
    tampered = tampered_rows(formset)
    if tampered:
        return JsonResponse({"saved": False, "detail": tampered.messages[0]}, status=400)
    try:
        services.response_save_draft(invitation=invitation, data=form.valid_data(), rows=rows_of(formset))
    except ValidationError:
        return JsonResponse({"saved": False, "detail": _("链接无效或已过期")}, status=410)
    return JsonResponse({"saved": True, "at": timezone.localtime().strftime("%H:%M:%S")})
