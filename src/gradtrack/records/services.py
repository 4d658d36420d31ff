"""Every write to departments, majors, graduates, employers and jobs, with its history in the same transaction."""

from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from gradtrack.core import history
from gradtrack.core.concurrency import ConcurrentEditError
from gradtrack.core.models import PolicySettings
from gradtrack.records import validators
from gradtrack.records.models import Department, Employer, Employment, Graduate, Major

# What other capabilities must do, in the same transaction, when a job is added or changed: dotted paths to
# ``hook(job, acting_user, changed)``, where ``changed`` is None for a new job, else the names of the fields
# the edit changed. The tracking service opens with the first school-arranged job and ends at once
# when a job ends by 开除 (POLICY §2), whichever page, API call or service saved the job.
JOB_SAVED_HOOKS: list[str] = [
    "gradtrack.tracking.services.tracking_service_job_saved",
]


def _job_saved(job: Employment, acting_user, changed: set[str] | None) -> None:
    for path in JOB_SAVED_HOOKS:
        import_string(path)(job, acting_user, changed)


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
    """The last day of probation when none is given: start + N months − 1 day (POLICY §1)."""
    policy = policy or PolicySettings.current()
    return start_date + relativedelta(months=policy.probation_months) - relativedelta(days=1)


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
        _job_saved(instance, acting_user, None)
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
        _job_saved(locked, acting_user, {name for name, value in after.items() if before.get(name) != value})
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
