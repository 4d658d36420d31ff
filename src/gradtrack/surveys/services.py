"""Every write of the survey calendar, each in one transaction with its history (core.history).

Invitation links: the token is ``<public_id>.<mac>`` where ``mac`` is an HMAC-SHA256 keyed by SECRET_KEY of
the random public_id (django.utils.crypto.salted_hmac). Only the public_id is stored, so a copy of the
database alone cannot answer a form, while a letter or QR code can be printed again with the same link at any
time. Rotating SECRET_KEY invalidates every link that is still out.
"""

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gradtrack.accounts import roles
from gradtrack.core import history, links
from gradtrack.core.models import EmployerNature, HistoryEntry, PolicySettings, SchoolProfile
from gradtrack.records.models import Employer
from gradtrack.surveys import selectors
from gradtrack.surveys import themes as suggestion_themes
from gradtrack.surveys.models import (
    RATING_FIELDS,
    Campaign,
    EmployerResponse,
    Forum,
    ForumOpinion,
    Invitation,
    PlanEntry,
    ResponseGraduate,
    SuggestionTheme,
    Trip,
    Visit,
)
from gradtrack.surveys.sampling import draw_sample

HISTORY_SOURCE = "surveys"
TOKEN_SALT = "gradtrack.surveys.invitation"

# --- Campaigns ---------------------------------------------------------------------------------------------


def campaign_dates(year: int, kind: str, policy: PolicySettings) -> tuple[datetime.date, datetime.date]:
    """(opens_on, closes_on) of a campaign from the settings of POLICY §7."""
    if kind == Campaign.Kind.PAST_COHORTS:
        return datetime.date(year, 1, 1), policy.date_in(year, policy.survey_past_cohorts_deadline)
    if kind == Campaign.Kind.CURRENT_COHORT:
        return (
            policy.date_in(year, policy.survey_current_cohort_opens),
            policy.date_in(year, policy.survey_current_cohort_deadline),
        )
    # Site visits follow the cohort's graduation in June and end with the visit deadline.
    return datetime.date(year, 7, 1), policy.date_in(year, policy.site_visit_deadline)


def campaign_percent(kind: str, policy: PolicySettings) -> int:
    return {
        Campaign.Kind.PAST_COHORTS: policy.survey_past_cohorts_percent,
        Campaign.Kind.CURRENT_COHORT: policy.survey_current_cohort_percent,
        Campaign.Kind.SITE_VISIT: policy.site_visit_percent,
    }[kind]


@transaction.atomic
def campaigns_create_for_year(*, year: int, acting_user) -> list[Campaign]:
    """The three campaigns of a year (those not yet created), each with its plan drawn."""
    if not 1990 <= year <= 9000:
        raise ValidationError({"year": _("年度应在 1990 到 9000 之间")})
    policy = PolicySettings.current()
    report_due = policy.date_in(year, policy.survey_report_deadline)
    created = []
    for kind in Campaign.Kind.values:
        if Campaign.objects.filter(year=year, kind=kind).exists():
            continue
        opens_on, closes_on = campaign_dates(year, kind, policy)
        campaign = Campaign.objects.create(
            year=year,
            kind=kind,
            opens_on=opens_on,
            closes_on=closes_on,
            report_due=report_due,
            percent=campaign_percent(kind, policy),
            created_by=acting_user if getattr(acting_user, "pk", None) else None,
        )
        history.record_create(campaign, actor=acting_user, source=HISTORY_SOURCE)
        plan_draw(campaign=campaign, acting_user=acting_user)
        created.append(campaign)
    if not created:
        raise ValidationError({"year": _("%(year)s 年的调查活动已全部创建") % {"year": year}})
    return created


# --- Sample plans ------------------------------------------------------------------------------------------


def _check_plan_open(campaign: Campaign) -> None:
    if campaign.plan_is_frozen:
        raise ValidationError(_("邀请已发出，抽样方案已锁定，不能再修改"), code="plan_frozen")


@transaction.atomic
def plan_draw(*, campaign: Campaign, acting_user) -> list[PlanEntry]:
    """Draw (or redraw) the plan per POLICY §7; staff changes made before are replaced."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _check_plan_open(campaign)
    campaign.plan_entries.all().delete()
    sample = draw_sample(selectors.employer_counts(campaign), campaign.percent)
    entries = PlanEntry.objects.bulk_create(
        PlanEntry(campaign=campaign, employer_id=chosen.employer_id, rank=rank)
        for rank, chosen in enumerate(sample.chosen, start=1)
    )
    _campaign_event(campaign, _("抽取样本单位 %(n)s 家") % {"n": len(entries)}, acting_user)
    return entries


def _campaign_event(campaign: Campaign, text: str, acting_user) -> None:
    """A line in the campaign's history for what changes its plan or invitations. Also what tells cached
    statistics that the survey's progress moved (core.figures_cache)."""
    history.entry_for(
        campaign, HistoryEntry.Action.UPDATE, {_("调查进展"): ["", text]}, acting_user, HISTORY_SOURCE
    ).save()


@transaction.atomic
def plan_add_employer(*, campaign: Campaign, employer: Employer, acting_user) -> PlanEntry:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _check_plan_open(campaign)
    if campaign.plan_entries.filter(employer=employer).exists():
        raise ValidationError({"employer": _("该单位已在抽样方案中")})
    last = campaign.plan_entries.order_by("-rank").values_list("rank", flat=True).first() or 0
    entry = PlanEntry.objects.create(campaign=campaign, employer=employer, rank=last + 1, added_by_staff=True)
    _campaign_event(campaign, _("加入样本单位：%(name)s") % {"name": employer.name}, acting_user)
    return entry


@transaction.atomic
def plan_remove_employer(*, campaign: Campaign, employer: Employer, acting_user) -> None:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _check_plan_open(campaign)
    if campaign.plan_entries.filter(employer=employer).delete()[0]:
        _campaign_event(campaign, _("移出样本单位：%(name)s") % {"name": employer.name}, acting_user)


# --- Invitations -------------------------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    return links.token_for(TOKEN_SALT, invitation.public_id)


def invitation_path(invitation: Invitation) -> str:
    """The employer form's address for this invitation, without scheme and host."""
    return reverse("employer_form:form", kwargs={"token": invitation_token(invitation)})


def invitation_from_token(token: str) -> Invitation | None:
    """The invitation behind a link, or None for anything else (wrong MAC, unknown, malformed)."""
    public_id = links.public_id_of(TOKEN_SALT, token)
    if public_id is None:
        return None
    return Invitation.objects.select_related("campaign", "employer").filter(public_id=public_id).first()


def _new_invitation(campaign: Campaign, employer: Employer) -> Invitation:
    return Invitation(
        campaign=campaign, employer=employer, public_id=links.new_public_id(), email=employer.email
    )


def invitation_for(campaign: Campaign, employer: Employer) -> Invitation:
    """The employer's invitation of the campaign, created unsent if it has none (paper entry, visits)."""
    invitation = Invitation.objects.filter(campaign=campaign, employer=employer).first()
    if invitation is None:
        invitation = _new_invitation(campaign, employer)
        invitation.save()
    return invitation


def _mail(invitation: Invitation, link: str, *, reminder: bool) -> None:
    school = SchoolProfile.current()
    subject = (
        _("【提醒】%(school)s毕业生就业跟踪登记表") if reminder else _("%(school)s毕业生就业跟踪登记表")
    ) % {"school": school.name}
    body = _(
        "尊敬的%(employer)s领导：\n\n"
        "感谢贵单位多年来对我校人才培养与毕业生就业工作的大力支持与帮助！诚望贵单位协助填写"
        "《%(school)s毕业生就业跟踪登记表》，提出宝贵意见。请在手机或电脑上打开以下链接填写（无需注册，"
        "%(closes)s 前有效）：\n\n%(link)s\n\n%(school)s%(office)s\n电话：%(phone)s"
    ) % {
        "employer": invitation.employer.name,
        "school": school.name,
        "closes": invitation.campaign.closes_on.strftime("%Y-%m-%d"),
        "link": link,
        "office": school.office,
        "phone": school.phone,
    }
    EmailMessage(
        subject, body, to=[invitation.email], reply_to=[school.email] if school.email else None
    ).send()


@transaction.atomic
def invitations_send(*, campaign: Campaign, link_for: Callable[[Invitation], str], acting_user) -> dict:
    """Freeze the plan, give each sampled employer its invitation, e-mail those with an address.

    Employers without an address are marked sent too: their letter is printed and posted or faxed."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.is_visit:
        raise ValidationError(_("实地走访不发放邀请，请提交出差申请"))
    if campaign.is_closed():
        raise ValidationError(_("调查已截止，不能再发送邀请"))
    now = timezone.now()
    if not campaign.plan_is_frozen:
        campaign.plan_frozen_at = now
        campaign.save(update_fields=["plan_frozen_at"])
    emailed = posted = 0
    for entry in campaign.plan_entries.select_related("employer"):
        invitation = invitation_for(campaign, entry.employer)
        if invitation.sent_at:
            continue
        invitation.email = entry.employer.email
        invitation.sent_at = now
        invitation.save(update_fields=["email", "sent_at"])
        if invitation.email:
            link = link_for(invitation)
            transaction.on_commit(lambda inv=invitation, link=link: _mail(inv, link, reminder=False))
            emailed += 1
        else:
            posted += 1
    if emailed or posted:
        text = _("发出邀请：邮件 %(emailed)s 家，邮寄或传真 %(posted)s 家") % {
            "emailed": emailed,
            "posted": posted,
        }
        _campaign_event(campaign, text, acting_user)
    return {"emailed": emailed, "posted": posted}


@transaction.atomic
def invitations_remind(*, campaign: Campaign, link_for: Callable[[Invitation], str], acting_user) -> int:
    """E-mail again only the employers that were sent a link and have not answered."""
    if campaign.is_closed():
        raise ValidationError(_("调查已截止，不能再发送提醒"))
    return _remind(campaign, _unanswered(campaign), link_for, acting_user)


def _unanswered(campaign: Campaign):
    return (
        campaign.invitations.select_related("employer", "campaign")
        .filter(sent_at__isnull=False, submitted_at__isnull=True)
        .exclude(email="")
    )


def _remind(campaign: Campaign, invitations, link_for: Callable[[Invitation], str], acting_user) -> int:
    now = timezone.now()
    reminded = 0
    for invitation in invitations:
        invitation.last_reminded_at = now
        invitation.reminder_count += 1
        invitation.save(update_fields=["last_reminded_at", "reminder_count"])
        link = link_for(invitation)
        transaction.on_commit(lambda inv=invitation, link=link: _mail(inv, link, reminder=True))
        reminded += 1
    if reminded:
        _campaign_event(campaign, _("发送提醒 %(n)s 家") % {"n": reminded}, acting_user)
    return reminded


def invitations_remind_due(*, today: datetime.date, link_for: Callable[[Invitation], str]) -> int:
    """For ``gradtrack daily``: remind the employers of open campaigns that have not answered within
    ``survey_reminder_days`` of the invitation or of the last reminder. Running it twice a day sends nothing
    twice (the second run finds every reminder too recent)."""
    days = PolicySettings.current().survey_reminder_days
    if not days:
        return 0
    due_before = timezone.make_aware(
        datetime.datetime.combine(today, datetime.time.min)
    ) - datetime.timedelta(days=days - 1)
    total = 0
    for campaign in Campaign.objects.filter(opens_on__lte=today, closes_on__gte=today):
        due = _unanswered(campaign).filter(
            Q(last_reminded_at__isnull=True, sent_at__lt=due_before) | Q(last_reminded_at__lt=due_before)
        )
        with transaction.atomic():
            total += _remind(campaign, due, link_for, None)
    return total


def invitation_opened(invitation: Invitation) -> None:
    if invitation.opened_at is None:
        Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(opened_at=timezone.now())
        invitation.opened_at = timezone.now()


# --- The employer form -------------------------------------------------------------------------------------


def _tenure(start: datetime.date, today: datetime.date) -> str:
    months = max(0, (today.year - start.year) * 12 + today.month - start.month)
    years, months = divmod(months, 12)
    if years and months:
        return _("%(y)s年%(m)s个月") % {"y": years, "m": months}
    if years:
        return _("%(y)s年") % {"y": years}
    return _("%(m)s个月") % {"m": max(months, 1)}


def prefilled_rows(invitation: Invitation) -> list[dict[str, Any]]:
    """一、 rows from the school's records: the campaign's graduates with a current job at this employer."""
    today = timezone.localdate()
    jobs = (
        selectors.cohort_jobs(invitation.campaign)
        .filter(employer_id=invitation.employer_id)
        .select_related("graduate__major")
        .order_by("graduate__graduation_year", "graduate__name", "pk")
    )
    return [
        {
            "graduate_id": job.graduate_id,
            "name": job.graduate.name,
            "gender": job.graduate.gender,
            "major": job.graduate.major.name,
            "graduated": f"{job.graduate.graduation_year}年{job.graduate.graduation_month}月",
            "post": job.post,
            "title": job.title,
            "tenure": _tenure(job.start_date, today),
            "status": ResponseGraduate.Status.PRESENT,
        }
        for job in jobs
    ]


def nature_of_code(code: str | None) -> str:
    """The form's 单位性质 for an MoE employer-nature code (the reverse of EmployerResponse.NATURE_CODES; the
    form has no 三资企业, 部队 or 基层 box, so those are 其他)."""
    if not code:
        return ""
    if code == "10":
        return EmployerResponse.Nature.AGENCY
    if code.startswith("2"):
        return EmployerResponse.Nature.INSTITUTION
    if code == "31":
        return EmployerResponse.Nature.STATE_OWNED
    if code == "39":
        return EmployerResponse.Nature.PRIVATE
    return EmployerResponse.Nature.OTHER


def prefilled_hired_count(invitation: Invitation) -> int:
    """基本数据 from the school's records: graduates of the campaign's cohorts who ever worked at the employer."""
    return selectors.cohort_graduates_ever_at(invitation.campaign, invitation.employer_id)


def step_one_counts(invitation: Invitation, rows: Iterable[dict[str, Any]]) -> dict[str, int]:
    """The counts step 2 starts from after step 1: still employed = the rows not marked 已离职; hired at least
    the rows and the school's records."""
    named = _named(rows)
    still = sum(1 for row in named if row.get("status") != ResponseGraduate.Status.LEFT)
    return {"hired_count": max(len(named), prefilled_hired_count(invitation)), "still_employed_count": still}


def response_rows(invitation: Invitation, response: EmployerResponse | None = None) -> list[dict[str, Any]]:
    """一、 rows as they stand: the saved ones, or those prefilled from the school's records while nothing is
    saved. Every reader shows them through surveys.selectors.rows_visible_to."""
    response = response if response is not None else response_for(invitation)
    if response.pk:
        return list(response.graduates.values("graduate_id", *ROW_FIELDS))
    return prefilled_rows(invitation)


def response_for(invitation: Invitation) -> EmployerResponse:
    """The invitation's response; a new one (unsaved) is prefilled from the employer and the school's records."""
    existing = EmployerResponse.objects.filter(invitation=invitation).first()
    if existing:
        return existing
    employer = invitation.employer
    return EmployerResponse(
        invitation=invitation,
        unit_name=employer.name,
        contact_person=employer.contact_person,
        contact_phone=employer.contact_phone,
        nature=nature_of_code(getattr(employer.nature, "code", None)),
        hired_count=prefilled_hired_count(invitation),
        still_employed_count=len(prefilled_rows(invitation)),
    )


FORM_FIELDS = [
    "unit_name",
    "stamp_confirmation",
    "contact_person",
    "contact_phone",
    "nature",
    "quality",
    "satisfaction",
    "overall_evaluation",
    *RATING_FIELDS,
    "hired_count",
    "still_employed_count",
    "suggestions",
]
ROW_FIELDS = ["name", "gender", "major", "graduated", "post", "title", "tenure", "status"]
REQUIRED_ON_SUBMIT = [
    "unit_name",
    "contact_person",
    "contact_phone",
    "nature",
    "quality",
    "satisfaction",
    "overall_evaluation",
    *RATING_FIELDS,
    "hired_count",
    "still_employed_count",
]


def _check_writable(invitation: Invitation, response: EmployerResponse, *, online: bool) -> None:
    if response.is_submitted or invitation.submitted_at:
        raise ValidationError(_("该登记表已提交，不能再次提交或修改"), code="submitted")
    if online and invitation.campaign.is_closed():
        raise ValidationError(_("该调查已截止"), code="expired")


def _named(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [row for row in rows if (row.get("name") or "").strip()]


def _rows_to_store(
    invitation: Invitation, response: EmployerResponse, rows: Iterable[dict[str, Any]] | None, acting_user
) -> list[dict[str, Any]] | None:
    """The rows the response keeps after this save (None: leave the saved rows as they are).

    A new response without rows starts from the prefilled ones. A user who does not see the whole school
    (a 系部, POLICY §11 "paper-form entry for their own graduates' rows") sends only the rows it sees: they
    replace its own rows in their places, every other row stays exactly as it was; a row sent for anyone
    else — another department's graduate, or a person the school has no record of — is refused."""
    current = response_rows(invitation, response)
    if rows is None:
        return None if response.pk else current
    if acting_user is None or roles.sees_whole_school(acting_user):
        return list(rows)
    candidates = {row["graduate_id"] for row in current} | {
        row["graduate_id"] for row in prefilled_rows(invitation)
    }
    own = selectors.row_graduates_visible_to(acting_user, candidates)
    sent = _named(rows)
    refused = [
        _("第 %(n)s 行“%(name)s”") % {"n": n, "name": row["name"].strip()}
        for n, row in enumerate(sent, start=1)
        if row.get("graduate_id") not in own
    ]
    if refused:
        raise ValidationError(
            {
                "graduates": _(
                    "系部人员只能录入本系部毕业生的行（学校记录中在该单位工作的本系部毕业生）；"
                    "%(rows)s不是，未保存。其他系部的毕业生或新增人员请由就业指导中心录入。"
                )
                % {"rows": "、".join(refused)}
            },
            code="row_out_of_scope",
        )
    kept, replacements = [], iter(sent)
    for row in current:
        if row["graduate_id"] in own:
            replacement = next(replacements, None)
            if replacement is not None:
                kept.append(replacement)
        else:
            kept.append(row)
    kept.extend(replacements)
    return kept


def _apply(response: EmployerResponse, data: dict[str, Any], rows: Iterable[dict[str, Any]] | None) -> None:
    for name in FORM_FIELDS:
        if name in data:
            value = data[name]
            setattr(response, name, value.strip() if isinstance(value, str) else value)
    replaced_scan = None
    if "stamp_scan" in data and data["stamp_scan"]:
        # One scan per response: a new one replaces the old, whose file goes once the new one is committed.
        replaced_scan = response.stamp_scan.name or None
        response.stamp_scan = data["stamp_scan"]
    code = EmployerResponse.NATURE_CODES.get(response.nature)
    response.nature_code = EmployerNature.objects.filter(code=code).first() if code else None
    response.save()
    if replaced_scan and replaced_scan != response.stamp_scan.name:
        storage = response.stamp_scan.storage
        transaction.on_commit(lambda: storage.delete(replaced_scan))
    if rows is not None:
        # A row keeps its link to the school's record only for graduates the form was prefilled with (or a
        # saved row already had: a row kept as it was keeps its link after the graduate's job ended).
        allowed = {row["graduate_id"] for row in prefilled_rows(response.invitation)}
        allowed |= set(response.graduates.exclude(graduate=None).values_list("graduate_id", flat=True))
        response.graduates.all().delete()
        ResponseGraduate.objects.bulk_create(
            ResponseGraduate(
                response=response,
                position=position,
                graduate_id=row.get("graduate_id") if row.get("graduate_id") in allowed else None,
                **{
                    **{name: (row.get(name) or "").strip() for name in ROW_FIELDS},
                    "status": row.get("status") or ResponseGraduate.Status.PRESENT,
                },
            )
            for position, row in enumerate((r for r in rows if (r.get("name") or "").strip()), start=1)
        )


def _counts_error(data_response: EmployerResponse) -> dict[str, str]:
    hired, still = data_response.hired_count, data_response.still_employed_count
    if hired is not None and still is not None and still > hired:
        return {"still_employed_count": _("至今仍在贵单位工作的人数不能多于近三年到贵单位就业的人数")}
    return {}


@transaction.atomic
def response_save_draft(
    *, invitation: Invitation, data: dict[str, Any], rows: Iterable[dict[str, Any]] | None, acting_user=None
) -> EmployerResponse:
    """Keep what was typed so far (no completeness check); refused once submitted or, online, once expired."""
    invitation = (
        Invitation.objects.select_for_update().select_related("campaign", "employer").get(pk=invitation.pk)
    )
    response = response_for(invitation)
    _check_writable(invitation, response, online=acting_user is None)
    rows = _rows_to_store(invitation, response, rows, acting_user)
    draft_data = dict(data)
    if _counts_error(_with(response, draft_data)):
        # Kept without the count that does not fit (the prefilled one included); submitting names it.
        draft_data["still_employed_count"] = None
    _apply(response, draft_data, rows)
    return response


def _with(response: EmployerResponse, data: dict[str, Any]) -> EmployerResponse:
    probe = EmployerResponse(
        hired_count=data.get("hired_count", response.hired_count),
        still_employed_count=data.get("still_employed_count", response.still_employed_count),
    )
    return probe


def _submit_errors(response: EmployerResponse, merged: dict[str, Any], scan) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    for name in REQUIRED_ON_SUBMIT:
        if merged[name] in (None, ""):
            label = EmployerResponse._meta.get_field(name).verbose_name
            errors[name] = _("请填写“%(label)s”") % {"label": label}
    if not (merged["stamp_confirmation"] or "").strip() and not (scan or response.stamp_scan):
        errors["stamp_confirmation"] = _("请上传盖章扫描件，或填写确认人姓名代替盖章")
    errors.update(_counts_error(_with(response, merged)))
    return errors


def response_errors(invitation: Invitation) -> dict[str, Any]:
    """What response_submit would refuse in the saved draft, by field (the form shows them after a refused
    submission was kept as a draft and the page redirected: Post/Redirect/Get)."""
    response = response_for(invitation)
    return _submit_errors(response, {name: getattr(response, name) for name in FORM_FIELDS}, None)


@transaction.atomic
def response_submit(
    *,
    invitation: Invitation,
    data: dict[str, Any],
    rows: Iterable[dict[str, Any]] | None,
    source: str = EmployerResponse.Source.ONLINE,
    acting_user=None,
) -> EmployerResponse:
    """Submit the form once: every question answered, still employed ≤ hired, stamped or confirmed."""
    invitation = (
        Invitation.objects.select_for_update().select_related("campaign", "employer").get(pk=invitation.pk)
    )
    response = response_for(invitation)
    online = source == EmployerResponse.Source.ONLINE
    _check_writable(invitation, response, online=online)
    if online and acting_user is not None:
        raise ValidationError({"source": _("工作人员录入时请选择纸质或传真")})
    if source not in EmployerResponse.Source.values:
        raise ValidationError({"source": _("填写方式无效")})
    rows = _rows_to_store(invitation, response, rows, acting_user)
    merged = {name: data.get(name, getattr(response, name)) for name in FORM_FIELDS}
    errors = _submit_errors(response, merged, data.get("stamp_scan"))
    if errors:
        raise ValidationError(errors)
    response.source = source
    response.entered_by = acting_user if getattr(acting_user, "pk", None) else None
    response.submitted_at = timezone.now()
    _apply(response, {**merged, "stamp_scan": data.get("stamp_scan")}, rows)
    invitation.submitted_at = response.submitted_at
    invitation.save(update_fields=["submitted_at"])
    if invitation.campaign.is_visit:
        # A form filled in during a site visit is that visit's record of the employer's assessment.
        Visit.objects.filter(
            trip__campaign=invitation.campaign, employer=invitation.employer, response__isnull=True
        ).update(response=response)
    history.record_create(response, actor=acting_user, source=HISTORY_SOURCE)
    return response


# --- Site visits -------------------------------------------------------------------------------------------


@transaction.atomic
def trip_request(
    *, campaign: Campaign, data: dict[str, Any], employers: Iterable[Employer], acting_user
) -> Trip:
    if not campaign.is_visit:
        raise ValidationError({"campaign": _("出差申请只能属于实地走访活动")})
    employers = list(employers)
    if not employers:
        raise ValidationError({"employers": _("请至少选择一家走访单位")})
    department = data.get("department")
    if department is not None and not roles.sees_whole_school(acting_user):
        if not acting_user.departments.filter(pk=department.pk).exists():
            raise ValidationError({"department": _("只能为本系部申请")})
    trip = Trip(
        campaign=campaign,
        department=department,
        destination=(data.get("destination") or "").strip(),
        people=(data.get("people") or "").strip(),
        planned_date=data.get("planned_date"),
        estimated_cost=data.get("estimated_cost"),
        purpose=(data.get("purpose") or "").strip(),
        requested_by=acting_user,
    )
    trip.full_clean(exclude=["employers"])
    trip.save()
    trip.employers.set(employers)
    history.record_create(trip, actor=acting_user, source=HISTORY_SOURCE)
    return trip


@transaction.atomic
def trip_decide(*, trip: Trip, approve: bool, note: str = "", acting_user) -> Trip:
    """A 校领导 approves or rejects a pending trip, before the visit."""
    if not roles.can_approve_trips(acting_user):
        raise ValidationError(_("只有校领导可以审批出差申请"), code="forbidden")
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    if trip.status != Trip.Status.PENDING:
        raise ValidationError(_("该申请已审批"), code="decided")
    before = history.snapshot(trip)
    trip.status = Trip.Status.APPROVED if approve else Trip.Status.REJECTED
    trip.decided_by = acting_user
    trip.decided_at = timezone.now()
    trip.decision_note = (note or "").strip()[:200]
    trip.save()
    history.record_update(trip, before, actor=acting_user, source=HISTORY_SOURCE)
    return trip


@transaction.atomic
def visit_record(
    *,
    trip: Trip,
    employer: Employer,
    data: dict[str, Any],
    acting_user,
    response: EmployerResponse | None = None,
) -> Visit:
    """Record a site visit; only on a trip a leader approved, on or after the day of the approval."""
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    if trip.status != Trip.Status.APPROVED:
        raise ValidationError(_("出差申请尚未经校领导批准，不能记录走访"), code="trip_not_approved")
    if not trip.employers.filter(pk=employer.pk).exists():
        raise ValidationError({"employer": _("该单位不在此次出差申请的走访单位中")})
    visited_on = data.get("visited_on")
    if visited_on and visited_on < timezone.localtime(trip.decided_at).date():
        raise ValidationError({"visited_on": _("走访日期不能早于出差申请的批准日期")})
    visit = Visit(
        trip=trip,
        employer=employer,
        visited_on=visited_on,
        visitors=(data.get("visitors") or "").strip(),
        met_whom=(data.get("met_whom") or "").strip(),
        graduates_situation=(data.get("graduates_situation") or "").strip(),
        evaluation=data.get("evaluation") or "",
        assessment=(data.get("assessment") or "").strip(),
        suggestions=(data.get("suggestions") or "").strip(),
        notes=(data.get("notes") or "").strip(),
        response=response,
        recorded_by=acting_user,
    )
    visit.full_clean()
    visit.save()
    campaign = trip.campaign
    if not campaign.plan_is_frozen:
        Campaign.objects.filter(pk=campaign.pk).update(plan_frozen_at=timezone.now())
    history.record_create(visit, actor=acting_user, source=HISTORY_SOURCE)
    return visit


def opinion_lines(notes: str) -> list[str]:
    """The opinions of notes typed one a line (blank lines and list marks such as "1." or "-" dropped)."""
    lines = []
    for line in (notes or "").splitlines():
        line = line.strip().lstrip("-*·•").strip()
        head, dot, rest = line.partition(".")
        if dot and head.isdigit():
            line = rest.strip()
        head, dot, rest = line.partition("、")
        if dot and head.isdigit():
            line = rest.strip()
        if line:
            lines.append(line)
    return lines


@transaction.atomic
def forum_record(
    *, campaign: Campaign, data: dict[str, Any], acting_user, opinions: Iterable[dict[str, Any]] = ()
) -> Forum:
    """Record a 毕业生座谈会 with its opinions: ``opinions`` per participant (speaker, graduate, text, all but
    the text optional) and ``data["opinion_notes"]``, opinions typed one a line; each is tagged by theme."""
    forum = Forum(
        campaign=campaign,
        held_on=data.get("held_on"),
        place=(data.get("place") or "").strip(),
        attendees=(data.get("attendees") or "").strip(),
        minutes=(data.get("minutes") or "").strip(),
        recorded_by=acting_user,
    )
    forum.full_clean()
    forum.save()
    history.record_create(forum, actor=acting_user, source=HISTORY_SOURCE)
    entries = [dict(entry) for entry in opinions if (entry.get("text") or "").strip()]
    entries += [{"text": line} for line in opinion_lines(data.get("opinion_notes", ""))]
    for entry in entries:
        forum_opinion_add(forum=forum, data=entry, acting_user=acting_user)
    return forum


def _theme_names(opinion: ForumOpinion) -> str:
    return "、".join(opinion.themes.order_by("position", "pk").values_list("name", flat=True))


@transaction.atomic
def forum_opinion_add(*, forum: Forum, data: dict[str, Any], acting_user) -> ForumOpinion:
    """One opinion voiced at the forum, tagged with every theme of surveys.themes its text touches."""
    last = forum.opinions.order_by("-position").values_list("position", flat=True).first() or 0
    opinion = ForumOpinion(
        forum=forum,
        position=last + 1,
        speaker=(data.get("speaker") or "").strip(),
        graduate=data.get("graduate"),
        text=(data.get("text") or "").strip(),
    )
    opinion.full_clean()
    opinion.save()
    names = suggestion_themes.tag(opinion.text)
    opinion.themes.set(SuggestionTheme.objects.filter(name__in=names))
    entry = history.creation_entry(opinion, actor=acting_user, source=HISTORY_SOURCE)
    if tags := _theme_names(opinion):
        entry.changes["themes"] = ["", tags]
    entry.save()
    return opinion


@transaction.atomic
def forum_opinion_set_themes(
    *, opinion: ForumOpinion, themes: Iterable[SuggestionTheme], acting_user
) -> ForumOpinion:
    """Staff correct an opinion's themes; the automatic tagging no longer touches it."""
    before = _theme_names(opinion)
    opinion.themes.set(list(themes))
    opinion.themes_by_staff = True
    opinion.save(update_fields=["themes_by_staff"])
    after = _theme_names(opinion)
    if after != before:
        changes = {"themes": [before, after]}
        history.entry_for(opinion, HistoryEntry.Action.UPDATE, changes, acting_user, HISTORY_SOURCE).save()
    return opinion


def can_edit_themes(user) -> bool:
    """The theme list is the school's (every report groups by it): the centre's writers edit it."""
    return roles.can_write(user) and roles.sees_whole_school(user)


@transaction.atomic
def suggestion_theme_save(
    *, theme: SuggestionTheme | None = None, data: dict[str, Any], acting_user
) -> SuggestionTheme:
    """Add or edit a theme of the 意见和建议 (name, keywords, order); untouched opinions are tagged again."""
    if not can_edit_themes(acting_user):
        raise ValidationError(_("只有学生就业指导中心可以修改意见主题"), code="forbidden")
    creating = theme is None
    theme = theme or SuggestionTheme()
    before = history.snapshot(theme)
    theme.name = (data.get("name") or "").strip()
    theme.keywords = " ".join(suggestion_themes.split_keywords(data.get("keywords") or ""))  # as seeded
    theme.position = data.get("position") or 0
    if theme.name == suggestion_themes.OTHER:
        raise ValidationError({"name": _("“其他”是未归入任何主题的意见，不能作为主题名称")})
    theme.full_clean()
    theme.save()
    if creating:
        history.record_create(theme, actor=acting_user, source=HISTORY_SOURCE)
    else:
        history.record_update(theme, before, actor=acting_user, source=HISTORY_SOURCE)
    forum_opinions_retag()
    return theme


@transaction.atomic
def suggestion_theme_delete(*, theme: SuggestionTheme, acting_user) -> None:
    if not can_edit_themes(acting_user):
        raise ValidationError(_("只有学生就业指导中心可以修改意见主题"), code="forbidden")
    history.record_delete(theme, actor=acting_user, source=HISTORY_SOURCE)
    theme.delete()
    forum_opinions_retag()


def forum_opinions_retag() -> int:
    """Tag again, by the current theme list, the opinions whose tags staff have not changed."""
    listed = suggestion_themes.current_themes()
    by_name = {t.name: t for t in SuggestionTheme.objects.all()}
    count = 0
    for opinion in ForumOpinion.objects.filter(themes_by_staff=False).prefetch_related("themes"):
        wanted = {by_name[n].pk for n in suggestion_themes.tag(opinion.text, listed) if n in by_name}
        if wanted != {t.pk for t in opinion.themes.all()}:
            opinion.themes.set(wanted)
            count += 1
    return count
