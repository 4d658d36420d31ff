"""The employer form behind its link (/f/<token>/): no login, phone first, in two steps.

Step 1 (/f/<token>/) asks whether the graduates the school's records place at the employer are still there
(在岗 / 已离职 / 信息有误, correcting 岗位 or 职务 inline, 增加一位 for one the school missed); step 2
(/f/<token>/2/) the unit's data and the evaluation. Each step's button saves the draft on the server and
redirects (Post/Redirect/Get): a refused submission is kept as a draft and its errors are shown by the page it
redirects to, so Back never shows the browser's resubmission page. Plain forms; employer_form.js only
enhances (autosave, 全部良好 without a round trip).

An unknown, expired or already submitted link gets a friendly page that shows nothing of the school's data —
no school name, no employer, no graduate."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gradtrack.core.models import SchoolProfile
from gradtrack.security import throttle
from gradtrack.security.network import client_address
from gradtrack.surveys import services
from gradtrack.surveys.forms import EmployerForm, GraduateRowFormSet
from gradtrack.surveys.models import Invitation

UNAVAILABLE = "surveys/public/unavailable.html"
ROW_REF_SALT = "gradtrack.surveys.employer-form-row"
STEP_ROWS, STEP_ANSWERS = "1", "2"
STEPS = [(STEP_ROWS, _lazy("在岗情况")), (STEP_ANSWERS, _lazy("单位评价"))]


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
    formset = GraduateRowFormSet(
        data, initial=initial_rows, prefix="rows", form_kwargs={"row_refs": row_refs}
    )
    formset.known_rows = {row["graduate_id"]: row for row in [*every_row, *rows] if row["graduate_id"]}
    return formset


def posted_rows(formset) -> list[dict]:
    """The rows as posted. A row naming a graduate by its reference shows only its status, 岗位 and 职务 (step
    1's compact row): the fields it did not post keep the values the school's records or the saved row hold."""
    formset.is_valid()
    rows = []
    for form in formset.forms:
        cleaned = getattr(form, "cleaned_data", None)
        if not cleaned:
            continue
        known = formset.known_rows.get(cleaned.get("graduate_id"))
        if known:
            absent = [name for name in services.ROW_FIELDS if form.add_prefix(name) not in form.data]
            cleaned = {**cleaned, **{name: known[name] for name in absent}}
        rows.append(cleaned)
    return rows


def employer_forms(invitation: Invitation, data=None, files=None):
    """The form and its rows (一、), prefilled; the rows name their graduates by opaque references."""
    response = services.response_for(invitation)
    initial = {name: getattr(response, name) for name in services.FORM_FIELDS}
    prefilled = services.prefilled_rows(invitation)
    rows = list(response.graduates.values("graduate_id", *services.ROW_FIELDS)) if response.pk else prefilled
    # A row saved earlier keeps its reference even when its graduate is no longer prefilled (the service then
    # keeps the row without the link).
    form = EmployerForm(data, files, initial=initial)
    form.has_scan = bool(response.stamp_scan)
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


def posted_parts(invitation: Invitation, request, form, formset) -> tuple[dict, list[dict] | None]:
    """What a POST saves: step 1 its rows (and the counts step 2 starts from), step 2 its answers; a post of
    the whole form (no step: paper entry) both."""
    step = request.POST.get("step")
    if step == STEP_ROWS:
        rows = posted_rows(formset)
        return services.step_one_counts(invitation, rows), rows
    data = form.valid_data()
    if request.POST.get("action") == "all_good":
        data.update(form.all_good())
    if step == STEP_ANSWERS:
        return data, None
    return data, posted_rows(formset)


def _step_url(request, token: str, step: str, query: str = "") -> str:
    names = {STEP_ROWS: "employer_form:form", STEP_ANSWERS: "employer_form:answers"}
    return reverse(names[step], kwargs={"token": token}) + query


def _render_step(request, invitation, step: str, form, formset, status=200):
    rows = [row for row in formset.forms if row.prefilled]
    return render(
        request,
        "surveys/public/form.html",
        {
            "invitation": invitation,
            "school": SchoolProfile.current(),
            "form": form,
            "formset": formset,
            "step": step,
            "steps": STEPS,
            "graduate_count": len(rows),
            "saved": request.GET.get("saved") == "1",
        },
        status=status,
    )


def _refusal_key(invitation: Invitation) -> str:
    return f"employer-form-refused:{invitation.public_id}"


def _posted_answers(post) -> dict[str, list[str]]:
    """Step 2's answers as typed (the rows are saved; the token and the buttons are not answers)."""
    skip = {"csrfmiddlewaretoken", "action"}
    return {key: post.getlist(key) for key in post if key not in skip and not key.startswith("rows-")}


def _query(answers: dict[str, list[str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, values in answers.items():
        query.setlist(key, values)
    query.setlist("step", [STEP_ANSWERS])
    return query


def _error_messages(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {name: [m for e in errors for m in e.messages] for name, errors in error.error_dict.items()}
    return {"__all__": [str(m) for m in error.messages]}


def _employer_step(request, token: str, step: str):
    invitation, refusal = _usable(token)
    if refusal == "submitted":
        return _unavailable(request, 200, submitted=True)
    if refusal:
        return _unavailable(request, refusal)
    if request.method != "POST":
        services.invitation_opened(invitation)
        refused = request.session.pop(_refusal_key(invitation), None) if step == STEP_ANSWERS else None
        if refused:
            # The refused submission as it was typed, with its errors (kept by the POST below).
            _response, form, formset = employer_forms(invitation, _query(refused["post"]))
            form.show_errors(refused["errors"])
        else:
            _response, form, formset = employer_forms(invitation)
            if step == STEP_ANSWERS and request.GET.get("check") == "1":
                form.show_errors(services.response_errors(invitation))
        return _render_step(request, invitation, step, form, formset)
    _response, form, formset = employer_forms(invitation, request.POST, request.FILES)
    action = request.POST.get("action")
    posted_step = request.POST.get("step")  # none: the whole form in one post
    data, rows = posted_parts(invitation, request, form, formset)
    try:
        refused = _rate_limited(request, invitation)
        if refused:
            raise ValidationError(refused, code="throttled")
        tampered = tampered_rows(formset)
        if tampered:
            raise tampered
        if action == "submit" and posted_step != STEP_ROWS:
            try:
                if form.errors:
                    raise ValidationError(_("请检查标红的项目"), code="invalid")
                services.response_submit(invitation=invitation, data=data, rows=rows)
            except ValidationError as error:
                if getattr(error, "code", None) in ("submitted", "expired"):
                    raise
                # Kept as a draft; the answers page shows the errors with what was typed (Post/Redirect/Get).
                services.response_save_draft(invitation=invitation, data=data, rows=rows)
                request.session[_refusal_key(invitation)] = {
                    "post": _posted_answers(request.POST),
                    "errors": _error_messages(error),
                }
                return redirect(_step_url(request, token, STEP_ANSWERS, "?check=1"))
            return redirect("employer_form:thanks", token=token)
        services.response_save_draft(invitation=invitation, data=data, rows=rows)
    except ValidationError as error:
        code = getattr(error, "code", None)
        if code in ("submitted", "expired"):
            return _unavailable(request, 410 if code == "expired" else 200, code == "submitted")
        form.add_service_error(error)
        status = 429 if code == "throttled" else 400
        return _render_step(request, invitation, posted_step or step, form, formset, status=status)
    if action == "back":
        return redirect(_step_url(request, token, STEP_ROWS, "?saved=1"))
    if action == "next":
        return redirect(_step_url(request, token, STEP_ANSWERS))
    if action == "all_good":
        return redirect(_step_url(request, token, STEP_ANSWERS, "#sec-matrix"))
    return redirect(
        _step_url(
            request, token, posted_step if posted_step in (STEP_ROWS, STEP_ANSWERS) else step, "?saved=1"
        )
    )


@never_cache
def employer_form(request, token: str):
    """Step 1: the graduates (also takes a post of the whole form)."""
    return _employer_step(request, token, STEP_ROWS)


@never_cache
def employer_form_answers(request, token: str):
    """Step 2: the unit's data and the evaluation."""
    return _employer_step(request, token, STEP_ANSWERS)


@never_cache
def employer_form_thanks(request, token: str):
    """The thank-you page after submitting, with the school's phone and e-mail for a correction."""
    invitation = services.invitation_from_token(token)
    if invitation is None or invitation.submitted_at is None:
        return _unavailable(request, 404)
    return render(request, "surveys/public/thanks.html", {"school": SchoolProfile.current()})


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
    data, rows = posted_parts(invitation, request, form, formset)
    tampered = tampered_rows(formset)
    if tampered:
        return JsonResponse({"saved": False, "detail": tampered.messages[0]}, status=400)
    try:
        services.response_save_draft(invitation=invitation, data=data, rows=rows)
    except ValidationError:
        return JsonResponse({"saved": False, "detail": _("链接无效或已过期")}, status=410)
    return JsonResponse({"saved": True, "at": timezone.localtime().strftime("%H:%M:%S")})
