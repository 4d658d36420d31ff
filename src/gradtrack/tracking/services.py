"""Every write of the tracking service (POLICY §2–§5), each in one transaction with its history.

The rules are decided in tracking.rules with the numbers of core.models.PolicySettings; changes to the
employment file go through records.services, so the old values stay in the file's history.
"""

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gradtrack.accounts import roles
from gradtrack.accounts import services as accounts_services
from gradtrack.accounts.models import User
from gradtrack.core import history
from gradtrack.core.batching import in_chunks
from gradtrack.core.models import HistoryEntry, PolicySettings
from gradtrack.records import services as records_services
from gradtrack.records import validators
from gradtrack.records.models import Employer, Employment, Graduate
from gradtrack.records.services import SavedJob
from gradtrack.tracking import rules
from gradtrack.tracking.models import (
    AccidentCase,
    AccidentStep,
    ChangeReport,
    FollowUpContact,
    PortalInvitation,
    TrackingService,
    Verification,
    ViolationFlag,
)

SOURCE = "tracking"
PORTAL_SOURCE = "portal"


def _today() -> datetime.date:
    return timezone.localdate()


def period_of(service: TrackingService) -> rules.ServicePeriod:
    return rules.ServicePeriod(start=service.start_date, end=service.end_date)


def status_on(service: TrackingService, day: datetime.date) -> rules.ServiceStatus:
    terminated_on = service.terminated_on if service.status == TrackingService.Status.TERMINATED else None
    return rules.service_status_on(period_of(service), day, terminated_on=terminated_on)


def last_reached_on(
    service: TrackingService,
    *,
    since: datetime.date | None = None,
    excluding: FollowUpContact | None = None,
) -> datetime.date | None:
    """The date of the service's latest contact that reached the graduate on or after its start (or `since`,
    a corrected start), or None (§4)."""
    contacts = FollowUpContact.objects.filter(
        service_id=service.pk, reached=True, contacted_on__gte=since or service.start_date
    )
    if excluding is not None:
        contacts = contacts.exclude(pk=excluding.pk)
    return contacts.aggregate(latest=models.Max("contacted_on"))["latest"]


def _save_with_history(
    instance: models.Model, before: dict | None, acting_user, source: str = SOURCE
) -> None:
    instance.full_clean(validate_constraints=False)
    if hasattr(instance, "version") and before is not None:
        instance.version += 1
    instance.save()
    if before is None:
        history.record_create(instance, actor=acting_user, source=source)
    else:
        history.record_update(instance, before, actor=acting_user, source=source)


# --- The service itself (§2) ------------------------------------------------------------------------------


def first_school_job(graduate: Graduate) -> Employment | None:
    return graduate.jobs.filter(school_arranged=True).order_by("start_date", "pk").first()


def _new_service(graduate: Graduate, job: Employment, policy: PolicySettings, today: datetime.date):
    """The service that the first school-arranged job `job` opens (§2), not yet saved. Its values are computed
    here from a saved job, so the bulk open skips full_clean (which queries the graduate once per service)."""
    try:
        period = rules.service_period(job.start_date, service_years=policy.service_years)
        first_due = rules.first_follow_up_due(period, follow_up_months=policy.follow_up_months)
    except (OverflowError, ValueError) as exc:  # a job starting near 9999-12-31
        raise ValidationError(_("入职日期超出可处理的范围，无法建立跟踪服务")) from exc
    service = TrackingService(graduate=graduate, start_date=period.start, end_date=period.end)
    if rules.service_status_on(period, today) == rules.ServiceStatus.EXPIRED:
        service.status = TrackingService.Status.EXPIRED
    else:
        service.next_follow_up_due = first_due
    return service


@transaction.atomic
def tracking_service_start(
    *, graduate: Graduate, acting_user, today: datetime.date | None = None, source: str = SOURCE
) -> TrackingService | None:
    """Open the service of a school-placed graduate from the start of the first school-arranged job (§2).
    Returns the existing service if there is one; None when the graduate gets no service."""
    existing = TrackingService.objects.filter(graduate=graduate).first()
    if existing is not None:
        return existing
    if graduate.placement_mode != Graduate.PlacementMode.SCHOOL:
        return None
    job = first_school_job(graduate)
    if job is None:
        return None
    today = today or _today()
    service = _new_service(graduate, job, PolicySettings.current(), today)
    _save_with_history(service, None, acting_user, source)
    # An expulsion already in the file (entered before the service opened) applies at once (§二.10).
    if tracking_service_terminate_if_expelled(service=service, acting_user=acting_user, today=today):
        service.refresh_from_db()
    return service


def tracking_services_sync(*, acting_user=None, today: datetime.date | None = None) -> int:
    """Open the missing services of school-placed graduates with a school-arranged job."""
    graduates = Graduate.objects.filter(
        placement_mode=Graduate.PlacementMode.SCHOOL,
        jobs__school_arranged=True,
        tracking_service__isnull=True,
    ).distinct()
    created = 0
    for graduate in graduates.iterator():
        try:
            if tracking_service_start(graduate=graduate, acting_user=acting_user, today=today):
                created += 1
        except ValidationError:
            continue  # a job date the service cannot be computed from; the graduate's page says why

    return created


@transaction.atomic
def tracking_service_terminate(
    *,
    service: TrackingService,
    cause: str,
    evidence: str,
    decided_on: datetime.date,
    acting_user,
) -> TrackingService:
    """Terminate for one of the two causes of §2, with evidence, the deciding staff member and the date."""
    locked = TrackingService.objects.select_for_update().get(pk=service.pk)
    errors = {}
    if cause not in TrackingService.TerminationCause.values:
        errors["termination_cause"] = _("终止原因只能是“未按规定通报”或“被企业开除”")
    if not (evidence or "").strip():
        errors["termination_evidence"] = _("请填写终止依据")
    if locked.status == TrackingService.Status.TERMINATED:
        errors["status"] = _("该跟踪服务已终止")
    elif decided_on is not None and not period_of(locked).covers(decided_on):
        errors["terminated_on"] = _("终止日期须在服务期内（%(start)s 至 %(last)s）") % {
            "start": locked.start_date,
            "last": locked.last_covered_day,
        }
    if errors:
        raise ValidationError(errors)
    before = history.snapshot(locked)
    locked.status = TrackingService.Status.TERMINATED
    locked.termination_cause = cause
    locked.termination_evidence = evidence.strip()
    locked.terminated_on = decided_on
    locked.terminated_by = acting_user if getattr(acting_user, "pk", None) else None
    locked.next_follow_up_due = None
    _save_with_history(locked, before, acting_user)
    return locked


def tracking_services_jobs_saved(
    saved_jobs: Sequence[SavedJob], acting_user, today: datetime.date | None = None
) -> None:
    """Called by records.services with the jobs of every write, one or an import's thousands, in the write's
    transaction (§2): a school-arranged job of a school-placed graduate without a service opens it; a job
    added, deleted or edited in its 入职日期 or 学校安置 makes an open service follow the file (its start is the
    earliest school-arranged job again, tracking_service_follow_file); and a job ending by 开除 terminates the
    service at once when tracking.rules.expulsion_terminates_service says so (§二.10). Edits that touch none
    of these leave the service alone. A few queries per write, not per job."""
    today = today or _today()
    graduate_ids = {saved.job.graduate_id for saved in saved_jobs}
    services = {}
    for chunk in in_chunks(graduate_ids):
        services.update((s.graduate_id, s) for s in TrackingService.objects.filter(graduate_id__in=chunk))
    to_open: dict[int, Graduate] = {}
    to_follow: dict[int, SavedJob] = {}
    expelled: list[TrackingService] = []
    for saved in saved_jobs:
        job, changed = saved.job, saved.changed
        service = services.get(job.graduate_id)
        if service is None:
            if saved.deleted:
                continue
            if job.school_arranged and (changed is None or "school_arranged" in changed):
                if job.graduate.placement_mode == Graduate.PlacementMode.SCHOOL:
                    to_open[job.graduate_id] = job.graduate
            continue
        if _may_move_start(saved):
            to_follow.setdefault(job.graduate_id, saved)
        if (
            not saved.deleted
            and job.end_reason == Employment.EndReason.EXPELLED
            and (changed is None or {"end_date", "end_reason"} & changed)
        ):
            expelled.append(service)
    if to_follow:
        _follow_file(
            {graduate_id: services[graduate_id] for graduate_id in to_follow}, to_follow, acting_user, today
        )
    for service in expelled:
        tracking_service_terminate_if_expelled(service=service, acting_user=acting_user, today=today)
    if to_open:
        _open_services(to_open, acting_user, today)


def _may_move_start(saved: SavedJob) -> bool:
    """Whether this saved job may change which school-arranged job is the earliest (§2)."""
    if saved.deleted:
        return saved.job.school_arranged
    if saved.changed is None:
        return saved.job.school_arranged
    return bool({"start_date", "school_arranged"} & saved.changed)


def _why_start_moved(saved: SavedJob) -> str:
    job = saved.job
    values = {"employer": job.employer.name, "date": job.start_date}
    if saved.deleted:
        return _("删除了就业记录（%(employer)s，入职日期 %(date)s）") % values
    if saved.changed is None:
        return _("补录了学校安置的就业记录（%(employer)s，入职日期 %(date)s）") % values
    if "start_date" in saved.changed:
        return _("更正了就业记录的入职日期（%(employer)s，现为 %(date)s）") % values
    return _("更改了就业记录是否学校安置（%(employer)s，入职日期 %(date)s）") % values


def _follow_file(
    services: dict[int, TrackingService], saved: dict[int, SavedJob], acting_user, today: datetime.date
) -> None:
    """The start of each service from its graduate's jobs as they are now, in a query per chunk; the few
    whose start moved are corrected one by one (tracking_service_correct_start)."""
    jobs: dict[int, list[rules.JobFacts]] = {graduate_id: [] for graduate_id in services}
    for chunk in in_chunks(services):
        rows = Employment.objects.filter(graduate_id__in=chunk).values_list(
            "graduate_id", "start_date", "school_arranged"
        )
        for graduate_id, start_date, school_arranged in rows:
            jobs[graduate_id].append(rules.JobFacts(start_date=start_date, school_arranged=school_arranged))
    for graduate_id, service in services.items():
        new_start = rules.service_start_from_jobs(jobs[graduate_id])
        # Without any school-arranged job left the service keeps its dates: its history is the record.
        if new_start is not None and new_start != service.start_date:
            tracking_service_correct_start(
                service=service,
                new_start=new_start,
                reason=_why_start_moved(saved[graduate_id]),
                acting_user=acting_user,
                today=today,
            )


# The history's note on why a service's dates changed; shown as the label of the change (core's history).
CORRECTION_NOTE = "更正原因"


@transaction.atomic
def tracking_service_correct_start(
    *,
    service: TrackingService,
    new_start: datetime.date,
    reason: str,
    acting_user,
    today: datetime.date | None = None,
) -> TrackingService:
    """§2: the start follows the file. Recompute the start and with it the end, status and due follow-up
    (tracking.rules.service_corrected), record in the service's history what changed and why, then apply
    §二.10 to an expulsion the corrected period now covers. A correction, not a restart."""
    today = today or _today()
    locked = TrackingService.objects.select_for_update().get(pk=service.pk)
    policy = PolicySettings.current()
    state = rules.ServiceState(
        start=locked.start_date,
        end=locked.end_date,
        status=rules.ServiceStatus(locked.status),
        next_follow_up_due=locked.next_follow_up_due,
        terminated_on=locked.terminated_on,
    )
    try:
        corrected = rules.service_corrected(
            state,
            new_start=new_start,
            today=today,
            service_years=policy.service_years,
            follow_up_months=policy.follow_up_months,
            last_reached_on=last_reached_on(locked, since=new_start),
        )
    except (OverflowError, ValueError) as exc:
        raise ValidationError(_("入职日期超出可处理的范围，无法更正跟踪服务")) from exc
    if not corrected.differs_from(state):
        return locked
    before = history.snapshot(locked)
    locked.start_date = corrected.start
    locked.end_date = corrected.end
    locked.status = corrected.status.value
    locked.next_follow_up_due = corrected.next_follow_up_due
    locked.full_clean(validate_constraints=False)
    locked.version += 1
    locked.save()
    changes = history.diff(before, history.snapshot(locked))
    changes[CORRECTION_NOTE] = ["", _("服务开始日期随就业档案更正：%(reason)s") % {"reason": reason}]
    history.entry_for(locked, HistoryEntry.Action.UPDATE, changes, acting_user, SOURCE).save()
    if locked.status == TrackingService.Status.ACTIVE:
        tracking_service_terminate_if_expelled(service=locked, acting_user=acting_user, today=today)
        locked.refresh_from_db()
    return locked


def _open_services(graduates: dict[int, Graduate], acting_user, today: datetime.date) -> None:
    """tracking_service_start for many graduates at once: their first school-arranged jobs in a query per
    chunk, the services and their history rows each in one bulk insert, then §二.10 for the expelled few."""
    first_jobs: dict[int, Employment] = {}
    for chunk in in_chunks(graduates):
        jobs = Employment.objects.filter(graduate_id__in=chunk, school_arranged=True).order_by(
            "graduate_id", "start_date", "pk"
        )
        for job in jobs:
            first_jobs.setdefault(job.graduate_id, job)
    policy = PolicySettings.current()
    opened = []
    for graduate_id, job in first_jobs.items():
        try:
            opened.append(_new_service(graduates[graduate_id], job, policy, today))
        except ValidationError:
            continue  # a start date the period cannot be computed from; the graduate's page says why
    TrackingService.objects.bulk_create(opened)
    HistoryEntry.objects.bulk_create(
        [history.creation_entry(service, actor=acting_user, source=SOURCE) for service in opened],
        batch_size=1000,
    )
    expelled = set()
    for chunk in in_chunks(service.graduate_id for service in opened):
        expelled.update(
            Employment.objects.filter(
                graduate_id__in=chunk, end_reason=Employment.EndReason.EXPELLED, end_date__isnull=False
            ).values_list("graduate_id", flat=True)
        )
    for service in opened:
        if service.graduate_id in expelled:
            tracking_service_terminate_if_expelled(service=service, acting_user=acting_user, today=today)


@transaction.atomic
def tracking_service_terminate_if_expelled(
    *, service: TrackingService, acting_user, today: datetime.date | None = None
) -> bool:
    """§二.10: terminate the service for the graduate's earliest job ended by 开除 that
    tracking.rules.expulsion_terminates_service says terminates it, dated the day of the expulsion.
    True if it did. The one way the job-saved hook, the daily run and re-placement apply the rule."""
    today = today or _today()
    locked = TrackingService.objects.select_for_update().get(pk=service.pk)
    period = period_of(locked)
    expulsions = (
        Employment.objects.filter(
            graduate_id=locked.graduate_id, end_reason=Employment.EndReason.EXPELLED, end_date__isnull=False
        )
        .select_related("employer")
        .order_by("end_date", "pk")
    )
    for job in expulsions:
        if rules.expulsion_terminates_service(
            period=period, status=rules.ServiceStatus(locked.status), expelled_on=job.end_date, today=today
        ):
            _terminate_for_expulsion(locked, job, acting_user)
            return True
    return False


def _terminate_for_expulsion(service: TrackingService, job: Employment, acting_user) -> TrackingService:
    evidence = _("就业记录：%(employer)s，%(date)s 被企业开除") % {
        "employer": job.employer.name,
        "date": job.end_date,
    }
    return tracking_service_terminate(
        service=service,
        cause=TrackingService.TerminationCause.EXPELLED,
        evidence=evidence,
        decided_on=job.end_date,
        acting_user=acting_user,
    )


@transaction.atomic
def tracking_service_refresh(
    *, service: TrackingService, today: datetime.date | None = None, acting_user=None
) -> bool:
    """Expire a service after its last covered day and keep its next follow-up due in step. True if changed."""
    today = today or _today()
    locked = TrackingService.objects.select_for_update().get(pk=service.pk)
    before = history.snapshot(locked)
    if locked.status == TrackingService.Status.ACTIVE and today >= locked.end_date:
        locked.status = TrackingService.Status.EXPIRED
    if locked.status != TrackingService.Status.ACTIVE:
        locked.next_follow_up_due = None
    elif locked.next_follow_up_due is None:
        policy = PolicySettings.current()
        locked.next_follow_up_due = rules.next_follow_up_due(
            period_of(locked),
            follow_up_months=policy.follow_up_months,
            last_reached_on=last_reached_on(locked),
        )
    if history.snapshot(locked) == before:
        return False
    _save_with_history(locked, before, acting_user, "daily")
    return True


# --- Changes the graduate must report (§3) ---------------------------------------------------------------

CHANGE_FIELDS = (
    "change_type",
    "occurred_on",
    "details",
    "new_salary",
    "new_post",
    "new_title",
    "new_employer_name",
    "new_mobile",
    "new_qq",
    "new_wechat",
    "new_email",
)
JOB_CHANGES = {
    ChangeReport.ChangeType.PROMOTION,
    ChangeReport.ChangeType.SALARY,
    ChangeReport.ChangeType.TRANSFER,
    ChangeReport.ChangeType.RESIGNATION,
    ChangeReport.ChangeType.JOB_CHANGE,
    ChangeReport.ChangeType.DISMISSED,
    ChangeReport.ChangeType.EXPELLED,
}


def _check_change(change: ChangeReport) -> None:
    errors: dict[str, str] = {}
    kind = change.change_type
    T = ChangeReport.ChangeType
    if change.occurred_on and change.reported_on and change.occurred_on > change.reported_on:
        errors["occurred_on"] = _("发生日期不能晚于通报日期")
    elif change.occurred_on and change.occurred_on < change.service.start_date:
        errors["occurred_on"] = _("发生日期不能早于跟踪服务开始日期（%(start)s）") % {
            "start": change.service.start_date
        }
    if change.reported_on and change.reported_on > _today():
        errors["reported_on"] = _("通报日期不能晚于今天")
    if kind == T.SALARY and change.new_salary is None:
        errors["new_salary"] = _("调资请填写新月薪")
    if change.new_salary is not None and change.new_salary < 0:
        errors["new_salary"] = _("月薪不能为负数")
    if kind == T.PROMOTION and not (change.new_title or change.new_post):
        errors["new_title"] = _("升职请填写新职务")
    if kind == T.TRANSFER and not change.new_post:
        errors["new_post"] = _("转岗请填写新岗位")
    if kind == T.JOB_CHANGE and not change.new_employer_name:
        errors["new_employer_name"] = _("跳槽请填写新单位名称")
    if kind == T.CONTACT and not any((change.new_mobile, change.new_qq, change.new_wechat, change.new_email)):
        errors["new_mobile"] = _("请至少填写一项新的联系方式")
    if change.new_mobile:
        try:
            validators.validate_mobile(validators.normalize_mobile(change.new_mobile))
        except ValidationError as error:
            errors["new_mobile"] = error.messages[0]
    if kind in {T.AWARD, T.PENALTY, T.ACCIDENT} and not change.details.strip():
        errors["details"] = _("请填写详细说明")
    if errors:
        raise ValidationError(errors)


def _apply_timeliness(change: ChangeReport) -> None:
    policy = PolicySettings.current()
    change.late = rules.report_timeliness(
        occurred_on=change.occurred_on,
        reported_on=change.reported_on,
        reported_by=change.reported_by,
        window_days=policy.report_window_days,
    ).late


@transaction.atomic
def change_report_submit(
    *,
    service: TrackingService,
    data: dict[str, Any],
    reported_by: str,
    acting_user,
    reported_on: datetime.date | None = None,
    source: str = SOURCE,
) -> ChangeReport:
    """A change reported by the graduate (portal), the employer, or found by the school (staff)."""
    data = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items() if k in CHANGE_FIELDS}
    data = {k: ("" if v is None and k not in ("new_salary", "occurred_on") else v) for k, v in data.items()}
    change = ChangeReport(
        service=service,
        reported_by=reported_by,
        reported_on=reported_on or _today(),
        submitted_by=acting_user if getattr(acting_user, "pk", None) else None,
        **data,
    )
    if (
        reported_by == ChangeReport.ReportedBy.GRADUATE
        and change.change_type not in ChangeReport.GRADUATE_TYPES
    ):
        raise ValidationError({"change_type": _("该类型的变动由用人单位或学校登记")})
    change.full_clean(exclude=["service"], validate_constraints=False)
    _check_change(change)
    _apply_timeliness(change)
    change.save()
    history.record_create(change, actor=acting_user, source=source)
    return change


def current_job(graduate: Graduate) -> Employment | None:
    return graduate.jobs.filter(end_date__isnull=True).select_related("employer").first()


def _employer_named(name: str, acting_user) -> Employer:
    normalized = validators.normalize_employer_name(name)
    employer = Employer.objects.filter(normalized_name=normalized).order_by("pk").first()
    if employer is None:
        employer = records_services.employer_create(
            data={"name": name}, acting_user=acting_user, source=SOURCE
        )
    return employer


def _end_job(job: Employment, *, last_day: datetime.date, reason: str, acting_user) -> Employment:
    last_day = max(last_day, job.start_date)
    return records_services.record_update(
        job, data={"end_date": last_day, "end_reason": reason}, acting_user=acting_user, source=SOURCE
    )


def _apply_to_file(change: ChangeReport, acting_user) -> Employment | None:
    """Write a confirmed change into the employment file through records.services (history keeps old values)."""
    T = ChangeReport.ChangeType
    graduate = change.service.graduate
    kind = change.change_type
    if kind == T.CONTACT:
        data = {
            "mobile": change.new_mobile,
            "qq": change.new_qq,
            "wechat": change.new_wechat,
            "email": change.new_email,
        }
        records_services.record_update(
            graduate, data={k: v for k, v in data.items() if v}, acting_user=acting_user, source=SOURCE
        )
        return None
    if kind == T.ACCIDENT:
        if not AccidentCase.objects.filter(graduate=graduate, occurred_on=change.occurred_on).exists():
            accident_case_open(
                graduate=graduate,
                data={"occurred_on": change.occurred_on, "description": change.details},
                acting_user=acting_user,
            )
        return None
    if kind not in JOB_CHANGES:
        return None
    job = current_job(graduate)
    if job is None:
        raise ValidationError(_("该毕业生没有在职的就业记录，无法更新；请先在就业档案中补充。"))
    if kind in {T.SALARY, T.PROMOTION, T.TRANSFER}:
        if change.new_salary is not None:
            # POLICY §1: a raise or cut is a dated salary change; the job's 起薪 stays.
            job = records_services.employment_salary_change(
                employment=job,
                monthly_salary=change.new_salary,
                effective_on=max(change.occurred_on, job.start_date),
                acting_user=acting_user,
                source=SOURCE,
                note=_("%(type)s（%(by)s通报）")
                % {
                    "type": change.get_change_type_display(),
                    "by": change.get_reported_by_display(),
                },
            )
        data: dict[str, Any] = {}
        if change.new_post:
            data["post"] = change.new_post
        if change.new_title:
            data["title"] = change.new_title
        return records_services.record_update(job, data=data, acting_user=acting_user, source=SOURCE)
    ending = rules.job_ending_for_change(kind, occurred_on=change.occurred_on)
    ended = _end_job(job, last_day=ending.last_day, reason=ending.end_reason.value, acting_user=acting_user)
    if kind != T.JOB_CHANGE:
        # Ending the job with 开除 terminates the service (tracking_services_jobs_saved, §二.10).
        return ended
    # 跳槽: after the old job, the new one.
    return records_services.employment_create(
        data={
            "graduate": graduate,
            "employer": _employer_named(change.new_employer_name, acting_user),
            "start_date": max(change.occurred_on, job.start_date + datetime.timedelta(days=1)),
            "monthly_salary": change.new_salary,
            "post": change.new_post,
            "title": change.new_title,
            "school_arranged": False,
        },
        acting_user=acting_user,
        source=SOURCE,
    )


def _locked_pending(change: ChangeReport) -> ChangeReport:
    locked = ChangeReport.objects.select_for_update().select_related("service__graduate").get(pk=change.pk)
    if locked.status != ChangeReport.Status.PENDING:
        raise ValidationError(
            _("该变动已处理（%(status)s），不能再次处理") % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def change_report_confirm(
    *, change: ChangeReport, acting_user, corrections: dict[str, Any] | None = None, note: str = ""
) -> ChangeReport:
    """Confirm (optionally corrected) and write it into the employment file."""
    locked = _locked_pending(change)
    before = history.snapshot(locked)
    for key, value in (corrections or {}).items():
        if key in CHANGE_FIELDS:
            setattr(locked, key, value if value is not None or key == "new_salary" else "")
    locked.full_clean(exclude=["service"], validate_constraints=False)
    _check_change(locked)
    _apply_timeliness(locked)
    locked.employment = _apply_to_file(locked, acting_user)
    locked.status = ChangeReport.Status.CONFIRMED
    locked.decided_by = acting_user
    locked.decided_at = timezone.now()
    locked.decision_note = (note or "").strip()
    locked.save()
    history.record_update(locked, before, actor=acting_user, source=SOURCE)
    return locked


@transaction.atomic
def change_report_reject(*, change: ChangeReport, acting_user, reason: str) -> ChangeReport:
    if not (reason or "").strip():
        raise ValidationError({"reason": _("驳回时请填写原因")})
    locked = _locked_pending(change)
    before = history.snapshot(locked)
    locked.status = ChangeReport.Status.REJECTED
    locked.decided_by = acting_user
    locked.decided_at = timezone.now()
    locked.decision_note = reason.strip()
    locked.save()
    history.record_update(locked, before, actor=acting_user, source=SOURCE)
    return locked


@transaction.atomic
def termination_proposal_decide(
    *, change: ChangeReport, terminate: bool, note: str, acting_user, decided_on: datetime.date | None = None
) -> ChangeReport:
    """§2 未按规定通报: the system proposed termination for a confirmed late change; staff decide with a note."""
    locked = ChangeReport.objects.select_for_update().select_related("service").get(pk=change.pk)
    if not (locked.late and locked.status == ChangeReport.Status.CONFIRMED and not locked.proposal_outcome):
        raise ValidationError(_("该变动没有待处理的终止建议"))
    if not (note or "").strip():
        raise ValidationError({"note": _("请填写处理说明")})
    before = history.snapshot(locked)
    if terminate:
        evidence = _(
            "%(type)s（发生于 %(occurred)s，%(by)s于 %(reported)s 通报，未在规定期限内通报）：%(note)s"
        ) % {
            "type": locked.get_change_type_display(),
            "occurred": locked.occurred_on,
            "by": locked.get_reported_by_display(),
            "reported": locked.reported_on,
            "note": note.strip(),
        }
        tracking_service_terminate(
            service=locked.service,
            cause=TrackingService.TerminationCause.UNREPORTED,
            evidence=evidence,
            decided_on=decided_on or _today(),
            acting_user=acting_user,
        )
    locked.proposal_outcome = "terminated" if terminate else "declined"
    locked.proposal_note = note.strip()
    locked.save()
    history.record_update(locked, before, actor=acting_user, source=SOURCE)
    return locked


# --- Follow-ups and verification (§4) --------------------------------------------------------------------


@transaction.atomic
def follow_up_contact_log(*, service: TrackingService, data: dict[str, Any], acting_user) -> FollowUpContact:
    """Log a contact attempt; a successful one sets the next due date. Refused outside an active service."""
    locked = TrackingService.objects.select_for_update().get(pk=service.pk)
    contacted_on = data.get("contacted_on") or _today()
    if locked.status == TrackingService.Status.TERMINATED:
        message = _("该毕业生的跟踪服务已于 %(date)s 终止，不再安排回访；历史记录仍可查看。") % {
            "date": locked.terminated_on
        }
        raise ValidationError({"contacted_on": message})
    if locked.status == TrackingService.Status.EXPIRED or _today() >= locked.end_date:
        message = _("该毕业生的跟踪服务已于 %(date)s 到期，不再安排回访；历史记录仍可查看。") % {
            "date": locked.last_covered_day
        }
        raise ValidationError({"contacted_on": message})
    if not period_of(locked).covers(contacted_on):
        raise ValidationError(
            {
                "contacted_on": _("回访日期须在跟踪服务期内（%(start)s 至 %(last)s）")
                % {"start": locked.start_date, "last": locked.last_covered_day}
            }
        )
    if contacted_on > _today():
        raise ValidationError({"contacted_on": _("回访日期不能晚于今天")})
    contact = FollowUpContact(
        service=locked,
        contacted_on=contacted_on,
        channel=data.get("channel") or "",
        reached=bool(data.get("reached")),
        notes=(data.get("notes") or "").strip(),
        changes_learned=(data.get("changes_learned") or "").strip(),
        answers=data.get("answers") or {},
        # 回访人: the staff member; a graduate's own confirmation (本人确认) has none.
        staff=acting_user if roles.is_staff_user(acting_user) else None,
    )
    contact.full_clean(exclude=["service", "staff"], validate_constraints=False)
    contact.save()
    history.record_create(contact, actor=acting_user, source=SOURCE)
    if contact.reached:
        policy = PolicySettings.current()
        before = history.snapshot(locked)
        locked.next_follow_up_due = rules.follow_up_due_after_contact(
            period_of(locked),
            follow_up_months=policy.follow_up_months,
            current_due=locked.next_follow_up_due,
            last_reached_on=last_reached_on(locked, excluding=contact),
            contacted_on=contacted_on,
            reached=True,
        )
        _save_with_history(locked, before, acting_user)
    return contact


def file_values(graduate: Graduate) -> rules.FileValues:
    """What the file says now, for the questions a contact asks (§4)."""
    contacts = {name: getattr(graduate, name) or "" for name in rules.CONTACT_FIELDS}
    job = current_job(graduate)
    if job is None:
        return rules.FileValues(has_job=False, **contacts)
    return rules.FileValues(
        has_job=True,
        employer_name=job.employer.name,
        post=job.post,
        title=job.title,
        monthly_salary=job.monthly_salary,
        **contacts,
    )


@transaction.atomic
def follow_up_contact_answered(
    *,
    service: TrackingService,
    data: dict[str, Any],
    answers: rules.ContactAnswers | None,
    acting_user,
    source: str = SOURCE,
) -> tuple[FollowUpContact, list[ChangeReport]]:
    """Log a contact with its answers (§4): the channel and whether the graduate was reached are required;
    a successful contact rolls the schedule; each answer that differs from the file becomes a pending change
    found by the school (学校核查, so §3 marks it 未及时通报), dated `data["occurred_on"]` or the contact's day,
    ready to be confirmed. All or nothing."""
    if data.get("reached") is None:
        raise ValidationError({"reached": _("请选择是否联系上")})
    reached = bool(data["reached"])
    contact = follow_up_contact_log(
        service=service,
        data={**data, "answers": answers.as_record() if reached and answers else {}},
        acting_user=acting_user,
    )
    if not (reached and answers):
        return contact, []
    changes = []
    graduate = Graduate.objects.get(pk=service.graduate_id)
    for found in rules.changes_in_answers(file_values(graduate), answers):
        change = change_report_submit(
            service=contact.service,
            data={
                "change_type": found.change_type.value,
                "occurred_on": data.get("occurred_on") or contact.contacted_on,
                "details": _("回访（%(channel)s）时发现") % {"channel": contact.get_channel_display()},
                **found.values,
            },
            reported_by=ChangeReport.ReportedBy.SCHOOL,
            reported_on=contact.contacted_on,
            acting_user=acting_user,
            source=source,
        )
        change.contact = contact
        change.save(update_fields=["contact"])
        changes.append(change)
    if changes:
        contact.changes_learned = "；".join(str(change.get_change_type_display()) for change in changes)
        contact.save(update_fields=["changes_learned"])
    return contact, changes


@transaction.atomic
def self_confirmation_record(
    *, service: TrackingService, acting_user, note: str = "", confirmed_on: datetime.date | None = None
) -> FollowUpContact:
    """§4: a graduate who confirms in the portal that nothing changed, or reports a change there, counts as
    reached (channel 本人确认); the schedule rolls from that day (today unless given)."""
    return follow_up_contact_log(
        service=service,
        data={
            "contacted_on": confirmed_on,
            "channel": FollowUpContact.Channel.SELF,
            "reached": True,
            "notes": note or _("本人在网上确认：工作无变化"),
        },
        acting_user=acting_user,
    )


@transaction.atomic
def portal_change_report(*, service: TrackingService, data: dict[str, Any], acting_user) -> ChangeReport:
    """A change the graduate reports in the portal (§3, 本人), which also counts as a contact that reached
    them (§4, 本人确认): both or neither."""
    change = change_report_submit(
        service=service,
        data=data,
        reported_by=ChangeReport.ReportedBy.GRADUATE,
        acting_user=acting_user,
        source=PORTAL_SOURCE,
    )
    self_confirmation_record(
        service=service,
        acting_user=acting_user,
        note=_("本人在网上通报变动：%(type)s") % {"type": change.get_change_type_display()},
    )
    return change


def self_confirmation_due(service: TrackingService | None, today: datetime.date | None = None) -> bool:
    """Whether the portal asks "您的工作有变化吗？": an active service whose quarterly follow-up is due (§4)."""
    today = today or _today()
    return (
        service is not None
        and service.status == TrackingService.Status.ACTIVE
        and service.next_follow_up_due is not None
        and service.next_follow_up_due <= today
    )


@transaction.atomic
def verification_record(
    *, service: TrackingService, data: dict[str, Any], acting_user, change_data: dict[str, Any] | None = None
) -> Verification:
    """核查: a discrepancy is either a change to record (found by the school, so 未及时通报) or a 违规记录."""
    verification = Verification(
        service=service,
        verified_on=data.get("verified_on") or _today(),
        outcome=data.get("outcome") or "",
        notes=(data.get("notes") or "").strip(),
        staff=acting_user if getattr(acting_user, "pk", None) else None,
    )
    verification.full_clean(exclude=["service", "staff", "change"], validate_constraints=False)
    if verification.verified_on > _today():
        raise ValidationError({"verified_on": _("核查日期不能晚于今天")})
    if verification.outcome == Verification.Outcome.VIOLATION and not verification.notes:
        raise ValidationError({"notes": _("请写明弄虚作假或隐瞒的情况")})
    if verification.outcome == Verification.Outcome.CHANGE:
        if not change_data or not change_data.get("change_type") or not change_data.get("occurred_on"):
            raise ValidationError({"change_type": _("发现变动时请填写变动类型和发生日期")})
        verification.change = change_report_submit(
            service=service,
            data={**change_data, "details": change_data.get("details") or verification.notes},
            reported_by=ChangeReport.ReportedBy.SCHOOL,
            reported_on=verification.verified_on,
            acting_user=acting_user,
        )
    verification.save()
    history.record_create(verification, actor=acting_user, source=SOURCE)
    if verification.outcome == Verification.Outcome.VIOLATION:
        violation_flag_raise(
            service=service,
            description=verification.notes,
            raised_on=verification.verified_on,
            verification=verification,
            acting_user=acting_user,
        )
    return verification


@transaction.atomic
def violation_flag_raise(
    *, service: TrackingService, description: str, raised_on: datetime.date, acting_user, verification=None
) -> ViolationFlag:
    flag = ViolationFlag(
        service=service,
        description=(description or "").strip(),
        raised_on=raised_on,
        verification=verification,
        raised_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    flag.full_clean(exclude=["service", "verification", "raised_by"], validate_constraints=False)
    flag.save()
    history.record_create(flag, actor=acting_user, source=SOURCE)
    return flag


@transaction.atomic
def violation_flag_resolve(*, flag: ViolationFlag, note: str, acting_user) -> ViolationFlag:
    """A 违规记录 is never deleted; it is resolved with a note, and stays on record."""
    locked = ViolationFlag.objects.select_for_update().get(pk=flag.pk)
    if locked.resolved_at is not None:
        raise ValidationError(_("该违规记录已办结"))
    if not (note or "").strip():
        raise ValidationError({"resolution_note": _("办结时请填写说明")})
    before = history.snapshot(locked)
    locked.resolved_at = timezone.now()
    locked.resolved_by = acting_user
    locked.resolution_note = note.strip()
    locked.save()
    history.record_update(locked, before, actor=acting_user, source=SOURCE)
    return locked


# --- Accidents (§5) ----------------------------------------------------------------------------------------


@transaction.atomic
def accident_case_open(*, graduate: Graduate, data: dict[str, Any], acting_user) -> AccidentCase:
    """Open a case; one outside the service period is recorded but marked 服务期外."""
    occurred_on = data.get("occurred_on")
    service = TrackingService.objects.filter(graduate=graduate).first()
    within = False
    if service is not None and occurred_on is not None:
        within = status_on(service, occurred_on) == rules.ServiceStatus.ACTIVE
    current = current_job(graduate)
    case = AccidentCase(
        graduate=graduate,
        occurred_on=occurred_on,
        description=(data.get("description") or "").strip(),
        employer=data.get("employer") or (current.employer if current else None),
        assigned_to=data.get("assigned_to"),
        within_service=within,
        opened_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    case.full_clean(exclude=["graduate", "employer", "assigned_to", "opened_by"], validate_constraints=False)
    if occurred_on > _today():
        raise ValidationError({"occurred_on": _("事故日期不能晚于今天")})
    case.save()
    history.record_create(case, actor=acting_user, source=SOURCE)
    return case


def _open_case(case: AccidentCase) -> AccidentCase:
    locked = AccidentCase.objects.select_for_update().get(pk=case.pk)
    if locked.closed_on is not None:
        raise ValidationError(_("该事故已结案"))
    return locked


@transaction.atomic
def accident_case_assign(*, case: AccidentCase, assignee: User, acting_user) -> AccidentCase:
    locked = _open_case(case)
    before = history.snapshot(locked)
    locked.assigned_to = assignee
    locked.save()
    history.record_update(locked, before, actor=acting_user, source=SOURCE)
    return locked


@transaction.atomic
def accident_step_add(*, case: AccidentCase, data: dict[str, Any], acting_user) -> AccidentStep:
    locked = _open_case(case)
    step = AccidentStep(
        case=locked,
        taken_on=data.get("taken_on") or _today(),
        description=(data.get("description") or "").strip(),
        staff=acting_user if getattr(acting_user, "pk", None) else None,
    )
    step.full_clean(exclude=["case", "staff"], validate_constraints=False)
    if step.taken_on < locked.occurred_on:
        raise ValidationError({"taken_on": _("处理日期不能早于事故日期")})
    step.save()
    history.record_create(step, actor=acting_user, source=SOURCE)
    return step


@transaction.atomic
def accident_case_close(
    *, case: AccidentCase, outcome: str, closed_on: datetime.date, acting_user
) -> AccidentCase:
    locked = _open_case(case)
    errors = {}
    if not (outcome or "").strip():
        errors["outcome"] = _("结案时请填写处理结果")
    if closed_on is None or closed_on < locked.occurred_on:
        errors["closed_on"] = _("结案日期不能早于事故日期")
    if errors:
        raise ValidationError(errors)
    before = history.snapshot(locked)
    locked.outcome = outcome.strip()
    locked.closed_on = closed_on
    locked.save()
    history.record_update(locked, before, actor=acting_user, source=SOURCE)
    return locked


# --- The graduate portal account ------------------------------------------------------------------------


@transaction.atomic
def portal_invitation_create(*, graduate: Graduate, acting_user) -> tuple[PortalInvitation, str]:
    """A one-time link to set a password; earlier unused links of the graduate stop working."""
    now = timezone.now()
    lifetime = datetime.timedelta(days=PolicySettings.current().portal_invitation_days)
    PortalInvitation.objects.filter(graduate=graduate, used_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    token = PortalInvitation.generate_token()
    invitation = PortalInvitation.objects.create(
        graduate=graduate,
        token_hash=PortalInvitation.hash_token(token),
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
        expires_at=now + lifetime,
    )
    history.record_create(invitation, actor=acting_user, source=SOURCE)
    return invitation, token


def portal_invitation_for_token(token: str) -> PortalInvitation | None:
    invitation = (
        PortalInvitation.objects.select_related("graduate")
        .filter(token_hash=PortalInvitation.hash_token(token or ""))
        .first()
    )
    return invitation if invitation and invitation.is_usable else None


@transaction.atomic
def portal_invitation_accept(*, token: str, password: str) -> User:
    invitation = portal_invitation_for_token(token)
    if invitation is None:
        raise ValidationError(_("邀请链接无效、已使用或已过期，请联系学校重新获取。"))
    locked = PortalInvitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.used_at is not None:
        raise ValidationError(_("邀请链接无效、已使用或已过期，请联系学校重新获取。"))
    user = accounts_services.portal_account_set_password(graduate=invitation.graduate, password=password)
    locked.used_at = timezone.now()
    locked.save(update_fields=["used_at"])
    return user
