"""Every write of the 毕业生调查, each in one transaction with its history (core.history).

A wave's dates come from the policy settings (PolicySettings.graduate_survey_*): it opens the given number of
months after the month the cohort graduates in (the month most of its graduates have on file) and stays open
``graduate_survey_open_days`` days. Every graduate of the cohort is invited, school-placed or not, archived
ones excepted (records.selectors.not_archived).

A response whose job or salary differs from the file becomes the graduate's own change report (tracking.services
.portal_change_report), pending confirmation by staff in 待确认变动, for a graduate with an active tracking
service; for the others the response is marked 与档案不一致 on the wave's page."""

import datetime
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gradtrack.core import history, links
from gradtrack.core.models import Destination, PolicySettings, SchoolProfile
from gradtrack.gradsurveys.models import GraduateResponse, Wave, WaveInvitation
from gradtrack.records import validators
from gradtrack.records.models import Graduate
from gradtrack.records.selectors import not_archived
from gradtrack.tracking import services as tracking_services
from gradtrack.tracking.models import ChangeReport, TrackingService

HISTORY_SOURCE = "gradsurveys"
TOKEN_SALT = "gradtrack.gradsurveys.invitation"
ANSWER_FIELDS = (
    "status",
    "employer_name",
    "post",
    "monthly_salary",
    "matching",
    "job_rating",
    "teaching_rating",
    "guidance_rating",
    "suggestions",
)
JOB_FIELDS = ("employer_name", "post", "monthly_salary", "matching", "job_rating")


def _today() -> datetime.date:
    return timezone.localdate()


# --- Waves -------------------------------------------------------------------------------------------------


def graduation_month(cohort: int) -> int:
    """The month the cohort graduates in: the one most of its graduates have on file (the model's default when
    the cohort has none yet)."""
    months = Counter(
        Graduate.objects.filter(graduation_year=cohort).values_list("graduation_month", flat=True)
    )
    if not months:
        return Graduate._meta.get_field("graduation_month").default
    return max(months.items(), key=lambda item: (item[1], -item[0]))[0]


def wave_dates(
    cohort: int, kind: str, policy: PolicySettings | None = None
) -> tuple[datetime.date, datetime.date]:
    """(opens_on, closes_on) of a cohort's wave from the policy settings."""
    policy = policy or PolicySettings.current()
    months = (
        policy.graduate_survey_first_wave_months
        if kind == Wave.Kind.SIX_MONTHS
        else policy.graduate_survey_second_wave_months
    )
    opens = datetime.date(cohort, graduation_month(cohort), 1) + relativedelta(months=months)
    return opens, opens + datetime.timedelta(days=policy.graduate_survey_open_days - 1)


def cohort_graduates(cohort: int):
    return not_archived(Graduate.objects.filter(graduation_year=cohort))


@transaction.atomic
def wave_create(
    *,
    cohort: int,
    kind: str,
    acting_user,
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
) -> Wave:
    """A cohort's wave, dated by the policy unless the dates are given, with every graduate of it invited."""
    if kind not in Wave.Kind.values:
        raise ValidationError({"kind": _("请选择调查轮次")})
    if Wave.objects.filter(cohort=cohort, kind=kind).exists():
        raise ValidationError({"kind": _("%(cohort)s届的这一轮调查已经建立") % {"cohort": cohort}})
    if not cohort_graduates(cohort).exists():
        raise ValidationError({"cohort": _("%(cohort)s届没有在册的毕业生") % {"cohort": cohort}})
    default_opens, default_closes = wave_dates(cohort, kind)
    opens_on = opens_on or default_opens
    closes_on = closes_on or (
        default_closes if opens_on == default_opens else opens_on + (default_closes - default_opens)
    )
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("截止日期不能早于开始日期")})
    wave = Wave(
        cohort=cohort,
        kind=kind,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    wave.full_clean(exclude=["created_by"])
    wave.save()
    history.record_create(wave, actor=acting_user, source=HISTORY_SOURCE)
    invitations_add_missing(wave)
    return wave


def invitations_add_missing(wave: Wave) -> int:
    """Invite the cohort's graduates who have no invitation yet (a graduate entered after the wave began)."""
    invited = WaveInvitation.objects.filter(wave=wave).values("graduate_id")
    new = [
        WaveInvitation(wave=wave, graduate=graduate, public_id=links.new_public_id(), email=graduate.email)
        for graduate in cohort_graduates(wave.cohort).exclude(pk__in=invited).only("pk", "email")
    ]
    WaveInvitation.objects.bulk_create(new, batch_size=500)
    return len(new)


# --- Personal links ----------------------------------------------------------------------------------------


def invitation_token(invitation: WaveInvitation) -> str:
    return links.token_for(TOKEN_SALT, invitation.public_id)


def invitation_path(invitation: WaveInvitation) -> str:
    """The personal link without scheme and host."""
    return reverse("graduate_survey:form", kwargs={"token": invitation_token(invitation)})


def invitation_from_token(token: str) -> WaveInvitation | None:
    """The invitation behind a personal link, or None for anything else (wrong MAC, unknown, malformed)."""
    public_id = links.public_id_of(TOKEN_SALT, token)
    if public_id is None:
        return None
    return (
        WaveInvitation.objects.select_related("wave", "graduate__major", "graduate__department")
        .filter(public_id=public_id)
        .first()
    )


def invitation_opened(invitation: WaveInvitation) -> None:
    if invitation.opened_at is None:
        now = timezone.now()
        WaveInvitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(opened_at=now)
        invitation.opened_at = now


# --- Answers -----------------------------------------------------------------------------------------------


def prefilled_answers(graduate: Graduate) -> dict[str, Any]:
    """What the school's records say, for the form to start from: the 毕业去向 group and the current job."""
    initial: dict[str, Any] = {}
    if graduate.destination_id:
        initial["status"] = graduate.destination.group
    job = tracking_services.current_job(graduate)
    if job is not None:
        initial.setdefault("status", Destination.Group.EMPLOYED)
        salary = job.monthly_salary
        if salary is not None and salary == salary.to_integral_value():
            salary = int(salary)  # 5400, not 5400.00, in the form
        initial.update(employer_name=job.employer.name, post=job.post, monthly_salary=salary)
    return initial


def clean_answers(data: dict[str, Any]) -> dict[str, Any]:
    """The answers as saved: the job questions required of the employed and dropped for the others."""
    answers = {name: data.get(name) for name in ANSWER_FIELDS}
    for name, value in answers.items():
        if isinstance(value, str):
            answers[name] = value.strip()
        elif value is None and name != "monthly_salary":
            answers[name] = ""
    errors = {}
    if answers["status"] == Destination.Group.EMPLOYED:
        for name, message in (
            ("employer_name", _("请填写工作单位")),
            ("matching", _("请选择“专业对口”程度")),
            ("job_rating", _("请选择对目前工作的评价")),
        ):
            if not answers[name]:
                errors[name] = message
        if answers["monthly_salary"] is not None and answers["monthly_salary"] < 0:
            errors["monthly_salary"] = _("月收入不能为负数")
    else:
        for name in JOB_FIELDS:
            answers[name] = None if name == "monthly_salary" else ""
    if errors:
        raise ValidationError(errors)
    return answers


def _differences(graduate: Graduate, answers: dict[str, Any]) -> list[dict[str, Any]]:
    """The change reports (tracking's data) the answers call for against the current job on file."""
    if answers["status"] != Destination.Group.EMPLOYED:
        return []
    job = tracking_services.current_job(graduate)
    if job is None:
        return []
    T = ChangeReport.ChangeType
    salary = answers["monthly_salary"]
    salary_differs = salary is not None and (
        job.monthly_salary is None or Decimal(salary).quantize(Decimal("0.01")) != job.monthly_salary
    )
    if validators.normalize_employer_name(answers["employer_name"]) != job.employer.normalized_name:
        return [
            {
                "change_type": T.JOB_CHANGE,
                "new_employer_name": answers["employer_name"],
                "new_post": answers["post"],
                "new_salary": salary,
            }
        ]
    reports = []
    if salary_differs:
        reports.append({"change_type": T.SALARY, "new_salary": salary})
    if answers["post"] and answers["post"] != job.post:
        reports.append({"change_type": T.TRANSFER, "new_post": answers["post"]})
    return reports


def _report_changes(response: GraduateResponse, differences: list[dict[str, Any]], acting_user) -> None:
    graduate = response.invitation.graduate
    service = TrackingService.objects.filter(graduate=graduate, status=TrackingService.Status.ACTIVE).first()
    if service is None:
        return
    note = _("本人在%(wave)s中填写，与档案不一致。") % {"wave": response.invitation.wave}
    for data in differences:
        try:
            with transaction.atomic():
                change = tracking_services.portal_change_report(
                    service=service,
                    data={**data, "occurred_on": response.submitted_at.date(), "details": note},
                    acting_user=acting_user,
                )
        except ValidationError:
            continue  # the answer stays marked 与档案不一致 for staff to look at
        response.change_reports.add(change)


@transaction.atomic
def response_submit(
    *, invitation: WaveInvitation, data: dict[str, Any], source: str, acting_user=None
) -> GraduateResponse:
    """The graduate's answers, once: a second submission of the same invitation is refused."""
    invitation = (
        WaveInvitation.objects.select_for_update().select_related("wave", "graduate").get(pk=invitation.pk)
    )
    if GraduateResponse.objects.filter(invitation=invitation).exists():
        raise ValidationError(_("你已经完成本轮调查，谢谢！"), code="answered")
    if not invitation.wave.is_open():
        raise ValidationError(_("本轮调查不在开放时间内。"), code="closed")
    answers = clean_answers(data)
    differences = _differences(invitation.graduate, answers)
    response = GraduateResponse(
        invitation=invitation, source=source, differs_from_file=bool(differences), **answers
    )
    response.full_clean(exclude=["invitation"])
    response.save()
    history.record_create(response, actor=acting_user, source=HISTORY_SOURCE)
    if differences:
        _report_changes(response, differences, acting_user)
    return response


# --- Invitations and reminders by e-mail (gradtrack daily) --------------------------------------------------


def _mail(invitation: WaveInvitation, link: str, *, reminder: bool) -> None:
    school = SchoolProfile.current()
    wave = invitation.wave
    subject = (_("【提醒】%(school)s毕业生调查") if reminder else _("%(school)s毕业生调查")) % {
        "school": school.name
    }
    body = _(
        "%(name)s同学：\n\n你好！母校正在开展%(wave)s，想了解你的工作和对学校教学、就业指导服务的看法，"
        "约需 2 分钟。请用手机打开以下链接填写（无需登录，%(closes)s 前有效）：\n\n%(link)s\n\n"
        "此链接仅供你本人使用，请勿转发。\n%(school)s%(office)s\n电话：%(phone)s"
    ) % {
        "name": invitation.graduate.name,
        "wave": wave,
        "closes": wave.closes_on.strftime("%Y-%m-%d"),
        "link": link,
        "school": school.name,
        "office": school.office,
        "phone": school.phone or "—",
    }
    EmailMessage(subject, body, to=[invitation.email]).send()


def unanswered(wave: Wave):
    return WaveInvitation.objects.filter(wave=wave, response__isnull=True)


def invitations_send_due(
    *, today: datetime.date, link_for: Callable[[WaveInvitation], str]
) -> dict[str, int]:
    """For ``gradtrack daily``: open waves mail their invitation to graduates with an e-mail address who were not
    sent one, and remind the non-respondents every ``survey_reminder_days`` (0: no reminders). What was sent is
    recorded on the invitation (sent_at, last_reminded_at, reminder_count); a second run the same day sends
    nothing twice."""
    days = PolicySettings.current().survey_reminder_days
    due_before = timezone.make_aware(
        datetime.datetime.combine(today, datetime.time.min)
    ) - datetime.timedelta(days=max(days, 1) - 1)
    sent = reminded = 0
    for wave in Wave.objects.filter(opens_on__lte=today, closes_on__gte=today):
        invitations_add_missing(wave)
        waiting = unanswered(wave).exclude(email="").select_related("graduate", "wave")
        for invitation in waiting.filter(sent_at__isnull=True):
            with transaction.atomic():
                _mail(invitation, link_for(invitation), reminder=False)
                invitation.sent_at = timezone.now()
                invitation.save(update_fields=["sent_at"])
            sent += 1
        if not days:
            continue
        due = waiting.filter(
            Q(last_reminded_at__isnull=True, sent_at__lt=due_before) | Q(last_reminded_at__lt=due_before)
        )
        for invitation in due:
            with transaction.atomic():
                _mail(invitation, link_for(invitation), reminder=True)
                invitation.last_reminded_at = timezone.now()
                invitation.reminder_count += 1
                invitation.save(update_fields=["last_reminded_at", "reminder_count"])
            reminded += 1
    return {"sent": sent, "reminded": reminded}
