"""Every write of re-placement (再次就业安置, POLICY §6), each in one transaction with its history.

The decision is made by replacement.rules.replacement_decision, called only through `decision_for` below, so the
staff pages, the graduate portal and the API give the same answer. The new job of a placement is created by
records.services.employment_create (school-arranged, channel 学校推荐 or 中介介绍); the tracking service is read
from tracking and, for a job ended by 开除, terminated where tracking's rule says so (§二.10,
tracking.services.tracking_service_terminate_if_expelled).
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gradtrack.core import history
from gradtrack.core.models import PolicySettings
from gradtrack.records import services as records_services
from gradtrack.records.models import Employment, Graduate
from gradtrack.replacement import rules
from gradtrack.replacement.models import ReplacementRequest, ReplacementTest
from gradtrack.tracking import services as tracking_services
from gradtrack.tracking.models import TrackingService

SOURCE = "replacement"
PORTAL_SOURCE = "portal"
API_SOURCE = "api"

Stage = ReplacementRequest.Stage


def _today() -> datetime.date:
    return timezone.localdate()


# --- The decision (POLICY §6) ----------------------------------------------------------------------------


def _service_facts(graduate: Graduate) -> rules.ServiceFacts | None:
    service = TrackingService.objects.filter(graduate=graduate).first()
    if service is None:
        return None
    terminated = service.status == TrackingService.Status.TERMINATED
    return rules.ServiceFacts(
        start=service.start_date,
        end=service.end_date,
        terminated_on=service.terminated_on if terminated else None,
        termination_cause=rules.TerminationCause(service.termination_cause) if terminated else None,
    )


def _ended_job(job: Employment, policy: PolicySettings) -> rules.EndedJob:
    probation_end = job.probation_end or records_services.default_probation_end(job.start_date, policy)
    return rules.EndedJob(
        end_date=job.end_date, end_reason=rules.EndReason(job.end_reason), probation_end=probation_end
    )


def decision_for(*, graduate: Graduate, employment: Employment, request_date: datetime.date):
    """The decision of POLICY §6 for a request made on `request_date` after `employment` ended, from the file
    as it is now: the one entry point of the UI, the portal and the API."""
    policy = PolicySettings.current()
    expelled_before = graduate.jobs.filter(
        end_reason=Employment.EndReason.EXPELLED, end_date__isnull=False, end_date__lte=request_date
    ).exists()
    return rules.replacement_decision(
        job=_ended_job(employment, policy),
        request_date=request_date,
        service=_service_facts(graduate),
        wait_months=policy.replacement_wait_months,
        school_placed=graduate.placement_mode == Graduate.PlacementMode.SCHOOL,
        expelled_before=expelled_before,
    )


def current_decision(request: ReplacementRequest) -> rules.ReplacementDecision:
    """The decision recomputed from today's file (the stored one is what was decided when it was made)."""
    return decision_for(
        graduate=request.graduate, employment=request.employment, request_date=request.request_date
    )


def decision_changed(request: ReplacementRequest, decision: rules.ReplacementDecision | None = None) -> bool:
    decision = decision or current_decision(request)
    return (decision.decision.value, decision.earliest_placement_date) != (
        request.decision,
        request.earliest_placement_date,
    )


def stored_decision(request: ReplacementRequest) -> dict[str, Any]:
    """The decision as the request stores it, for pages and the API."""
    return {
        "decision": request.decision,
        "label": request.get_decision_display(),
        "clause": request.clause,
        "clause_text": request.clause_text,
        "earliest_placement_date": request.earliest_placement_date,
        "agency_fee_paid_by_graduate": request.agency_fee == rules.AgencyFee.GRADUATE,
    }


def _store_decision(request: ReplacementRequest, decision: rules.ReplacementDecision) -> None:
    request.decision = decision.decision.value
    request.clause = decision.clause
    request.earliest_placement_date = decision.earliest_placement_date
    request.agency_fee = decision.agency_fee.value
    request.decided_on = _today()


# --- Writing with history --------------------------------------------------------------------------------


def _save(instance: models.Model, before: dict | None, acting_user, source: str) -> None:
    instance.full_clean(validate_constraints=False)
    if before is not None and hasattr(instance, "version"):
        instance.version += 1
    instance.save()
    if before is None:
        history.record_create(instance, actor=acting_user, source=source)
    else:
        history.record_update(instance, before, actor=acting_user, source=source)


def _locked(request: ReplacementRequest) -> ReplacementRequest:
    return (
        ReplacementRequest.objects.select_for_update()
        .select_related("graduate", "employment")
        .get(pk=request.pk)
    )


def _require_open(request: ReplacementRequest) -> None:
    if not request.is_open:
        raise ValidationError(_("该申请已关闭，不能再办理。"), code="closed")


def _stage_of(request: ReplacementRequest) -> str:
    if not request.is_open:
        return Stage.CLOSED
    if request.tests.filter(result=ReplacementTest.Result.PASSED).exists():
        return Stage.PLACEMENT
    if request.registered_on is not None:
        return Stage.TEST
    return Stage.REGISTRATION


def _close(request: ReplacementRequest, reason: str, note: str = "") -> None:
    request.stage = Stage.CLOSED
    request.close_reason = reason
    request.closed_on = _today()
    request.close_note = note


def _terminate_service_for_expulsion(graduate: Graduate, acting_user) -> None:
    """§二.10: the denial is about the graduate; whether it also ends the service is tracking's rule."""
    service = TrackingService.objects.filter(graduate=graduate, status=TrackingService.Status.ACTIVE).first()
    if service is not None:
        tracking_services.tracking_service_terminate_if_expelled(service=service, acting_user=acting_user)


def _after_decision(request: ReplacementRequest, decision: rules.ReplacementDecision, acting_user) -> None:
    if decision.decision == rules.Decision.DENIED:
        _close(request, ReplacementRequest.CloseReason.DENIED)
        if decision.terminates_service:
            _terminate_service_for_expulsion(request.graduate, acting_user)


# --- Opening a request -----------------------------------------------------------------------------------


def _ensure_service(graduate: Graduate, acting_user) -> None:
    # A school-placed graduate with a school-arranged job has a service even if the daily job has not opened
    # it yet; the decision must not fall to §二.9 for want of the row.
    if graduate.placement_mode != Graduate.PlacementMode.SCHOOL:
        return
    if TrackingService.objects.filter(graduate=graduate).exists():
        return
    try:
        tracking_services.tracking_service_start(graduate=graduate, acting_user=acting_user)
    except (OverflowError, ValueError):  # a first job dated near 9999: no service can be computed
        return


@transaction.atomic
def replacement_request_open(
    *,
    graduate: Graduate,
    employment: Employment,
    opened_by: str,
    acting_user,
    request_date: datetime.date | None = None,
    source: str = SOURCE,
) -> ReplacementRequest:
    """Open a request after `employment` ended and decide it (POLICY §6). A 不予安置 request is closed at once,
    and an expulsion inside the graduate's active service terminates it (§二.10)."""
    today = _today()
    request_date = request_date or today
    Graduate.objects.select_for_update().filter(pk=graduate.pk).first()  # one open request at a time
    errors = {}
    if employment.graduate_id != graduate.pk:
        errors["employment"] = _("这份工作不在该毕业生的就业档案中。")
    elif employment.end_date is None:
        errors["employment"] = _("这份工作尚未离职（没有离职日期），不能申请再次安置。")
    if request_date > today:
        errors["request_date"] = _("申请日期不能晚于今天。")
    elif "employment" not in errors and request_date < employment.end_date:
        errors["request_date"] = _("申请日期不能早于离职日期（%(date)s）。") % {"date": employment.end_date}
    if ReplacementRequest.objects.filter(graduate=graduate).exclude(stage=Stage.CLOSED).exists():
        errors["graduate"] = _("该毕业生已有一份未关闭的再次安置申请，请先办结。")
    if errors:
        raise ValidationError(errors)
    _ensure_service(graduate, acting_user)
    decision = decision_for(graduate=graduate, employment=employment, request_date=request_date)
    request = ReplacementRequest(
        graduate=graduate,
        employment=employment,
        request_date=request_date,
        opened_by=opened_by,
        opened_by_user=acting_user if getattr(acting_user, "pk", None) else None,
    )
    _store_decision(request, decision)
    _after_decision(request, decision, acting_user)
    _save(request, None, acting_user, source)
    return request


@transaction.atomic
def replacement_request_redecide(*, request: ReplacementRequest, acting_user, source: str = SOURCE):
    """Decide again from today's file (after a correction of the job or the service). Staff never choose the
    decision, so 不予安置 cannot be overridden: only the facts can change it."""
    locked = _locked(request)
    _require_open(locked)
    before = history.snapshot(locked)
    decision = current_decision(locked)
    _store_decision(locked, decision)
    if not locked.needs_staff_outcome:
        locked.outcome, locked.outcome_reason, locked.outcome_by = "", "", None
    _after_decision(locked, decision, acting_user)
    _save(locked, before, acting_user, source)
    return locked


@transaction.atomic
def replacement_request_classify(
    *, request: ReplacementRequest, end_reason: str, acting_user, source: str = SOURCE
) -> ReplacementRequest:
    """待归类: staff classify a 合同期满 / 其他 ending as an employer or a personal/family reason. The reason is
    written to the employment file (with its history) and the request is decided again."""
    locked = _locked(request)
    _require_open(locked)
    if locked.decision != rules.Decision.NEEDS_CLASSIFICATION:
        raise ValidationError({"end_reason": _("该申请的离职原因无需归类。")})
    if end_reason not in rules.CLASSIFIABLE_REASONS:
        raise ValidationError({"end_reason": _("请归类为企业原因，或个人原因、家庭原因。")})
    records_services.record_update(
        locked.employment, data={"end_reason": end_reason}, acting_user=acting_user, source=source
    )
    return replacement_request_redecide(request=locked, acting_user=acting_user, source=source)


# --- The steps: registration, tests, staff outcome -------------------------------------------------------


@transaction.atomic
def replacement_request_register(
    *, request: ReplacementRequest, registered_on: datetime.date, acting_user, source: str = SOURCE
) -> ReplacementRequest:
    """报名登记 at the school (§二.9), the first precondition."""
    locked = _locked(request)
    _require_open(locked)
    if locked.registered_on is not None:
        raise ValidationError(
            {"registered_on": _("报名登记已于 %(date)s 记录。") % {"date": locked.registered_on}}
        )
    if registered_on > _today():
        raise ValidationError({"registered_on": _("报名登记日期不能晚于今天。")})
    if registered_on < locked.request_date:
        raise ValidationError(
            {"registered_on": _("报名登记日期不能早于申请日期（%(date)s）。") % {"date": locked.request_date}}
        )
    before = history.snapshot(locked)
    locked.registered_on = registered_on
    locked.registered_by = acting_user if getattr(acting_user, "pk", None) else None
    locked.stage = _stage_of(locked)
    _save(locked, before, acting_user, source)
    return locked


TEST_FIELDS = ("held_on", "kind", "organiser", "employer", "result", "notes")


@transaction.atomic
def replacement_test_record(
    *, request: ReplacementRequest, data: dict[str, Any], acting_user, source: str = SOURCE
) -> ReplacementTest:
    """A 招聘面试或笔试 organised by an employer or the school, with its result (§二.9). A failed test leaves the
    request open (staff may close it); a passed one moves it to 安置."""
    locked = _locked(request)
    _require_open(locked)
    test = ReplacementTest(request=locked, **{k: v for k, v in data.items() if k in TEST_FIELDS})
    test.recorded_by = acting_user if getattr(acting_user, "pk", None) else None
    errors = {}
    if locked.registered_on is None:
        errors["held_on"] = _("须先到学校报名登记，再参加面试或笔试（§二.9）。")
    elif test.held_on and test.held_on < locked.registered_on:
        errors["held_on"] = _("面试或笔试不能早于报名登记日期（%(date)s）。") % {"date": locked.registered_on}
    if test.held_on and test.held_on > _today():
        errors["held_on"] = _("只能记录已经举行的面试或笔试（日期不能晚于今天）。")
    if test.organiser == ReplacementTest.Organiser.EMPLOYER and test.employer_id is None:
        errors["employer"] = _("用人单位组织的面试或笔试须注明用人单位。")
    if errors:
        raise ValidationError(errors)
    _save(test, None, acting_user, source)
    before = history.snapshot(locked)
    locked.stage = _stage_of(locked)
    if history.snapshot(locked) != before:
        _save(locked, before, acting_user, source)
    return test


@transaction.atomic
def replacement_request_decide(
    *, request: ReplacementRequest, outcome: str, reason: str, acting_user, source: str = SOURCE
) -> ReplacementRequest:
    """Staff's outcome of a discretionary decision (酌情安置 §二.8, 酌情考虑 §二.9): 同意安置 or 不同意, with the
    reason. 不同意 closes the request."""
    locked = _locked(request)
    _require_open(locked)
    errors = {}
    if not locked.needs_staff_outcome:
        errors["outcome"] = _("只有“酌情安置”或“酌情考虑”的申请由学校决定是否安置；本申请为“%(label)s”。") % {
            "label": locked.get_decision_display()
        }
    elif outcome not in ReplacementRequest.Outcome.values:
        errors["outcome"] = _("请选择“同意安置”或“不同意”。")
    if not (reason or "").strip():
        errors["outcome_reason"] = _("请填写处理理由。")
    if errors:
        raise ValidationError(errors)
    before = history.snapshot(locked)
    locked.outcome = outcome
    locked.outcome_reason = reason.strip()
    locked.outcome_by = acting_user if getattr(acting_user, "pk", None) else None
    if outcome == ReplacementRequest.Outcome.DECLINED:
        _close(locked, ReplacementRequest.CloseReason.DECLINED, reason.strip())
    _save(locked, before, acting_user, source)
    return locked


# --- Placement and closing -------------------------------------------------------------------------------

PLACEMENT_JOB_FIELDS = (
    "employer",
    "start_date",
    "probation_end",
    "post",
    "title",
    "location",
    "phone",
    "monthly_salary",
    "matches_major",
    "locality",
    "area_type",
    "contract_term",
    "social_insurance",
)
PLACEMENT_CHANNELS = (Employment.Channel.SCHOOL, Employment.Channel.AGENCY)


def _blocker_errors(
    blockers, decision: rules.ReplacementDecision | None, today: datetime.date
) -> dict[str, list[str]]:
    B = rules.Blocker
    earliest = decision.earliest_placement_date if decision else None
    messages = {
        B.CLOSED: ("__all__", _("该申请已关闭，不能再安置。")),
        B.DENIED: (
            "__all__",
            _("不予安置（§二.10 被企业开除的学生不再提供安置就业的机会），此决定不能更改。"),
        ),
        B.NEEDS_CLASSIFICATION: (
            "__all__",
            _("离职原因尚未归类为企业原因或个人/家庭原因，请先归类并重新判定。"),
        ),
        B.OUTCOME_MISSING: ("__all__", _("酌情处理的申请须先记录学校的处理结果（同意安置）及理由。")),
        B.OUTCOME_DECLINED: ("__all__", _("学校的处理结果为“不同意”，不能安置。")),
        B.NOT_REGISTERED: ("__all__", _("尚未报名登记：须先到学校报名登记（§二.9）。")),
        B.NO_PASSED_TEST: ("__all__", _("尚未通过企业或学校组织的招聘面试或笔试（§二.9）。")),
        B.BEFORE_EARLIEST: (
            "__all__",
            _("待观察：最早可安置日期为 %(date)s，今天（%(today)s）还不能安置（§二.7）。")
            % {"date": earliest, "today": today},
        ),
        B.START_BEFORE_EARLIEST: (
            "start_date",
            _("入职日期不能早于最早可安置日期 %(date)s（§二.7）。") % {"date": earliest},
        ),
        B.FEE_PAYER_MISSING: ("fee_payer", _("通过中介介绍安置的，须注明中介费用由谁承担。")),
        B.FEE_MUST_BE_GRADUATES: ("fee_payer", _("试用期内因本人或家庭原因辞职的，中介费用自理（§二.7）。")),
        B.FEE_NOT_GRADUATES: ("fee_payer", _("免费再次安置，中介费用不能由毕业生承担（§二.6）。")),
    }
    errors: dict[str, list[str]] = {}
    for blocker in blockers:
        field, message = messages[blocker]
        errors.setdefault(field, []).append(message)
    return errors


@transaction.atomic
def replacement_request_place(
    *,
    request: ReplacementRequest,
    job_data: dict[str, Any],
    channel: str,
    fee_payer: str,
    acting_user,
    source: str = SOURCE,
) -> ReplacementRequest:
    """安置: a new school-arranged job (channel 学校推荐 or 中介介绍), created through records.services, once every
    condition holds: not denied, classified, staff agreed (酌情), registered, passed a test, on or after the
    earliest date (待观察), and an agency fee borne as the decision says. Closes the request."""
    locked = _locked(request)
    today = _today()
    if locked.decision == rules.Decision.DENIED:  # 不予安置 cannot be overridden, whatever the file says now
        raise ValidationError(_blocker_errors((rules.Blocker.DENIED,), None, today))
    _require_open(locked)
    decision = current_decision(locked)
    if decision_changed(locked, decision):
        raise ValidationError(
            _("档案已变化，重新判定的结果（%(now)s）与申请记录的决定（%(then)s）不同，请先重新判定。")
            % {"now": decision.label, "then": locked.get_decision_display()}
        )
    errors: dict[str, list[str]] = {}
    if channel not in PLACEMENT_CHANNELS:
        errors["channel"] = [_("再次安置的就业渠道只能是“学校推荐”或“中介介绍”。")]
    via_agency = channel == Employment.Channel.AGENCY
    if fee_payer and fee_payer not in ReplacementRequest.FeePayer.values:
        errors["fee_payer"] = [_("请选择中介费用的承担方。")]
    blockers = rules.placement_blockers(
        decision,
        closed=not locked.is_open,
        outcome=rules.Outcome(locked.outcome),
        registered=locked.registered_on is not None,
        passed_test=locked.tests.filter(result=ReplacementTest.Result.PASSED).exists(),
        placement_date=today,
        start_date=job_data.get("start_date"),
        via_agency=via_agency,
        fee_paid_by_graduate=(fee_payer == ReplacementRequest.FeePayer.GRADUATE) if fee_payer else None,
    )
    for field, messages in _blocker_errors(blockers, decision, today).items():
        errors.setdefault(field, []).extend(messages)
    start_date = job_data.get("start_date")
    if start_date is not None and start_date <= locked.employment.end_date:
        errors.setdefault("start_date", []).append(
            _("新工作的入职日期须晚于原工作的离职日期（%(date)s）。") % {"date": locked.employment.end_date}
        )
    if errors:
        raise ValidationError(errors)
    data = {k: v for k, v in job_data.items() if k in PLACEMENT_JOB_FIELDS}
    job = records_services.employment_create(
        data={**data, "graduate": locked.graduate, "school_arranged": True, "channel": channel},
        acting_user=acting_user,
        source=source,
    )
    before = history.snapshot(locked)
    locked.new_employment = job
    locked.fee_payer = fee_payer if via_agency else ""
    locked.placed_on = today
    _close(locked, ReplacementRequest.CloseReason.PLACED)
    _save(locked, before, acting_user, source)
    return locked


STAFF_CLOSE_REASONS = (
    ReplacementRequest.CloseReason.FAILED,
    ReplacementRequest.CloseReason.WITHDRAWN,
    ReplacementRequest.CloseReason.OTHER,
)


@transaction.atomic
def replacement_request_close(
    *, request: ReplacementRequest, reason: str, note: str, acting_user, source: str = SOURCE
) -> ReplacementRequest:
    """Close without a placement: a failed test, withdrawn by the graduate, or another reason (with a note)."""
    locked = _locked(request)
    _require_open(locked)
    errors = {}
    if reason not in STAFF_CLOSE_REASONS:
        errors["close_reason"] = _("请选择关闭原因：未通过面试或笔试、本人撤回或其他。")
    if reason == ReplacementRequest.CloseReason.OTHER and not (note or "").strip():
        errors["close_note"] = _("关闭原因为“其他”时请填写说明。")
    if errors:
        raise ValidationError(errors)
    before = history.snapshot(locked)
    _close(locked, reason, (note or "").strip())
    _save(locked, before, acting_user, source)
    return locked
