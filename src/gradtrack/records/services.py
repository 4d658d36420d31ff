"""Every write to departments, majors, graduates, employers and jobs, with its history in the same transaction."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from gradtrack.core import history
from gradtrack.core.models import PolicySettings
from gradtrack.records import rules, validators
from gradtrack.records.models import Department, Employer, Employment, Graduate, Major


@dataclass(frozen=True)
class SavedJob:
    job: Employment
    changed: set[str] | None  # None for a new job, else the names of the fields the edit changed


JobSavedReceiver = Callable[[Employment, Any, set[str] | None], None]
JobsSavedReceiver = Callable[[Sequence[SavedJob], Any], None]

# What other capabilities must do, in the same transaction, when a job is added or changed, whichever page, API
# call, import or service saved it: tracking opens the service with the first school-arranged job and ends it
# at once when a job ends by 开除 (POLICY §2). Receivers register when their app is ready. Each receiver of
# job_saved_receivers is called once per job as ``receiver(job, acting_user, changed)``; each of
# jobs_saved_receivers once per write with all its jobs, ``receiver(saved_jobs, acting_user)``, so that it can
# handle an import's thousands of jobs with a few queries instead of a few per job.
job_saved_receivers: list[JobSavedReceiver] = []
jobs_saved_receivers: list[JobsSavedReceiver] = []


def on_job_saved(receiver: JobSavedReceiver) -> JobSavedReceiver:
    """Call ``receiver(job, acting_user, changed)`` for every job saved from now on (registered once)."""
    if receiver not in job_saved_receivers:
        job_saved_receivers.append(receiver)
    return receiver


def on_jobs_saved(receiver: JobsSavedReceiver) -> JobsSavedReceiver:
    """Call ``receiver(saved_jobs, acting_user)`` with the jobs of every write from now on (registered once)."""
    if receiver not in jobs_saved_receivers:
        jobs_saved_receivers.append(receiver)
    return receiver


def _jobs_saved(saved_jobs: Sequence[SavedJob], acting_user) -> None:
    if not saved_jobs:
        return
    for receiver in jobs_saved_receivers:
        receiver(saved_jobs, acting_user)
    for each_job in job_saved_receivers:
        for saved in saved_jobs:
            each_job(saved.job, acting_user, saved.changed)


class ConcurrentEditError(ValidationError):
    """Someone else saved the record after this edit began; nothing was overwritten."""

    def __init__(self):
        super().__init__(_("该记录已被他人修改，请刷新页面后重新编辑。"), code="concurrent_edit")


def _normalise(model: type[models.Model], data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    for key, value in list(data.items()):
        if isinstance(value, str):
            data[key] = value.strip()
    if model is Graduate:
        if "mobile" in data:
            data["mobile"] = validators.normalize_mobile(data["mobile"])
        if "id_number" in data:
            data["id_number"] = validators.normalize_id_number(data["id_number"])
        if "qq" in data:
            data["qq"] = validators.to_halfwidth(data["qq"] or "").strip()
    if model is Employer:
        if "credit_code" in data:
            data["credit_code"] = validators.normalize_credit_code(data["credit_code"]) or None
        if "name" in data:
            data["normalized_name"] = validators.normalize_employer_name(data["name"])
    return data


def _check(instance: models.Model) -> None:
    # Field checks and the rules below name their field; database constraints are the last line of defence.
    instance.full_clean(validate_constraints=False)
    if isinstance(instance, Graduate) and instance.major_id and instance.department_id:
        if instance.major.department_id != instance.department_id:
            raise ValidationError({"major": _("专业“%(major)s”不属于所选系部") % {"major": instance.major}})
    if isinstance(instance, Employment):
        _check_employment(instance)
    instance.validate_constraints()


def _check_employment(job: Employment) -> None:
    errors = {}
    if job.end_date and job.start_date and job.end_date < job.start_date:
        errors["end_date"] = _("离职日期不能早于入职日期")
    if job.probation_end and job.start_date and job.probation_end < job.start_date:
        errors["probation_end"] = _("试用期截止日期不能早于入职日期")
    if job.end_date is None and job.end_reason:
        errors["end_reason"] = _("尚未离职，不应填写离职原因")
    if job.end_date is None and job.graduate_id:
        others = Employment.objects.filter(graduate_id=job.graduate_id, end_date__isnull=True).exclude(
            pk=job.pk
        )
        if others.exists():
            errors["end_date"] = _("该毕业生已有一份在职工作；请先填写原工作的离职日期，再添加新的在职工作")
    if errors:
        raise ValidationError(errors)


def default_probation_end(start_date, policy: PolicySettings | None = None):
    """rules.probation_end_by_default with the school's setting (POLICY §1)."""
    policy = policy or PolicySettings.current()
    return rules.probation_end_by_default(start_date, probation_months=policy.probation_months)


@transaction.atomic
def record_create(model: type[models.Model], *, data: dict[str, Any], acting_user, source: str = ""):
    instance = model(**_normalise(model, data))
    if isinstance(instance, Employment) and instance.start_date and not instance.probation_end:
        try:
            instance.probation_end = default_probation_end(instance.start_date)
        except (OverflowError, ValueError) as exc:  # a start date near 9999-12-31
            raise ValidationError({"start_date": _("入职日期超出可处理的范围")}) from exc
    _check(instance)
    instance.save()
    history.record_create(instance, actor=acting_user, source=source)
    if isinstance(instance, Employment):
        _jobs_saved([SavedJob(instance, None)], acting_user)
    return instance


@transaction.atomic
def record_update(
    instance: models.Model,
    *,
    data: dict[str, Any],
    acting_user,
    expected_version: int | None = None,
    source: str = "",
):
    model = type(instance)
    locked = model.objects.select_for_update().get(pk=instance.pk)
    has_version = hasattr(locked, "version")
    if has_version and expected_version is not None and locked.version != expected_version:
        raise ConcurrentEditError()
    before = history.snapshot(locked)
    for key, value in _normalise(model, data).items():
        setattr(locked, key, value)
    _check(locked)
    after = history.snapshot(locked)
    if after == before:
        return locked
    if has_version:
        locked.version += 1
    locked.save()
    history.record_update(locked, before, actor=acting_user, source=source)
    if isinstance(locked, Employment):
        changed = {name for name, value in after.items() if before.get(name) != value}
        _jobs_saved([SavedJob(locked, changed)], acting_user)
    return locked


@transaction.atomic
def record_delete(instance: models.Model, *, acting_user, source: str = "") -> None:
    if isinstance(instance, Graduate):
        for job in instance.jobs.all():
            history.record_delete(job, actor=acting_user, source=source)
    try:
        history.record_delete(instance, actor=acting_user, source=source)
        instance.delete()
    except models.ProtectedError as exc:
        raise ValidationError(_("“%(obj)s”仍被其他记录引用，不能删除") % {"obj": instance}) from exc


# Named entry points, so that views, the API, the importer and later capabilities say what they do.


def department_create(*, data, acting_user) -> Department:
    return record_create(Department, data=data, acting_user=acting_user)


def major_create(*, data, acting_user) -> Major:
    return record_create(Major, data=data, acting_user=acting_user)


def graduate_create(*, data, acting_user, source: str = "") -> Graduate:
    return record_create(Graduate, data=data, acting_user=acting_user, source=source)


def employer_create(*, data, acting_user, source: str = "") -> Employer:
    return record_create(Employer, data=data, acting_user=acting_user, source=source)


def employment_create(*, data, acting_user, source: str = "") -> Employment:
    return record_create(Employment, data=data, acting_user=acting_user, source=source)
