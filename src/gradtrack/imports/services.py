"""Importing a roster: first a plan of every create and update (nothing written), then the plan applied in one
transaction with its history.

Rules decided here (the upload page lists them for users):
- Rows match graduates by 学号, employers by 统一社会信用代码, else by normalised name.
- A blank cell never erases a value already on file; the file only adds and changes.
- Employers are a shared directory: an import fills an employer's empty 统一社会信用代码 or 单位性质 but does not
  overwrite them.
- A row that names an employer updates the graduate's current job at that employer, else adds a new current job.
  A current job at another employer that started earlier ends the day before the new job starts (a 跳槽 the
  school had not recorded yet); one that started on or after that day is reported as an error, because the
  roster would otherwise rewrite a newer record.
- A new job is 学校安置 when the graduate's 安置方式 is 学校统一安置 and it is their first job on file.
- Unknown 系部 and 专业 are errors unless ``create_missing``; then they are created. A new 系部 gets a temporary
  code (XB01…) that the 系部 page can change.
- A roster's 专业 is an existing major of the row's 系部 when it has that name, or the same catalogue entry. A new
  专业 is matched to the 中职 catalogue by name (core.catalogue: exact, then normalised, then former names) and
  gets the entry's code (a temporary ZY0001… if another major has it), 专业类 and 专业大类. A name the catalogue
  does not know needs one choice per major (``major_choices``: a catalogue code, or SCHOOL_OWN for 校本专业),
  offered as the three closest entries; until it is made, the major is one problem (on its first row) and
  ``ImportPlan.unmatched_majors`` lists it. A 校本专业 gets the 专业大类 chosen for new majors, else the most
  common one of its 系部's majors (existing or new in this roster), else that of the closest entry; the 专业
  page can change it.
- 毕业去向 is one of the 中职 groups; a cell may name the group or a 高校 去向代码 (10, 11, 签劳动合同形式就业 …),
  which is kept as the detail and counted in the group the crosswalk proposes for it.

Field checks are records.services' own (record_data_normalise, then record_check without its per-record
lookups): relations and uniqueness are settled by how rows are matched, and the database constraints remain
the last line of defence. The plan is written by records.services.records_bulk_write, which checks it again
and calls the job-saved receivers, so an imported school-arranged job opens its tracking service at once.
"""

import datetime
import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from gradtrack.accounts import privacy
from gradtrack.core import history
from gradtrack.core.batching import in_chunks
from gradtrack.core.catalogue import Catalogue
from gradtrack.core.models import (
    CatalogueMajor,
    Destination,
    DestinationCode,
    EmployerNature,
    HistoryEntry,
    MajorCategory,
    PolicySettings,
)
from gradtrack.imports import cells
from gradtrack.imports.columns import COLUMNS, REQUIRED_KEYS
from gradtrack.imports.reader import Roster, RosterRow
from gradtrack.records import rules as record_rules
from gradtrack.records import services as record_services
from gradtrack.records.models import Department, Employer, Employment, Graduate, Major
from gradtrack.records.validators import normalize_credit_code, normalize_employer_name

SOURCE_PREFIX = "Excel 导入: "
COLUMN_ORDER = {column.key: index for index, column in enumerate(COLUMNS)}

GRADUATE_KEYS = (
    "student_no",
    "name",
    "gender",
    "id_number",
    "class_name",
    "mobile",
    "qq",
    "wechat",
    "email",
    "parent_contact",
    "placement_mode",
    "destination",
)
JOB_KEYS = ("location", "post", "title", "monthly_salary", "start_date")

# model field → the roster column a validation error belongs to
FIELD_COLUMNS = {
    Graduate: {
        **{key: key for key in GRADUATE_KEYS},
        "destination_detail": "destination",
        "department": "department",
        "major": "major",
        "graduation_year": "graduation",
        "graduation_month": "graduation",
    },
    Employer: {
        "name": "employer_name",
        "normalized_name": "employer_name",
        "credit_code": "credit_code",
        "nature": "employer_nature",
    },
    Employment: {**{key: key for key in JOB_KEYS}, "probation_end": "start_date", "end_date": "start_date"},
    Department: {"name": "department", "code": "department"},
    Major: {"name": "major", "code": "major", "category": "major", "catalogue": "major"},
}
# Relations the importer resolves itself, so validation need not look them up again.
RESOLVED_RELATIONS = {
    Graduate: {"department", "major", "destination", "destination_detail"},
    Employer: {"nature", "industry"},
    Employment: {"graduate", "employer"},
    Department: set(),
    Major: {"department", "category", "catalogue"},
}
# The choice that makes an unmatched name a 校本专业 (a school's own major, not in the catalogue).
SCHOOL_OWN = "school"

GENDERS = {
    cells.lookup_key(label): value
    for value, labels in {
        Graduate.Gender.MALE: ("男", "男性", "M"),
        Graduate.Gender.FEMALE: ("女", "女性", "F"),
    }.items()
    for label in labels
}
PLACEMENT_VARIANTS = {
    Graduate.PlacementMode.SCHOOL: ("统一安置", "学校安置", "学校推荐安置"),
    Graduate.PlacementMode.SELF: ("自主择业", "自谋职业", "自主"),
    Graduate.PlacementMode.FURTHER_STUDY: ("升入高一级学校",),
    Graduate.PlacementMode.MILITARY: ("入伍", "应征入伍"),
}
# Everyday names for MoE codes, used only when the code is in the database's table.
NATURE_VARIANTS = {
    "39": ("股份公司", "私营企业", "民营企业", "私企", "股份制企业", "有限公司", "个体"),
    "29": ("事业单位",),
    "31": ("国企", "国有", "国营企业", "央企"),
    "32": ("外资企业", "合资企业", "三资", "外企"),
    "10": ("政府机关", "机关单位", "党政机关"),
}
DESTINATION_VARIANTS = {"46": ("入伍", "应征入伍", "当兵"), "72": ("暂不就业",), "85": ("出国出境",)}


def unmasked(parse):
    """``parse`` refusing a value masked by accounts.privacy ("138****5678"): an export made by a role that sees
    masked contacts must not overwrite the full values on file when it is imported again."""

    def parse_unmasked(value):
        if isinstance(value, str) and privacy.MASK in value:
            raise cells.CellError(
                _("是遮挡后的值（含“%(mask)s”），不能导入；请填写完整信息，或留空以保留系统中的原值")
                % {"mask": privacy.MASK}
            )
        return parse(value)

    return parse_unmasked


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str
    unmatched_major: str = ""  # the key of the UnmatchedMajor this problem asks a choice for


@dataclass
class UnmatchedMajor:
    """A new major whose name the catalogue does not know: the choice it needs, asked once for all its rows."""

    name: str
    key: str  # how ``major_choices`` names it (cells.lookup_key of the name)
    rows: list[int]
    closest: list[CatalogueMajor]


@dataclass
class Change:
    action: str  # "create" or "update"
    model: str  # the record type as users call it
    label: str
    row: int | None
    fields: list[tuple[str, str, str]]  # (field, old, new)


@dataclass
class _Pending:
    instance: models.Model
    row: int | None
    before: dict[str, str] | None = None  # the record as it was, for updates
    # As it will be: taken when first shown, once the plan is complete (later rows may still fill a record).
    # An import straight from the command never shows it, and records_bulk_write takes its own for history.
    after: dict[str, str] | None = None

    def changed_fields(self) -> dict[str, list[str]]:
        if self.after is None:
            self.after = record_services.record_snapshot(self.instance)
        return history.diff(self.before or {}, self.after)

    def change(self, action: str, names: dict[type, tuple[str, dict[str, str]]]) -> Change:
        model = type(self.instance)
        if model not in names:  # once per model: translating names is not free
            shown = {f.name: str(f.verbose_name) for f in model._meta.concrete_fields if f.editable}
            names[model] = (str(model._meta.verbose_name), shown)
        model_name, labels = names[model]
        fields = [
            (labels[name], old, new) for name, (old, new) in self.changed_fields().items() if name in labels
        ]
        return Change(action, model_name, str(self.instance), self.row, fields)


@dataclass
class ImportPlan:
    file_name: str
    rows_read: int = 0
    problems: list[Problem] = field(default_factory=list)
    creates: dict[type, list[_Pending]] = field(default_factory=lambda: defaultdict(list))
    updates: dict[type, list[_Pending]] = field(default_factory=lambda: defaultdict(list))
    ended_jobs: list[_Pending] = field(default_factory=list)
    unchanged_rows: int = 0
    duplicate_rows: list[int] = field(default_factory=list)
    skipped_rows: list[int] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)
    unmatched_majors: dict[str, UnmatchedMajor] = field(default_factory=dict)
    # the changes as shown, computed once (the preview lists them and fingerprints them)
    _created: list[Change] | None = field(default=None, repr=False)
    _updated: list[Change] | None = field(default=None, repr=False)

    def pending(self) -> list[_Pending]:
        writes = [p for pending in self.creates.values() for p in pending]
        writes += [p for pending in self.updates.values() for p in pending]
        return writes + self.ended_jobs

    @property
    def has_problems(self) -> bool:
        return bool(self.problems)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "departments_created": len(self.creates[Department]),
            "majors_created": len(self.creates[Major]),
            "employers_created": len(self.creates[Employer]),
            "employers_updated": len(self.updates[Employer]),
            "graduates_created": len(self.creates[Graduate]),
            "graduates_updated": len(self.updates[Graduate]),
            "jobs_created": len(self.creates[Employment]),
            "jobs_updated": len(self.updates[Employment]),
            "jobs_ended": len(self.ended_jobs),
        }

    @property
    def is_empty(self) -> bool:
        return not any(self.counts.values())

    def created(self) -> list[Change]:
        if self._created is not None:
            return self._created
        pending = [
            p for model in (Department, Major, Employer, Graduate, Employment) for p in self.creates[model]
        ]
        names: dict = {}
        self._created = [p.change("create", names) for p in sorted(pending, key=_by_row)]
        return self._created

    def updated(self) -> list[Change]:
        if self._updated is not None:
            return self._updated
        pending = [p for model in (Employer, Graduate, Employment) for p in self.updates[model]]
        pending += self.ended_jobs
        names: dict = {}
        self._updated = [p.change("update", names) for p in sorted(pending, key=_by_row)]
        return self._updated

    def fingerprint(self) -> str:
        """Identifies what the plan would write, so a confirmation applies exactly what was previewed."""
        payload = [[c.action, c.model, c.label, c.row, c.fields] for c in [*self.created(), *self.updated()]]
        return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()[:32]


@dataclass
class ImportResult:
    file_name: str
    counts: dict[str, int]
    graduate_ids: list[int]


def _by_row(pending: _Pending) -> int:
    return pending.row or 0


def _differs(instance: models.Model, data: dict[str, Any]) -> bool:
    """Whether setting these values would change the record (a cheap test before snapshots and checks)."""
    for name, value in data.items():
        model_field = instance._meta.get_field(name)
        if model_field.is_relation:
            if value is None or value.pk is None:
                if value is not None or getattr(instance, model_field.attname) is not None:
                    return True
            elif value.pk != getattr(instance, model_field.attname):
                return True
        elif getattr(instance, name) != value:
            return True
    return False


def _same(a: models.Model | None, b: models.Model | None) -> bool:
    return a is not None and b is not None and (a is b or (a.pk is not None and a.pk == b.pk))


def import_source(file_name: str) -> str:
    return (SOURCE_PREFIX + file_name)[: HistoryEntry._meta.get_field("source").max_length]


def _code_table_index(rows: Iterable, variants: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    """Each code-table row by its code, its name, the parts of its name and everyday variants; ambiguous
    keys are dropped, so that a cell either names one row or is reported."""
    keys: dict[str, set] = defaultdict(set)
    by_code = {}
    for row in rows:
        by_code[row.code] = row
        keys[cells.lookup_key(row.code)].add(row)
        keys[cells.lookup_key(row.name)].add(row)
        base = row.name.replace("(", "（").replace(")", "）")
        for part in base.replace("）", "（").replace("、", "（").split("（"):
            if part:
                keys[cells.lookup_key(part)].add(row)
        if base.endswith("形式就业"):
            keys[cells.lookup_key(base.removesuffix("形式就业"))].add(row)
    index = {key: next(iter(found)) for key, found in keys.items() if len(found) == 1}
    for code, names in variants.items():
        if code in by_code:
            for name in names:
                index.setdefault(cells.lookup_key(name), by_code[code])
    return index


def _allowed(rows: Iterable) -> str:
    return "、".join(f"{row.code} {row.name}" for row in rows)


def major_choice_key(name: str) -> str:
    """How a major's name keys its choice: width, spaces and letter case do not matter."""
    return cells.lookup_key(name)


class _Planner:
    def __init__(
        self,
        roster: Roster,
        *,
        create_missing: bool,
        major_category: MajorCategory | None,
        major_choices: dict[str, str] | None = None,
    ):
        self.roster = roster
        self.create_missing = create_missing
        self.major_category = major_category
        self.major_choices = {major_choice_key(name): code for name, code in (major_choices or {}).items()}
        self.plan = ImportPlan(
            file_name=roster.file_name,
            rows_read=len(roster.rows),
            skipped_rows=list(roster.skipped_rows),
            ignored_headers=list(roster.ignored_headers),
        )
        self.policy = PolicySettings.current()
        self._load_reference_data()
        gender_allowed = _("男、女")
        self.parsers = {
            "student_no": cells.code,
            "name": cells.person_name,
            "gender": lambda v: cells.choice(v, GENDERS, gender_allowed),
            "id_number": unmasked(cells.code),
            "department": cells.text,
            "major": cells.text,
            "class_name": cells.halfwidth_text,
            "graduation": cells.year_and_month,
            "mobile": unmasked(cells.text),
            "qq": unmasked(cells.code),
            "wechat": unmasked(cells.text),
            "email": unmasked(cells.halfwidth_text),
            "parent_contact": unmasked(cells.text),
            "placement_mode": lambda v: cells.choice(v, self.placement_options, self.placement_allowed),
            "destination": lambda v: cells.choice(v, self.destination_options, self.destination_allowed),
            "employer_name": cells.text,
            "credit_code": cells.code,
            "employer_nature": lambda v: cells.choice(v, self.nature_options, self.nature_allowed),
            "location": cells.text,
            "post": cells.text,
            "title": cells.text,
            "monthly_salary": unmasked(cells.salary),
            "start_date": cells.a_date,
        }

    # --- what the database already holds ---------------------------------------------------------------

    def _load_reference_data(self) -> None:
        self.departments: dict[str, Department] = {}
        departments = list(Department.objects.all())
        self.departments_by_id = {department.pk: department for department in departments}
        for department in departments:
            self.departments[cells.lookup_key(department.code)] = department
        for department in departments:
            self.departments[cells.lookup_key(department.name)] = department
        self.department_codes = {d.code for d in departments}
        self.majors_by_name: dict[str, list[Major]] = defaultdict(list)
        self.categories_by_department: dict[int, Counter] = defaultdict(Counter)
        self.majors_by_id: dict[int, Major] = {}
        self.majors_by_entry: dict[int, list[Major]] = defaultdict(list)
        for major in Major.objects.select_related("category").order_by("code"):
            major.department = self.departments_by_id[major.department_id]
            self.majors_by_id[major.pk] = major
            self.majors_by_name[cells.lookup_key(major.name)].append(major)
            if major.catalogue_id is not None:
                self.majors_by_entry[major.catalogue_id].append(major)
            self.categories_by_department[major.department_id][major.category] += 1
        self.major_codes = set(Major.objects.values_list("code", flat=True))
        self.catalogue = Catalogue(CatalogueMajor.objects.select_related("major_class__category"))
        self.catalogue_by_code = {entry.code: entry for entry in self.catalogue.entries}
        self.new_majors_by_department: dict[int, list[Major]] = defaultdict(list)  # by id() of the 系部

        placement_options = {
            cells.lookup_key(label): value for value, label in Graduate.PlacementMode.choices
        }
        for value, names in PLACEMENT_VARIANTS.items():
            for name in names:
                placement_options.setdefault(cells.lookup_key(name), value)
        self.placement_options = placement_options
        self.placement_allowed = "、".join(str(label) for _value, label in Graduate.PlacementMode.choices)
        destinations = list(Destination.objects.all())
        self.destinations_by_id = {destination.pk: destination for destination in destinations}
        # A 高校 code stands for the group the crosswalk proposes first; codes with no proposal are not offered.
        group_of = {}
        for destination in destinations:
            for code in destination.proposed_codes.all():
                group_of.setdefault(code.pk, destination)
        all_codes = list(DestinationCode.objects.all())
        self.details_by_id = {code.pk: code for code in all_codes}
        detail_codes = [c for c in all_codes if c.pk in group_of]
        self.destination_options = {
            key: (row, None) if isinstance(row, Destination) else (group_of[row.pk], row)
            for key, row in _code_table_index([*destinations, *detail_codes], DESTINATION_VARIANTS).items()
        }
        self.destination_allowed = _("%(groups)s，或高校毕业去向代码（如 11）") % {
            "groups": "、".join(d.name for d in destinations)
        }
        natures = list(EmployerNature.objects.all())
        self.nature_options = _code_table_index(natures, NATURE_VARIANTS)
        self.nature_allowed = _allowed(natures)

        student_nos, credit_codes, employer_names = set(), set(), set()
        for row in self.roster.rows:
            try:
                student_nos.add(cells.code(row.values.get("student_no")))
            except cells.CellError:
                pass  # reported when the row is planned
            try:
                credit_codes.add(normalize_credit_code(cells.code(row.values.get("credit_code"))))
            except cells.CellError:
                pass
            employer_names.add(normalize_employer_name(cells.text(row.values.get("employer_name"))))
        student_nos.discard("")
        credit_codes.discard("")
        employer_names.discard("")

        self.graduates: dict[str, Graduate] = {}
        for chunk in in_chunks(student_nos):
            for graduate in Graduate.objects.filter(student_no__in=chunk):
                self._attach_relations(graduate)
                self.graduates[graduate.student_no] = graduate
        by_id = {g.pk: g for g in self.graduates.values()}
        self.current_jobs: dict[int, Employment] = {}
        self.graduates_with_jobs: set[int] = set()
        for chunk in in_chunks(by_id):
            for job in Employment.objects.filter(graduate_id__in=chunk).select_related("employer"):
                self.graduates_with_jobs.add(job.graduate_id)
                if job.end_date is None:
                    job.graduate = by_id[job.graduate_id]
                    self.current_jobs[job.graduate_id] = job

        self.employers_by_code: dict[str, Employer] = {}
        self.employers_by_name: dict[str, list[Employer]] = defaultdict(list)
        employers = {}
        for chunk in in_chunks(credit_codes):
            employers.update(
                {e.pk: e for e in Employer.objects.filter(credit_code__in=chunk).select_related("nature")}
            )
        for chunk in in_chunks(employer_names):
            employers.update(
                {e.pk: e for e in Employer.objects.filter(normalized_name__in=chunk).select_related("nature")}
            )
        for employer in sorted(employers.values(), key=lambda e: e.pk):
            self._register_employer(employer)
        self.employer_befores: dict[int, _Pending] = {}

    def _attach_relations(self, graduate: Graduate) -> None:
        """The graduate's 系部, 专业 and 毕业去向 from the tables already loaded (cheaper than a join)."""
        for name, loaded in (
            ("department", self.departments_by_id),
            ("major", self.majors_by_id),
            ("destination", self.destinations_by_id),
            ("destination_detail", self.details_by_id),
        ):
            model_field = Graduate._meta.get_field(name)
            related_id = getattr(graduate, model_field.attname)
            if related_id is not None:
                model_field.set_cached_value(graduate, loaded[related_id])

    def _register_employer(self, employer: Employer) -> None:
        if employer.credit_code:
            self.employers_by_code[employer.credit_code] = employer
        same_name = self.employers_by_name[employer.normalized_name]
        if not any(known is employer for known in same_name):
            same_name.append(employer)

    # --- problems ------------------------------------------------------------------------------------

    def problem(self, row: int, key: str, message: str) -> None:
        self.plan.problems.append(Problem(row, self.roster.header_of(key), message))

    def _validate(self, row: int, instance: models.Model, skip: Iterable[str] = ()) -> bool:
        model = type(instance)
        columns = FIELD_COLUMNS[model]
        exclude = set(RESOLVED_RELATIONS[model]) | {name for name, key in columns.items() if key in skip}
        try:
            record_services.record_check(instance, exclude=exclude, lookups=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                self.problem(row, columns.get(name, "student_no"), "；".join(messages))
            return False
        return True

    # --- cells ---------------------------------------------------------------------------------------

    def _parse(self, row: RosterRow) -> tuple[dict[str, Any], set[str]]:
        values, bad = {}, set()
        for key, raw in row.values.items():
            if cells.is_blank(raw):
                continue
            try:
                values[key] = self.parsers[key](raw)
            except cells.CellError as error:
                self.problem(row.number, key, str(error))
                bad.add(key)
        for key in REQUIRED_KEYS:
            if key not in values and key not in bad:
                self.problem(row.number, key, _("必填项为空"))
                bad.add(key)
        return values, bad

    # --- the plan ------------------------------------------------------------------------------------

    def build(self) -> ImportPlan:
        first_seen: dict[str, tuple[int, dict, set]] = {}
        for row in self.roster.rows:
            problems_before = len(self.plan.problems)
            values, bad = self._parse(row)
            student_no = values.get("student_no")
            if student_no in first_seen:
                first_row, first_values, first_bad = first_seen[student_no]
                if (values, bad) == (first_values, first_bad):
                    self.plan.duplicate_rows.append(row.number)
                else:
                    self.problem(
                        row.number,
                        "student_no",
                        _("学号“%(no)s”在第 %(row)s 行已出现，且两行内容不同；同一学号只能有一行")
                        % {"no": student_no, "row": first_row},
                    )
                continue
            if student_no:
                first_seen[student_no] = (row.number, values, bad)
            changed = self._plan_row(row.number, values, bad)
            if not changed and len(self.plan.problems) == problems_before:
                self.plan.unchanged_rows += 1
        self.plan.problems.sort(key=lambda p: (p.row, self._column_rank(p.column)))
        return self.plan

    def _column_rank(self, header: str) -> int:
        for key, written in self.roster.headers.items():
            if written == header:
                return COLUMN_ORDER[key]
        return len(COLUMN_ORDER)

    def _plan_row(self, number: int, values: dict[str, Any], bad: set[str]) -> bool:
        department = major = None
        if "department" in values:
            department = self._department(number, values["department"])
        if department is not None and "major" in values:
            major = self._major(number, values["major"], department)
        graduate, graduate_changed = self._graduate(number, values, bad, department, major)
        employer, employer_changed = self._employer(number, values, bad)
        job_changed = self._job(number, values, bad, graduate, employer)
        return graduate_changed or employer_changed or job_changed

    def _department(self, number: int, name: str) -> Department | None:
        department = self.departments.get(cells.lookup_key(name))
        if department is not None:
            return department
        if not self.create_missing:
            self.problem(
                number,
                "department",
                _("系部“%(name)s”不存在；请先在“系部”页添加，或选择自动新建系部和专业") % {"name": name},
            )
            return None
        department = Department(code=self._next_code("XB", 2, self.department_codes), name=name)
        if not self._validate(number, department):
            return None
        self.departments[cells.lookup_key(name)] = department
        self.plan.creates[Department].append(_Pending(department, number))
        return department

    def _major(self, number: int, name: str, department: Department) -> Major | None:
        candidates = self.majors_by_name[cells.lookup_key(name)]
        for major in candidates:
            if _same(major.department, department):
                return major
        entry = self._catalogue_entry(name)
        if entry is not None:
            for major in self.majors_by_entry[entry.pk]:
                if _same(major.department, department):
                    return major
        if candidates:
            self.problem(
                number,
                "major",
                _("专业“%(major)s”属于“%(owner)s”，不属于“%(department)s”；请核对系部或专业")
                % {
                    "major": name,
                    "owner": "、".join(sorted({str(m.department) for m in candidates})),
                    "department": department,
                },
            )
            return None
        if not self.create_missing:
            self.problem(
                number,
                "major",
                _("专业“%(major)s”在“%(department)s”中不存在；请先在“专业”页添加，或选择自动新建系部和专业")
                % {"major": name, "department": department},
            )
            return None
        choice = self.major_choices.get(major_choice_key(name))
        if entry is None and choice != SCHOOL_OWN:
            self._unmatched(number, name)
            return None
        if entry is not None and entry.code not in self.major_codes:
            code = entry.code
            self.major_codes.add(code)
        else:
            code = self._next_code("ZY", 4, self.major_codes)
        category = entry.major_class.category if entry is not None else self._category_for(department, name)
        # a matched major is named as the catalogue names it ("机电技术应用专业" → 机电技术应用)
        major = Major(
            code=code,
            name=entry.name if entry else name,
            department=department,
            catalogue=entry,
            category=category,
        )
        if not self._validate(number, major):
            return None
        for key in {cells.lookup_key(name), cells.lookup_key(major.name)}:
            self.majors_by_name[key].append(major)
        if entry is not None:
            self.majors_by_entry[entry.pk].append(major)
        self.new_majors_by_department[id(department)].append(major)
        self.plan.creates[Major].append(_Pending(major, number))
        return major

    def _catalogue_entry(self, name: str) -> CatalogueMajor | None:
        """The catalogue entry a roster's major name stands for: the choice made for it, else its match."""
        choice = self.major_choices.get(major_choice_key(name))
        if choice and choice != SCHOOL_OWN:
            return self.catalogue_by_code.get(choice)
        return self.catalogue.match(name)

    def _unmatched(self, number: int, name: str) -> None:
        """One problem per unmatched name, on its first row; later rows only join its list of rows."""
        key = major_choice_key(name)
        unmatched = self.plan.unmatched_majors.get(key)
        if unmatched is not None:
            unmatched.rows.append(number)
            return
        closest = self.catalogue.closest(name)
        self.plan.unmatched_majors[key] = UnmatchedMajor(name, key, [number], closest)
        message = _(
            "专业“%(major)s”不在中职专业目录中：请在预览页为它选择目录专业或“校本专业”"
            "（命令行用 --major %(major)s=专业代码 或 --major %(major)s=校本专业）；最接近的目录专业：%(closest)s"
        ) % {
            "major": name,
            "closest": "、".join(f"{e.code} {e.name}" for e in closest) or _("无"),
        }
        self.plan.problems.append(Problem(number, self.roster.header_of("major"), message, key))

    def _category_for(self, department: Department, name: str) -> MajorCategory | None:
        """The 专业大类 of a new 校本专业: chosen for the import, else the most common of its 系部's majors
        (those on file, then those this roster adds), else that of the closest catalogue entry."""
        if self.major_category is not None:
            return self.major_category
        if department.pk is not None and self.categories_by_department[department.pk]:
            return self.categories_by_department[department.pk].most_common(1)[0][0]
        new_majors = self.new_majors_by_department[id(department)]
        if new_majors:
            return Counter(m.category for m in new_majors).most_common(1)[0][0]
        closest = self.catalogue.closest(name, limit=1)
        return closest[0].major_class.category if closest else MajorCategory.objects.order_by("code").first()

    @staticmethod
    def _next_code(prefix: str, width: int, taken: set[str]) -> str:
        number = 1
        while f"{prefix}{number:0{width}d}" in taken:
            number += 1
        code = f"{prefix}{number:0{width}d}"
        taken.add(code)
        return code

    def _graduate(
        self, number: int, values: dict, bad: set[str], department: Department | None, major: Major | None
    ) -> tuple[Graduate | None, bool]:
        if "student_no" not in values:
            return None, False
        data = {key: values[key] for key in GRADUATE_KEYS if key in values}
        if "destination" in data:
            data["destination"], detail = data["destination"]
            existing = self.graduates.get(values["student_no"])
            # a group named alone keeps the detail on file for that group, and drops one of another group
            if detail is not None or existing is None or existing.destination_id != data["destination"].pk:
                data["destination_detail"] = detail
        if "graduation" in values:
            data["graduation_year"], month = values["graduation"]
            if month is not None:
                data["graduation_month"] = month
        if department is not None and major is not None:
            data["department"], data["major"] = department, major
        data = record_services.record_data_normalise(Graduate, data)
        skip = set(bad)
        if major is None:
            skip |= {"department", "major"}

        graduate = self.graduates.get(values["student_no"])
        if graduate is None:
            graduate = Graduate(**data)
            self.graduates[graduate.student_no] = graduate
            self._validate(number, graduate, skip)
            self.plan.creates[Graduate].append(_Pending(graduate, number))
            return graduate, True
        if not _differs(graduate, data):
            return graduate, False
        before = record_services.record_snapshot(graduate)
        for key, value in data.items():
            setattr(graduate, key, value)
        self._validate(number, graduate, skip)
        after = record_services.record_snapshot(graduate)
        if after == before:
            return graduate, False
        self.plan.updates[Graduate].append(_Pending(graduate, number, before, after))
        return graduate, True

    def _employer(self, number: int, values: dict, bad: set[str]) -> tuple[Employer | None, bool]:
        name = values.get("employer_name", "")
        credit_code = normalize_credit_code(values.get("credit_code", ""))
        nature = values.get("employer_nature")
        if not name and not credit_code:
            return None, False
        employer = self.employers_by_code.get(credit_code) if credit_code else None
        if employer is None and name:
            for candidate in self.employers_by_name[normalize_employer_name(name)]:
                if not credit_code or not candidate.credit_code:
                    employer = candidate
                    break
        if employer is None:
            if not name:
                self.problem(
                    number,
                    "employer_name",
                    _("统一社会信用代码“%(code)s”没有对应的已有单位；新单位须填写单位名称")
                    % {"code": credit_code},
                )
                return None, False
            data = {"name": name, "credit_code": credit_code or None, "nature": nature}
            employer = Employer(**record_services.record_data_normalise(Employer, data))
            self._validate(number, employer, bad)
            self._register_employer(employer)
            self.plan.creates[Employer].append(_Pending(employer, number))
            return employer, True
        fills = {}
        if credit_code and not employer.credit_code:
            fills["credit_code"] = credit_code
        if nature is not None and employer.nature_id is None:
            fills["nature"] = nature
        if not fills:
            return employer, False
        if employer.pk is not None and employer.pk not in self.employer_befores:
            pending = _Pending(employer, number, record_services.record_snapshot(employer))
            self.employer_befores[employer.pk] = pending
            self.plan.updates[Employer].append(pending)
        for key, value in fills.items():
            setattr(employer, key, value)
        self._validate(number, employer, bad)
        self._register_employer(employer)
        return employer, employer.pk is not None

    def _job(
        self, number: int, values: dict, bad: set[str], graduate: Graduate | None, employer: Employer | None
    ) -> bool:
        job_values = record_services.record_data_normalise(
            Employment, {key: values[key] for key in JOB_KEYS if key in values}
        )
        if employer is None:
            if (job_values or bad & set(JOB_KEYS)) and not bad & {"employer_name", "credit_code"}:
                self.problem(
                    number, "employer_name", _("填写了工作岗位、月薪或入职日期等就业信息，但没有填写单位名称")
                )
            return False
        if graduate is None:
            return False
        current = self.current_jobs.get(graduate.pk) if graduate.pk else None
        if current is not None and _same(current.employer, employer):
            return self._update_job(number, current, job_values, bad)
        if "start_date" not in job_values:
            if "start_date" not in bad:
                self.problem(
                    number, "start_date", _("该毕业生在此单位还没有在职记录；新建在职记录时入职日期必填")
                )
            return False
        start = job_values["start_date"]
        if current is not None:
            if current.start_date >= start:
                self.problem(
                    number,
                    "start_date",
                    _(
                        "该毕业生目前在“%(employer)s”在职（入职日期 %(start)s），新工作的入职日期须晚于该日期；"
                        "如需更正原记录，请在毕业生的就业档案中修改"
                    )
                    % {"employer": current.employer, "start": current.start_date.isoformat()},
                )
                return False
            pending = _Pending(current, number, record_services.record_snapshot(current))
            current.end_date = start - datetime.timedelta(days=1)
            self.plan.ended_jobs.append(pending)
        job = Employment(
            graduate=graduate,
            employer=employer,
            probation_end=self._probation_end(start),
            school_arranged=(
                graduate.placement_mode == Graduate.PlacementMode.SCHOOL
                and graduate.pk not in self.graduates_with_jobs
            ),
            **job_values,
        )
        self._validate(number, job, bad)
        self.plan.creates[Employment].append(_Pending(job, number))
        return True

    def _probation_end(self, start: datetime.date) -> datetime.date:
        return record_rules.probation_end_by_default(start, probation_months=self.policy.probation_months)

    def _update_job(self, number: int, job: Employment, job_values: dict, bad: set[str]) -> bool:
        if not _differs(job, job_values):
            return False
        before = record_services.record_snapshot(job)
        old_start = job.start_date
        for key, value in job_values.items():
            setattr(job, key, value)
        if job.start_date != old_start and (
            job.probation_end is None
            or job.probation_end == self._probation_end(old_start)
            or job.probation_end < job.start_date
        ):
            job.probation_end = self._probation_end(job.start_date)
        self._validate(number, job, bad)
        after = record_services.record_snapshot(job)
        if after == before:
            return False
        self.plan.updates[Employment].append(_Pending(job, number, before, after))
        return True


def graduate_import_plan(
    roster: Roster,
    *,
    create_missing: bool = False,
    major_category: MajorCategory | None = None,
    major_choices: dict[str, str] | None = None,
) -> ImportPlan:
    """What importing the roster would create and change, and every problem; writes nothing.

    ``major_choices`` maps a new major's name to the catalogue code it is, or to SCHOOL_OWN (校本专业)."""
    planner = _Planner(
        roster, create_missing=create_missing, major_category=major_category, major_choices=major_choices
    )
    return planner.build()


@transaction.atomic
def graduate_import_apply(plan: ImportPlan, *, acting_user) -> ImportResult:
    """Write a plan without problems through records.services.records_bulk_write: every record, its history
    and what saving its jobs sets off (the tracking service, POLICY §2) in one transaction."""
    if plan.has_problems:
        raise ValueError("a plan with problems cannot be applied")
    edits = [p for pending in plan.updates.values() for p in pending] + plan.ended_jobs
    record_services.records_bulk_write(
        created=[p.instance for pending in plan.creates.values() for p in pending],
        edited=[record_services.RecordEdit(p.instance, p.before) for p in edits],
        acting_user=acting_user,
        source=import_source(plan.file_name),
    )
    graduate_ids = [p.instance.pk for p in [*plan.creates[Graduate], *plan.updates[Graduate]]]
    return ImportResult(file_name=plan.file_name, counts=plan.counts, graduate_ids=graduate_ids)
