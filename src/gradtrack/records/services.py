"""Every write to departments, majors, graduates, employers and jobs, with its history in one transaction.

No other app writes these tables: pages, the API, the importer and the other capabilities call the functions
here, so each write gets the same normalisation, checks, history and job-saved receivers.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, router, transaction
from django.db.models import Q
from django.db.models.deletion import Collector, get_candidate_relations_to_delete
from django.utils import timezone
from django.utils.translation import gettext as _

from gradtrack.accounts import roles
from gradtrack.core import history
from gradtrack.core.concurrency import ConcurrentEditError
from gradtrack.core.models import HistoryEntry, PolicySettings
from gradtrack.records import rules, validators
from gradtrack.records.models import Department, Employer, Employment, Graduate, Major, SalaryChange


@dataclass(frozen=True)
class SavedJob:
    job: Employment
    changed: set[str] | None  # None for a new job, else the names of the fields the edit changed
    deleted: bool = False  # the job was deleted (a record entered by mistake); its values as it was


JobsSavedReceiver = Callable[[Sequence[SavedJob], Any], None]

# What other capabilities must do, in the same transaction, when jobs are added or changed, whichever page,
# API call, import or service saved them: tracking opens the service with the first school-arranged job and
# ends it at once when a job ends by 开除 (POLICY §2). The top layer registers the receivers (site.apps). Each
# is called once per write with all its jobs, ``receiver(saved_jobs, acting_user)``, so that it can handle an
# import's thousands of jobs with a few queries instead of a few per job.
jobs_saved_receivers: list[JobsSavedReceiver] = []


def on_jobs_saved(receiver: JobsSavedReceiver) -> JobsSavedReceiver:
    """Call ``receiver(saved_jobs, acting_user)`` with each write's jobs from now on (registered once)."""
    if receiver not in jobs_saved_receivers:
        jobs_saved_receivers.append(receiver)
    return receiver


def _jobs_saved(saved_jobs: Sequence[SavedJob], acting_user) -> None:
    if not saved_jobs:
        return
    for receiver in jobs_saved_receivers:
        receiver(saved_jobs, acting_user)


def record_data_normalise(model: type[models.Model], data: dict[str, Any]) -> dict[str, Any]:
    """The values a write stores for ``data``: text trimmed; phone, ID, QQ and credit codes in their normal
    forms; an employer's name also in the form names are compared in. Every write here goes through it; the
    importer uses it to compare a roster with the file before anything is written."""
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


def record_check(instance: models.Model, *, exclude: Iterable[str] = (), lookups: bool = True) -> None:
    """Raise ValidationError, by field, unless the record may be saved as it is: each field's validators, a
    major of the graduate's own department, a job's dates and at most one current job per graduate, then the
    model's constraints. Field checks and these rules name their field; database constraints are the last
    line of defence.

    ``exclude`` names fields the caller settles itself (cells it has already reported). ``lookups=False``
    leaves out what needs a query per record: that related records and unique values exist or not, the
    one-current-job rule and the constraints. A bulk write leaves those to the database, whose constraints
    enforce the same rules and roll the whole write back, because thousands of queries would make it slow; a
    relation set to a record in hand (saved or not yet) needs no lookup either way.
    """
    exclude = set(exclude)
    unchecked = set(exclude)
    if not lookups:
        unchecked |= {
            f.name for f in instance._meta.concrete_fields if f.is_relation and f.is_cached(instance)
        }
    instance.full_clean(exclude=unchecked, validate_unique=lookups, validate_constraints=False)
    if isinstance(instance, Graduate) and not {"major", "department"} & exclude:
        _check_major_of_department(instance)
    if isinstance(instance, Employment):
        _check_employment(instance, lookups=lookups)
    if lookups:
        instance.validate_constraints()


def _related(instance: models.Model, name: str) -> models.Model | None:
    """The related record in hand (even one not saved yet), else the one its key names, else None."""
    model_field = instance._meta.get_field(name)
    if model_field.is_cached(instance):
        return model_field.get_cached_value(instance)
    return getattr(instance, name) if getattr(instance, model_field.attname) is not None else None


def _check_major_of_department(graduate: Graduate) -> None:
    major, department = _related(graduate, "major"), _related(graduate, "department")
    if major is None or department is None:
        return
    if major.department_id is not None:
        belongs = major.department_id == department.pk
    else:  # a new major of a new department, both written by the same bulk write
        belongs = _related(major, "department") is department
    if not belongs:
        raise ValidationError({"major": _("专业“%(major)s”不属于所选系部") % {"major": major}})


def _check_employment(job: Employment, *, lookups: bool = True) -> None:
    errors = {}
    if job.end_date and job.start_date and job.end_date < job.start_date:
        errors["end_date"] = _("离职日期不能早于入职日期")
    if job.probation_end and job.start_date and job.probation_end < job.start_date:
        errors["probation_end"] = _("试用期截止日期不能早于入职日期")
    if job.end_date is None and job.end_reason:
        errors["end_reason"] = _("尚未离职，不应填写离职原因")
    if lookups and job.end_date is None and job.graduate_id:
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


def _with_defaults(instance: models.Model, policy: PolicySettings | None = None) -> None:
    """What a new record gets when the data leaves it out: a job's probation end (POLICY §1), and its 起薪
    and current salary from each other (a new job's salary is both)."""
    if isinstance(instance, Employment):
        if instance.starting_salary is None:
            instance.starting_salary = instance.monthly_salary
        elif instance.monthly_salary is None:
            instance.monthly_salary = instance.starting_salary
    if isinstance(instance, Employment) and instance.start_date and not instance.probation_end:
        try:
            instance.probation_end = default_probation_end(instance.start_date, policy)
        except (OverflowError, ValueError) as exc:  # a start date near 9999-12-31
            raise ValidationError({"start_date": _("入职日期超出可处理的范围")}) from exc


@transaction.atomic
def record_create(model: type[models.Model], *, data: dict[str, Any], acting_user, source: str = ""):
    instance = model(**record_data_normalise(model, data))
    _with_defaults(instance)
    record_check(instance)
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
    salary_effective_on: datetime.date | None = None,
    salary_note: str = "",
):
    """Write an edit with its history. A job's changed current salary is also a salary change dated
    `salary_effective_on` (today when not given), with `salary_note` (POLICY §1)."""
    model = type(instance)
    locked = model.objects.select_for_update().get(pk=instance.pk)
    has_version = hasattr(locked, "version")
    if has_version and expected_version is not None and locked.version != expected_version:
        raise ConcurrentEditError()
    before = history.snapshot(locked)
    salary_before = getattr(locked, "monthly_salary", None)
    for key, value in record_data_normalise(model, data).items():
        setattr(locked, key, value)
    record_check(locked)
    salary_change = None
    if isinstance(locked, Employment):
        salary_change = _salary_change_of_edit(
            locked,
            salary_before=salary_before,
            effective_on=salary_effective_on,
            source=source,
            note=salary_note,
            acting_user=acting_user,
        )
    after = history.snapshot(locked)
    if after == before:
        return locked
    if has_version:
        locked.version += 1
    locked.save()
    history.record_update(locked, before, actor=acting_user, source=source)
    if salary_change is not None:
        salary_change.save()
        history.record_create(salary_change, actor=acting_user, source=source)
    if isinstance(locked, Employment):
        changed = {name for name, value in after.items() if before.get(name) != value}
        _jobs_saved([SavedJob(locked, changed)], acting_user)
    return locked


# --- Salary history (POLICY §1) -----------------------------------------------------------------------------


def salary_on(job: Employment, day: datetime.date) -> Decimal | None:
    """The job's salary in force on `day`: the latest salary change dated by then, else its 起薪."""
    change = job.salary_changes.filter(effective_on__lte=day).order_by("-effective_on", "-pk").first()
    return change.monthly_salary if change is not None else job.starting_salary


def _salary_change_of_edit(
    job: Employment,
    *,
    salary_before: Decimal | None,
    effective_on: datetime.date | None,
    source: str,
    note: str,
    acting_user,
) -> SalaryChange | None:
    """POLICY §1: an edit of a job's current salary is a dated salary change (unsaved here; record_update saves
    it with the job); the 起薪 stays. The first salary a job ever gets is its 起薪, not a change. A change dated
    before a later one on file leaves the later one's salary current."""
    salary = job.monthly_salary
    if job.starting_salary is None:  # left empty on the form: the salary the job had, else the new one
        job.starting_salary = salary_before if salary_before is not None else salary
    if salary is None or salary_before is None or Decimal(salary) == Decimal(salary_before):
        return None
    if effective_on is None:  # an edit without a date: today, or the last day of a job that has ended
        effective_on = timezone.localdate()
        if job.end_date is not None:
            effective_on = min(effective_on, job.end_date)
    _check_salary_date(job, effective_on)
    change = SalaryChange(
        employment=job,
        effective_on=effective_on,
        previous_salary=salary_on(job, effective_on),
        monthly_salary=salary,
        source=source,
        note=(note or "").strip(),
        recorded_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    later = job.salary_changes.filter(effective_on__gt=effective_on).order_by("-effective_on", "-pk").first()
    if later is not None:
        job.monthly_salary = later.monthly_salary
    return change


def _check_salary_date(job: Employment, effective_on: datetime.date) -> None:
    if effective_on < job.start_date:
        raise ValidationError(
            {"monthly_salary": _("调薪日期不能早于入职日期（%(date)s）") % {"date": job.start_date}}
        )
    if job.end_date is not None and effective_on > job.end_date:
        raise ValidationError(
            {"monthly_salary": _("调薪日期不能晚于离职日期（%(date)s）") % {"date": job.end_date}}
        )
    if effective_on > timezone.localdate():
        raise ValidationError({"monthly_salary": _("调薪日期不能晚于今天")})


def employment_salary_change(
    *,
    employment: Employment,
    monthly_salary: Decimal,
    effective_on: datetime.date,
    acting_user,
    source: str = "",
    note: str = "",
) -> Employment:
    """Record a raise or cut of `employment` dated `effective_on` (a confirmed 调资, a staff edit); the job's
    current salary follows and its 起薪 stays (POLICY §1)."""
    return record_update(
        employment,
        data={"monthly_salary": monthly_salary},
        acting_user=acting_user,
        source=source,
        salary_effective_on=effective_on,
        salary_note=note,
    )


def _decimal_or_none(text: str) -> Decimal | None:
    try:
        return Decimal(text) if text else None
    except InvalidOperation:
        return None


def _bulk_salary_change(edit: "RecordEdit", acting_user, source: str) -> SalaryChange | None:
    """_salary_change_of_edit for a job edited by records_bulk_write (an import's new salary, dated today)."""
    return _salary_change_of_edit(
        edit.instance,
        salary_before=_decimal_or_none(edit.before.get("monthly_salary", "")),
        effective_on=None,
        source=source,
        note="",
        acting_user=acting_user,
    )


# --- Many records at once ---------------------------------------------------------------------------------

# Each kind after the kinds its records may refer to, so that a bulk write can add a graduate of a new major.
BULK_ORDER: tuple[type[models.Model], ...] = (Department, Major, Employer, Graduate, Employment)
TEXT_FIELDS = {
    model: {f.name for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)}
    for model in BULK_ORDER
}


@dataclass(frozen=True)
class RecordEdit:
    """A record changed in memory for records_bulk_write, with record_snapshot of it as it was read."""

    instance: models.Model
    before: dict[str, str]


def record_snapshot(instance: models.Model) -> dict[str, str]:
    """history.snapshot, also showing relations to records that are not saved yet (a plan in memory)."""
    values = history.snapshot(instance)
    for model_field in history.tracked_fields(instance):
        if model_field.is_relation and model_field.is_cached(instance):
            related = model_field.get_cached_value(instance)
            values[model_field.name] = "" if related is None else str(related)
    return values


@transaction.atomic
def records_bulk_write(
    *, created: Sequence[models.Model], edited: Sequence[RecordEdit], acting_user, source: str = ""
) -> None:
    """Write many records at once (an import's thousands of graduates and jobs) with what each single write
    does: the same normalisation, defaults and record_check, a history row each, a version check on each
    edit, and the job-saved receivers for each job added or changed, all in this transaction, so any failure
    writes nothing.

    Records may refer to records of the same call that are not saved yet. Edits are written before the new
    records of their kind, so that ending a job makes room for the graduate's new current job. Raises
    ValidationError for a record the checks refuse, ConcurrentEditError when an edited record was saved by
    someone else since it was read, IntegrityError when a database constraint refuses a row (record_check
    leaves its per-record lookups to them here).
    """
    kinds = {type(instance) for instance in created} | {type(edit.instance) for edit in edited}
    if unknown := kinds - set(BULK_ORDER):
        raise TypeError(f"records_bulk_write does not write {unknown}")
    policy = PolicySettings.current()
    creates: dict[type, list[models.Model]] = defaultdict(list)
    for instance in created:
        _normalise_fields(instance, TEXT_FIELDS[type(instance)])
        _with_defaults(instance, policy)
        record_check(instance, lookups=False)
        creates[type(instance)].append(instance)
    edits: dict[type, list[RecordEdit]] = defaultdict(list)
    for edit in edited:
        _normalise_fields(edit.instance, history.diff(edit.before, record_snapshot(edit.instance)))
        # Normalised, the edit may change nothing after all.
        if history.diff(edit.before, record_snapshot(edit.instance)):
            record_check(edit.instance, lookups=False)
            edits[type(edit.instance)].append(edit)

    now = timezone.now()
    entries: list[HistoryEntry] = []
    saved_jobs: list[SavedJob] = []
    salary_changes: list[SalaryChange] = []
    for model in BULK_ORDER:
        changed = []
        for edit in edits[model]:
            _settle_relations(edit.instance)
            if model is Employment and (salary_change := _bulk_salary_change(edit, acting_user, source)):
                salary_changes.append(salary_change)
            changes = history.diff(edit.before, history.snapshot(edit.instance))
            changed.append((edit.instance, list(changes)))
            entries.append(
                history.entry_for(edit.instance, HistoryEntry.Action.UPDATE, changes, acting_user, source)
            )
            if model is Employment:
                saved_jobs.append(SavedJob(edit.instance, set(changes)))
        _update_columns(changed, now)
        model.objects.bulk_create(creates[model])
        for instance in creates[model]:
            entries.append(history.creation_entry(instance, actor=acting_user, source=source))
            if model is Employment:
                saved_jobs.append(SavedJob(instance, None))
    SalaryChange.objects.bulk_create(salary_changes, batch_size=1000)
    entries += [history.creation_entry(change, actor=acting_user, source=source) for change in salary_changes]
    HistoryEntry.objects.bulk_create(entries, batch_size=1000)
    _jobs_saved(saved_jobs, acting_user)


def _normalise_fields(instance: models.Model, names: Iterable[str]) -> None:
    """record_data_normalise for the named fields of a record in hand (only text changes)."""
    model = type(instance)
    text = {name: getattr(instance, name) for name in names if name in TEXT_FIELDS[model]}
    for name, value in record_data_normalise(model, text).items():
        setattr(instance, name, value)


def _settle_relations(instance: models.Model) -> None:
    """Point each foreign key at its related record in hand: one saved earlier in the same bulk write left the
    key empty when it was assigned unsaved. Assigned again, so that the record stays cached."""
    for model_field in instance._meta.concrete_fields:
        if model_field.is_relation and model_field.is_cached(instance):
            related = model_field.get_cached_value(instance)
            if related is not None and getattr(instance, model_field.attname) != related.pk:
                setattr(instance, model_field.name, related)


def _update_columns(changed: list[tuple[models.Model, list[str]]], now) -> None:
    """UPDATE just the changed columns of each record (and its version and updated_at), one executemany per
    set of columns, provided the record still has the version it was read with.

    Model.save() per record or bulk_update()'s CASE expressions take tens of seconds once thousands of
    rows change; the values still go through each field's own conversion for the database.
    """
    groups: dict[tuple[type, tuple[str, ...]], list[models.Model]] = defaultdict(list)
    for instance, names in changed:
        groups[type(instance), tuple(names)].append(instance)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for (model, names), instances in groups.items():
            columns = {f.name for f in model._meta.concrete_fields}
            has_version = "version" in columns
            bookkeeping = [name for name in ("version", "updated_at") if name in columns]
            fields = [model._meta.get_field(name) for name in (*names, *bookkeeping)]
            assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
            table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
            sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"
            if has_version:
                # The version the record was read with must still be there: a save in between is not lost.
                sql += f" AND {quote('version')} = %s"
            params = []
            for instance in instances:
                if has_version:
                    instance.version += 1
                if "updated_at" in bookkeeping:
                    instance.updated_at = now
                row = [f.get_db_prep_save(getattr(instance, f.attname), connection) for f in fields]
                row.append(instance.pk)
                if has_version:
                    row.append(instance.version - 1)
                params.append(row)
            cursor.executemany(sql, params)
            if cursor.rowcount != len(params):
                raise ConcurrentEditError()


# --- Deletion, archiving and erasure (POLICY §1, 《个人信息保护法》) ---------------------------------------


class RecordHasHistoryError(ValidationError):
    """The record has tracking history (POLICY §1): it cannot be deleted, only archived."""

    def __init__(self, instance: models.Model, protected: Sequence[tuple[str, int]]):
        what = "、".join(f"{count} 条{label}" for label, count in protected)
        super().__init__(
            _("“%(obj)s”已有跟踪记录（%(what)s），按规定不能删除；请改为归档。")
            % {"obj": instance, "what": what},
            code="has_history",
        )
        self.protected = list(protected)


@dataclass(frozen=True)
class DeletionPlan:
    """What deleting a record would remove, or, when it has tracking history, the records that forbid it.
    Each a list of (kind, count), the record itself first."""

    removed: list[tuple[str, int]]
    unlinked: list[tuple[str, int]]  # records that stay and lose their link to it (SET_NULL)
    protected: list[tuple[str, int]]

    @property
    def allowed(self) -> bool:
        return not self.protected


def _counts(instances: Iterable[models.Model]) -> dict[type[models.Model], int]:
    counts: dict[type[models.Model], int] = defaultdict(int)
    for instance in instances:
        counts[type(instance)] += 1
    return counts


def _labelled(counts: dict[type[models.Model], int], first: type[models.Model]) -> list[tuple[str, int]]:
    ordered = sorted(counts.items(), key=lambda item: (item[0] is not first, str(item[0]._meta.verbose_name)))
    return [(str(model._meta.verbose_name), count) for model, count in ordered if count]


def _collector(instance: models.Model) -> Collector:
    collector = Collector(using=router.db_for_write(type(instance)), origin=instance)
    collector.collect([instance])
    return collector


def deletion_plan(instance: models.Model) -> DeletionPlan:
    """Django's own deletion collector, run without deleting: exactly what ``record_delete`` would remove."""
    model = type(instance)
    try:
        collector = _collector(instance)
    except (models.ProtectedError, models.RestrictedError) as exc:
        protected = getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", ())
        return DeletionPlan(removed=[], unlinked=[], protected=_labelled(_counts(protected), model))
    removed = defaultdict(int, {m: len(objs) for m, objs in collector.data.items()})
    for queryset in collector.fast_deletes:
        removed[queryset.model] += queryset.count()
    unlinked = defaultdict(int)
    for (field, _value), batches in collector.field_updates.items():
        unlinked[field.model] += sum(len(batch) for batch in batches)
    return DeletionPlan(removed=_labelled(removed, model), unlinked=_labelled(unlinked, model), protected=[])


@transaction.atomic
def record_delete(instance: models.Model, *, acting_user, source: str = "") -> None:
    """Delete a record entered by mistake, with a history row (its snapshot) for it and for each record that
    goes with it and has a history of its own (a graduate's jobs, an untouched tracking service). A graduate,
    job or service with tracking history raises RecordHasHistoryError (POLICY §1); the foreign keys PROTECT
    them, so no other path deletes them either."""
    try:
        collector = _collector(instance)
    except models.ProtectedError as exc:
        protected = _labelled(_counts(exc.protected_objects), type(instance))
        if isinstance(instance, Graduate | Employment):
            raise RecordHasHistoryError(instance, protected) from exc
        raise ValidationError(_("“%(obj)s”仍被其他记录引用，不能删除") % {"obj": instance}) from exc
    history.record_delete(instance, actor=acting_user, source=source)
    for model, objects in collector.data.items():
        others = [obj for obj in objects if not (model is type(instance) and obj.pk == instance.pk)]
        if not others:
            continue
        label = model._meta.label_lower
        with_history = set(
            HistoryEntry.objects.filter(model=label, object_id__in=[str(o.pk) for o in others]).values_list(
                "object_id", flat=True
            )
        )
        for obj in others:
            if model is Employment or str(obj.pk) in with_history:
                history.record_delete(obj, actor=acting_user, source=source)
    try:
        instance.delete()
    except models.ProtectedError as exc:  # tracking history added since the collector looked
        raise RecordHasHistoryError(
            instance, _labelled(_counts(exc.protected_objects), type(instance))
        ) from exc
    if isinstance(instance, Employment):
        _jobs_saved([SavedJob(instance, None, deleted=True)], acting_user)


def _archive_check(reason: str, note: str) -> None:
    errors = {}
    if reason not in Graduate.ArchiveReason.values:
        errors["archive_reason"] = _("请选择归档原因")
    if not (note or "").strip():
        errors["archive_note"] = _("请填写归档说明")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def graduate_archive(
    graduate: Graduate, *, reason: str, note: str, acting_user, source: str = ""
) -> Graduate:
    """归档 (POLICY §1): hidden from daily lists (records.selectors.not_archived), every record readable."""
    _archive_check(reason, note)
    locked = Graduate.objects.select_for_update().get(pk=graduate.pk)
    if locked.is_archived:
        raise ValidationError(_("该毕业生已归档"))
    before = history.snapshot(locked)
    locked.archived_at = timezone.now()
    locked.archived_by = acting_user if getattr(acting_user, "pk", None) else None
    locked.archive_reason = reason
    locked.archive_note = note.strip()
    locked.version += 1
    locked.save()
    history.record_update(locked, before, actor=acting_user, source=source)
    return locked


@transaction.atomic
def graduate_restore(graduate: Graduate, *, acting_user, source: str = "") -> Graduate:
    """恢复: back on the daily lists; the archive and its reason stay in the history."""
    locked = Graduate.objects.select_for_update().get(pk=graduate.pk)
    if not locked.is_archived:
        raise ValidationError(_("该毕业生未归档"))
    before = history.snapshot(locked)
    locked.archived_at = None
    locked.archived_by = None
    locked.archive_reason = ""
    locked.archive_note = ""
    locked.version += 1
    locked.save()
    history.record_update(locked, before, actor=acting_user, source=source)
    return locked


# The graduate's own personal fields that an erasure blanks; 姓名 and 学号 (required, 学号 unique) get a
# placeholder naming the record instead. Department, major, cohort, gender and placement stay: the statistics
# count them and they identify no one.
ERASED_GRADUATE_FIELDS = (
    "name",
    "student_no",
    "id_number",
    "mobile",
    "qq",
    "wechat",
    "email",
    "parent_contact",
)
ERASED_GRADUATE_TEXT = ("notes",)
ERASED_VALUE = "（已删除）"


def erased_placeholder(graduate: Graduate) -> dict[str, str]:
    return {"name": _("已删除个人信息#%(id)s") % {"id": graduate.pk}, "student_no": f"ERASED-{graduate.pk}"}


def _records_of(graduate: Graduate) -> list[models.Model]:
    """Every record that belongs to the graduate (jobs, service and its changes, contacts, flags, accidents,
    requests, survey rows, invitations …), found through the foreign keys that point at it, like the deletion
    collector finds them; user accounts are not followed (the portal account is handled by the erasure)."""
    found: dict[tuple[str, Any], models.Model] = {}
    pending = [graduate]
    while pending:
        current = pending.pop()
        for relation in get_candidate_relations_to_delete(current._meta):
            related_model = relation.related_model
            if related_model._meta.label_lower in {"accounts.user", "core.historyentry"}:
                continue
            for related in related_model._base_manager.filter(**{relation.field.name: current}):
                key = (related._meta.label_lower, related.pk)
                if key not in found:
                    found[key] = related
                    pending.append(related)
    return list(found.values())


def _scrub(value: Any, secrets: Sequence[str]) -> Any:
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, ERASED_VALUE)
        return value
    if isinstance(value, list):
        return [_scrub(item, secrets) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, secrets) for key, item in value.items()}
    return value


@transaction.atomic
def graduate_erase_personal_data(
    graduate: Graduate, *, reason: str, acting_user, source: str = ""
) -> Graduate:
    """个人信息删除 at the graduate's request (《个人信息保护法》第四十七条), by an administrator, with a reason.

    Blanks the graduate's personal fields, the personal fields every record of theirs declares
    (``PERSONAL_DATA_FIELDS`` on its model: a change report's new phone, a survey row's name), each copy of the
    old values in those records' text and in the history (the rows stay, with （已删除） in place of the
    values), and removes the portal account. Jobs, the service, its changes, 违规记录 and the rest stay: the
    statistics and the flags need them, and without the person they are anonymous. The caller writes the
    access-log entry (security.access_log.log_personal_data_erase) in the same transaction.
    """
    if not roles.is_admin(acting_user):
        raise PermissionDenied(_("只有系统管理员可以删除个人信息"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写删除个人信息的理由（如本人申请的日期与方式）")})
    locked = Graduate.objects.select_for_update().get(pk=graduate.pk)
    if locked.personal_data_erased:
        raise ValidationError(_("该毕业生的个人信息已删除"))
    old_values = [getattr(locked, name) for name in ERASED_GRADUATE_FIELDS + ERASED_GRADUATE_TEXT]
    secrets = sorted({value for value in old_values if value and len(value) >= 2}, key=len, reverse=True)
    old_repr = str(locked)
    records = _records_of(locked)

    placeholder = erased_placeholder(locked)
    for name in ERASED_GRADUATE_FIELDS + ERASED_GRADUATE_TEXT:
        setattr(locked, name, placeholder.get(name, ""))
    locked.personal_data_erased_at = timezone.now()
    locked.version += 1
    locked.save()
    for record in records:
        _erase_record(record, secrets)
    _erase_history(locked, records, secrets, old_repr)
    User = get_user_model()
    User.objects.filter(graduate=locked).delete()  # its API tokens go with it; what it wrote stays
    changes = {name: [ERASED_VALUE, placeholder.get(name, "")] for name in ERASED_GRADUATE_FIELDS}
    changes["personal_data_erased_at"] = ["", str(locked.personal_data_erased_at)]
    changes["erase_reason"] = ["", reason]
    history.entry_for(locked, HistoryEntry.Action.UPDATE, changes, acting_user, source or "erase").save()
    return locked


def _erase_record(record: models.Model, secrets: Sequence[str]) -> None:
    declared = getattr(type(record), "PERSONAL_DATA_FIELDS", {})
    updates = {}
    for model_field in record._meta.concrete_fields:
        if not isinstance(model_field, models.CharField | models.TextField) or model_field.choices:
            continue
        value = getattr(record, model_field.attname)
        if model_field.name in declared:
            new = declared[model_field.name]
        else:
            new = _scrub(value, secrets)
        if new != value:
            updates[model_field.attname] = new
    if updates:
        type(record)._base_manager.filter(pk=record.pk).update(**updates)


def _erase_history(graduate: Graduate, records: Sequence[models.Model], secrets, old_repr: str) -> None:
    by_model: dict[str, list[str]] = defaultdict(list)
    for record in records:
        by_model[record._meta.label_lower].append(str(record.pk))
    own = Q(model=Graduate._meta.label_lower, object_id=str(graduate.pk))
    related = Q(owner=f"{Graduate._meta.label_lower}:{graduate.pk}")
    for label, ids in by_model.items():
        related |= Q(model=label, object_id__in=ids)
    # The fields whose old values the history shows (and must no longer show), by kind of record.
    blanked_by_model = {Graduate._meta.label_lower: set(ERASED_GRADUATE_FIELDS + ERASED_GRADUATE_TEXT)}
    for record in records:
        blanked_by_model[record._meta.label_lower] = set(getattr(type(record), "PERSONAL_DATA_FIELDS", {}))
    for entry in HistoryEntry.objects.filter(own | related).select_for_update():
        blanked = blanked_by_model.get(entry.model, set())
        changes = {
            name: ([ERASED_VALUE if value else "" for value in values] if name in blanked else values)
            for name, values in entry.changes.items()
        }
        changes = _scrub(changes, secrets)
        object_repr = _scrub(entry.object_repr.replace(old_repr, str(graduate)), secrets)[:200]
        if changes != entry.changes or object_repr != entry.object_repr:
            HistoryEntry.objects.filter(pk=entry.pk).update(changes=changes, object_repr=object_repr)


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
