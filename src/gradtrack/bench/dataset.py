"""A province-sized school for the benchmark, written with PostgreSQL COPY (not the services: speed is the point).

The records are valid for the models' rules (one current job per graduate, probation and end dates after the
start, check digits of 统一社会信用代码), so every page renders them as it would real data. The departments and
majors are those of the import benchmark (imports/benchmark.py), so its roster lands on them.

"Changes" are the graduates' change reports (tracking.ChangeReport, POLICY §3) on the tracking services of
school-arranged graduates (one service from their first school-arranged job). The history (core.HistoryEntry)
has a creation entry for every graduate and job, then edits (raises, new phone numbers) up to its count.
"""

import datetime
import json
import random
from collections.abc import Iterable, Sequence
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.db import connection, models
from django.utils import timezone

from gradtrack.bench.scale import Scale
from gradtrack.core.history import BOOKKEEPING_FIELDS
from gradtrack.core.models import Destination, EmployerNature, HistoryEntry, Industry, MajorCategory
from gradtrack.imports.benchmark import DEPARTMENTS, GIVEN, SURNAMES
from gradtrack.records import identifiers, validators
from gradtrack.records.fields import EMPLOYER_FIELDS, EMPLOYMENT_FIELDS, GRADUATE_FIELDS
from gradtrack.records.models import Department, Employer, Employment, Graduate, Major
from gradtrack.tracking.models import ChangeReport, TrackingService

User = get_user_model()
BENCH_SOURCE = "bench"
CENTRE_USERNAME = "bench-centre"
FIRST_COHORT_OFFSET = 10  # cohorts: the ten years before the current one
TABLES = (Employment, Graduate, Employer, HistoryEntry, TrackingService, ChangeReport)


def copy_model(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """COPY rows into the model's table; columns the generator does not know get their field default."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    now = timezone.now()
    extra = [f for name, f in fields.items() if name not in columns and not f.primary_key]
    extra_values = tuple(_default(f, now) for f in extra)
    names = [*columns, *(f.attname for f in extra)]
    quote = connection.ops.quote_name
    column_sql = ", ".join(quote(fields[name].column) for name in names)
    count = 0
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({column_sql}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row((*row, *extra_values) if extra_values else row)
                count += 1
    return count


def _default(model_field: models.Field, now: datetime.datetime):
    if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
        return now
    value = model_field.get_default()
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


class DatasetBuilder:
    def __init__(self, scale: Scale, *, seed: int = 2026, today: datetime.date | None = None):
        self.scale = scale
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.now = timezone.now()
        self.cohorts = list(range(self.today.year - FIRST_COHORT_OFFSET, self.today.year))
        self.has_owner = any(f.attname == "owner" for f in HistoryEntry._meta.concrete_fields)

    # --- Reference data and accounts (small, through the ORM) ---------------------------------------------

    def reference_data(self) -> None:
        categories = list(MajorCategory.objects.order_by("code"))
        for index, (name, majors) in enumerate(DEPARTMENTS.items()):
            department, _ = Department.objects.get_or_create(
                code=f"B{index + 1:02d}", defaults={"name": name}
            )
            for number, major_name in enumerate(majors):
                Major.objects.get_or_create(
                    department=department,
                    name=major_name,
                    defaults={
                        "code": f"B{index + 1:02d}{number + 1:02d}",
                        "category": categories[(index * 3 + number) % len(categories)],
                    },
                )
        centre, _ = User.objects.get_or_create(
            username=CENTRE_USERNAME, defaults={"role": "centre", "last_name": "压测", "first_name": "中心"}
        )
        centre.set_unusable_password()  # the benchmark logs in by session, never by password
        centre.save()

    @property
    def centre(self):
        return User.objects.get(username=CENTRE_USERNAME)

    # --- The large tables (COPY) ---------------------------------------------------------------------------

    def build(self) -> dict[str, int]:
        self.reference_data()
        self.majors = list(Major.objects.order_by("pk").values_list("pk", "department_id", "name"))
        self.natures = list(EmployerNature.objects.values_list("pk", flat=True))
        self.industries = list(Industry.objects.values_list("pk", flat=True))
        self.destinations = list(Destination.objects.values_list("pk", flat=True))
        self.actor_id = self.centre.pk
        counts = {
            "employers": copy_model(Employer, EMPLOYER_COLUMNS, self.employer_rows()),
            "graduates": copy_model(Graduate, GRADUATE_COLUMNS, self.graduate_rows()),
        }
        counts["jobs"] = copy_model(Employment, EMPLOYMENT_COLUMNS, self.job_rows())
        counts["services"] = copy_model(TrackingService, SERVICE_COLUMNS, self.service_rows())
        counts["changes"] = copy_model(ChangeReport, CHANGE_COLUMNS, self.change_rows())
        counts["history"] = copy_model(HistoryEntry, self.history_columns(), self.history_rows())
        self.reset_sequences()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return counts

    def employer_rows(self):
        rng = self.rng
        for pk in range(1, self.scale.employers + 1):
            name = f"四川压测{pk:06d}{rng.choice(['制造', '商贸', '酒店', '物流', '科技', '医疗'])}有限公司"
            code = identifiers.make_credit_code(random.Random(10**7 + pk))
            yield (
                pk,
                name,
                code,
                rng.choice(self.natures),
                rng.choice(self.industries),
                f"攀枝花市东区{pk % 300}号",
                rng.choice(["攀枝花市东区", "攀枝花市西区", "成都市", "米易县"]),
                rng.choice(SURNAMES) + "经理",
                f"0812-{rng.randrange(2000000, 9999999)}",
                "",
                1,
                self.now,
                self.now,
                validators.normalize_employer_name(name),
            )

    def _name(self) -> str:
        rng = self.rng
        return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))

    def graduate_rows(self):
        rng = self.rng
        self.graduate_years = []
        self.graduate_placements = []
        modes = ["school"] * 13 + ["self"] * 4 + ["further_study"] * 2 + ["military"]
        for pk in range(1, self.scale.graduates + 1):
            year = self.cohorts[pk % len(self.cohorts)]
            major_id, department_id, major_name = self.majors[pk % len(self.majors)]
            mode = rng.choice(modes)
            self.graduate_years.append(year)
            self.graduate_placements.append(mode)
            yield (
                pk,
                f"B{year}{pk:08d}",
                self._name(),
                rng.choice("男女"),
                "",
                department_id,
                major_id,
                f"{year - 3}级{major_name[:2]}{pk % 4 + 1}班",
                year,
                6,
                f"1{rng.choice('3589')}{rng.randrange(0, 10**9):09d}",
                "",
                "",
                "",
                "",
                mode,
                rng.choice(self.destinations),
                None,  # destination_detail: the 高校 code is optional
                "",
                1,
                self.now,
                self.now,
            )

    def job_counts(self) -> list[int]:
        """How many jobs each graduate has: random (Poisson-like), summing to the scale's job count."""
        counts = [0] * self.scale.graduates
        for _ in range(self.scale.jobs):
            counts[self.rng.randrange(self.scale.graduates)] += 1
        return counts

    def _employer(self) -> int:
        # A few large employers take many graduates, as in a real province.
        return 1 + int(self.scale.employers * self.rng.random() ** 2.5)

    def job_rows(self):
        rng = self.rng
        reasons = [r for r in Employment.EndReason.values if r != Employment.EndReason.EXPELLED]
        pk = 0
        self.job_owner: list[int] = [0]  # job pk → graduate pk
        self.first_school_job: dict[int, datetime.date] = {}  # graduate pk → start of the service
        for index, count in enumerate(self.job_counts()):
            if not count:
                continue
            graduate_id = index + 1
            start = datetime.date(self.graduate_years[index], 7, 1) + datetime.timedelta(rng.randrange(0, 60))
            span = max(count * 2, (self.today - start).days)
            current = rng.random() < 0.85
            for number in range(count):
                pk += 1
                self.job_owner.append(graduate_id)
                length = max(1, int(span / count * rng.uniform(0.5, 0.85)))
                last = number == count - 1
                end = None if (last and current) else min(start + datetime.timedelta(length), self.today)
                if end is not None and end < start:
                    end = start
                salary = Decimal(rng.randrange(2600, 9000, 50))
                school_arranged = number == 0 and self.graduate_placements[index] == "school"
                if school_arranged:
                    self.first_school_job[graduate_id] = start
                yield (
                    pk,
                    graduate_id,
                    self._employer(),
                    "攀枝花市",
                    "",
                    rng.choice(["技术员", "操作工", "文员", "服务员", "护士", "销售"]),
                    rng.choice(["", "", "组长", "主管"]),
                    salary,  # 起薪
                    salary,  # 当前月薪
                    start,
                    start + relativedelta(months=3, days=-1),
                    end,
                    rng.choice(reasons) if end else "",
                    school_arranged,
                    rng.choice(["school", "agency", "other"]),
                    rng.random() < 0.7,
                    rng.choice(["local", "local", "elsewhere"]),
                    rng.choice(["urban", "town", "rural"]),
                    rng.choice(["le1", "1to2", "2to3", "gt3", "none"]),
                    rng.random() < 0.8,
                    1,
                    self.now,
                    self.now,
                )
                if end is None:
                    break
                start = end + datetime.timedelta(days=1 + rng.randrange(0, max(1, span // (count * 10))))
                if start > self.today:
                    break
        self.job_total = pk

    def service_rows(self):
        """A three-year service from each school-arranged graduate's first job; a follow-up due every quarter."""
        rng = self.rng
        self.services: list[tuple[int, datetime.date, datetime.date]] = []  # (pk, start, end)
        for pk, (graduate_id, start) in enumerate(sorted(self.first_school_job.items()), start=1):
            end = start + relativedelta(years=3)
            active = end > self.today
            due = None
            if active:
                due = start + relativedelta(months=3)
                while due < self.today - datetime.timedelta(days=rng.choice((0, 0, 0, 20, 45))):
                    due += relativedelta(months=3)
            self.services.append((pk, start, end))
            yield (
                pk,
                graduate_id,
                start,
                end,
                "active" if active else "expired",
                due,
                "",
                None,
                "",
                1,
                self.now,
                self.now,
            )

    def change_rows(self):
        rng = self.rng
        if not self.services:
            return
        types = ChangeReport.ChangeType.values
        reporters = ["graduate"] * 6 + ["employer"] * 2 + ["school"]
        for pk in range(1, self.scale.changes + 1):
            service_id, start, end = self.services[rng.randrange(len(self.services))]
            last = min(end, self.today) - datetime.timedelta(days=1)
            occurred = start + datetime.timedelta(days=rng.randrange(max(1, (last - start).days)))
            reported = min(self.today, occurred + datetime.timedelta(days=rng.choice((1, 3, 7, 14, 20, 45))))
            change_type = rng.choice(types)
            status = rng.choices(["confirmed", "pending", "rejected"], weights=(90, 5, 5))[0]
            decided = status != "pending"
            reported_at = datetime.datetime.combine(reported, datetime.time(10), tzinfo=datetime.UTC)
            yield (
                pk,
                service_id,
                change_type,
                occurred,
                reported,
                rng.choice(reporters),
                "",
                Decimal(rng.randrange(3000, 9000, 50)) if change_type == "salary" else None,
                (reported - occurred).days > 30,
                status,
                self.actor_id if decided else None,
                reported_at + datetime.timedelta(days=2) if decided else None,
                reported_at,
            )

    def history_columns(self) -> list[str]:
        columns = ["id", "model", "object_id", "object_repr", "action", "changes", "actor_id", "source", "at"]
        return [*columns, "owner"] if self.has_owner else columns

    def history_rows(self):
        rng = self.rng
        graduates, jobs = self.scale.graduates, self.job_total
        start = self.now - datetime.timedelta(days=365 * FIRST_COHORT_OFFSET)
        seconds = int((self.now - start).total_seconds())
        pk = 0

        def entry(model: str, object_id: int, action: str, changes: dict, owner: str = ""):
            nonlocal pk
            pk += 1
            at = start + datetime.timedelta(seconds=rng.randrange(seconds))
            row = (
                pk,
                model,
                str(object_id),
                f"记录{object_id}",
                action,
                json.dumps(changes, ensure_ascii=False),
                self.actor_id,
                BENCH_SOURCE,
                at,
            )
            return (*row, owner) if self.has_owner else row

        for graduate_id in range(1, graduates + 1):
            yield entry("records.graduate", graduate_id, "create", {"student_no": ["", str(graduate_id)]})
        for job_id in range(1, jobs + 1):
            owner = f"records.graduate:{self.job_owner[job_id]}"
            yield entry("records.employment", job_id, "create", {"post": ["", "技术员"]}, owner)
        for _ in range(self.scale.history - graduates - jobs):
            if rng.random() < 0.7 and jobs:
                job_id = rng.randrange(1, jobs + 1)
                old = rng.randrange(2600, 8000, 50)
                changes = {"monthly_salary": [f"{old}.00", f"{old + rng.randrange(100, 900, 50)}.00"]}
                yield entry(
                    "records.employment",
                    job_id,
                    "update",
                    changes,
                    f"records.graduate:{self.job_owner[job_id]}",
                )
            else:
                changes = {"mobile": ["13800000000", f"139{rng.randrange(0, 10**8):08d}"]}
                yield entry("records.graduate", rng.randrange(1, graduates + 1), "update", changes)

    def reset_sequences(self) -> None:
        from django.core.management.color import no_style

        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), list(TABLES)):
                cursor.execute(statement)


def columns_of(model: type[models.Model], fields: Sequence[str]) -> list[str]:
    """The COPY columns of a record: its id, the fields people fill in (records.fields), then the bookkeeping.
    Each generator above yields its values in this order."""
    attnames = [model._meta.get_field(name).attname for name in fields]
    return ["id", *attnames, *BOOKKEEPING_FIELDS]


# Employers also carry normalized_name, which the services derive from the name: COPY writes it last.
EMPLOYER_COLUMNS = [*columns_of(Employer, EMPLOYER_FIELDS), "normalized_name"]
GRADUATE_COLUMNS = columns_of(Graduate, GRADUATE_FIELDS)
SERVICE_COLUMNS = [
    "id",
    "graduate_id",
    "start_date",
    "end_date",
    "status",
    "next_follow_up_due",
    "termination_cause",
    "terminated_by_id",
    "termination_evidence",
    "version",
    "created_at",
    "updated_at",
]
CHANGE_COLUMNS = [
    "id",
    "service_id",
    "change_type",
    "occurred_on",
    "reported_on",
    "reported_by",
    "details",
    "new_salary",
    "late",
    "status",
    "decided_by_id",
    "decided_at",
    "created_at",
]
EMPLOYMENT_COLUMNS = columns_of(Employment, EMPLOYMENT_FIELDS)


def clear() -> None:
    """Empty the generated tables (and whatever refers to them) for a run at another size."""
    quote = connection.ops.quote_name
    tables = ", ".join(quote(model._meta.db_table) for model in TABLES)
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


def build(scale: Scale, *, seed: int = 2026) -> dict[str, int]:
    return DatasetBuilder(scale, seed=seed).build()
