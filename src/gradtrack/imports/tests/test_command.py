"""gradtrack import-graduates FILE.xlsx [--dry-run] [--create-missing]."""

import io
import json
import os
import subprocess
import sys

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from gradtrack.core import reference
from gradtrack.core.models import HistoryEntry
from gradtrack.records.models import Department, Employment, Graduate, Major
from gradtrack.testing.workbooks import person, sample_roster, xlsx_bytes
from gradtrack.tracking.models import TrackingService


@pytest.fixture
def roster_path(tmp_path):
    def write(rows, name="名单.xlsx"):
        path = tmp_path / name
        path.write_bytes(xlsx_bytes(rows))
        return str(path)

    return write


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_graduates", *args, stdout=out)
    return out.getvalue()


def imported_records() -> dict[str, list[tuple]]:
    return {
        "graduates": list(
            Graduate.objects.order_by("student_no").values_list(
                "student_no",
                "name",
                "gender",
                "mobile",
                "qq",
                "email",
                "class_name",
                "graduation_year",
                "graduation_month",
                "placement_mode",
                "major__name",
            )
        ),
        "jobs": list(
            Employment.objects.order_by("graduate__student_no").values_list(
                "graduate__student_no",
                "employer__name",
                "employer__nature__name",
                "location",
                "post",
                "monthly_salary",
                "start_date",
                "probation_end",
                "school_arranged",
            )
        ),
        "history": sorted(
            (entry.model, entry.object_repr, entry.action, json.dumps(entry.changes, sort_keys=True))
            for entry in HistoryEntry.objects.all()
        ),
    }


@pytest.mark.parametrize("file_format", ["xls", "csv-gbk", "csv-utf-8-sig"])
def test_an_xls_or_a_gbk_csv_roster_imports_exactly_like_the_xlsx(tmp_path, major, file_format):
    def import_sample(file_format: str) -> str:
        content, name = sample_roster(file_format)
        (tmp_path / name).write_bytes(content)
        return run(str(tmp_path / name), "--create-missing")

    with transaction.atomic():
        assert "新建毕业生 3" in import_sample("xlsx")
        expected = imported_records()
        transaction.set_rollback(True)
    assert not Graduate.objects.exists()
    assert "新建毕业生 3" in import_sample(file_format)
    assert imported_records() == expected
    assert len(expected["jobs"]) == 2


def test_a_good_file_is_imported_with_a_summary(roster_path, major):
    output = run(roster_path([person("2024100001"), person("2024100002", 姓名="钱多多")]))
    assert "导入完成：名单.xlsx" in output
    assert "新建毕业生 2" in output
    assert Graduate.objects.count() == 2
    assert set(HistoryEntry.objects.values_list("source", flat=True)) == {"Excel 导入: 名单.xlsx"}


def test_a_file_with_errors_fails_listing_them_and_writes_nothing(roster_path, major):
    path = roster_path([person("2024100001"), person("2024100002", 手机="12345", 毕业时间="明年")])
    with pytest.raises(CommandError) as caught:
        run(path)
    message = str(caught.value)
    assert "有 2 处错误，未写入任何数据" in message
    assert "第 3 行，“毕业时间”：无法识别的日期“明年”" in message
    assert "第 3 行，“手机”" in message
    assert not Graduate.objects.exists()


def test_a_school_arranged_job_opens_the_tracking_service_in_the_import_itself(roster_path, major):
    # POLICY §2: the service opens with the first school-arranged job, here without any `gradtrack daily`.
    start = timezone.localdate() - relativedelta(months=2)
    path = roster_path(
        [
            person("2024100001", 单位名称="攀枝花钢城机械有限公司", 入职日期=start.isoformat()),
            person(
                "2024100002",
                姓名="钱多多",
                安置方式="自主就业",
                单位名称="攀枝花钢城机械有限公司",
                入职日期=start.isoformat(),
            ),
        ]
    )
    run(path, "--create-missing")
    school_placed = Graduate.objects.get(student_no="2024100001")
    assert school_placed.jobs.get().school_arranged
    service = TrackingService.objects.get()  # the self-placed graduate gets none
    assert service.graduate == school_placed
    assert (service.start_date, service.status) == (start, TrackingService.Status.ACTIVE)
    assert service.next_follow_up_due is not None


def test_a_bad_row_after_good_ones_writes_nothing_not_even_a_tracking_service(roster_path, major):
    start = (timezone.localdate() - relativedelta(months=2)).isoformat()
    path = roster_path(
        [
            person("2024100001", 单位名称="攀枝花钢城机械有限公司", 入职日期=start),
            person("2024100002", 姓名="钱多多", 单位名称="攀枝花钢城机械有限公司", 入职日期=start),
            person("2024100003", 姓名="孙小美", 单位名称="攀枝花钢城机械有限公司", 入职日期="明天"),
        ]
    )
    with pytest.raises(CommandError, match="第 4 行，“入职日期”"):
        run(path, "--create-missing")
    assert not Graduate.objects.exists() and not Employment.objects.exists()
    assert not TrackingService.objects.exists()
    assert not HistoryEntry.objects.exists()


def test_a_dry_run_reports_and_writes_nothing(roster_path, major):
    output = run(roster_path([person()]), "--dry-run", "--verbosity", "2")
    assert "检查通过（未写入，--dry-run）" in output
    assert "新建毕业生 赵小龙（2024100001）" in output
    assert not Graduate.objects.exists()
    assert not HistoryEntry.objects.exists()


def test_an_unknown_department_needs_create_missing(roster_path, major):
    path = roster_path([person(系部="汽车工程系", 专业="汽车运用与维修")])
    with pytest.raises(CommandError, match="系部“汽车工程系”不存在"):
        run(path)
    output = run(path, "--create-missing", "--major-category", "交通运输类")
    assert "新建系部 1" in output
    assert Department.objects.filter(name="汽车工程系").exists()


def test_a_second_run_changes_nothing(roster_path, major):
    path = roster_path([person()])
    run(path)
    history_rows = HistoryEntry.objects.count()
    assert "没有需要新建或更新的内容" in run(path)
    assert HistoryEntry.objects.count() == history_rows


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/nonexistent/名单.xlsx"], "找不到文件"),
        (["--major-category", "不存在的类别"], "专业大类“不存在的类别”不存在"),
        (["--user", "nobody"], "用户“nobody”不存在"),
    ],
)
def test_bad_arguments_are_refused(roster_path, major, args, message):
    if args[0].startswith("--"):
        args = [roster_path([person()]), *args]
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_the_console_script_spells_the_command_with_a_hyphen_and_exits_non_zero_on_errors(tmp_path):
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "GRADTRACK_SECRET_KEY": "test-key-for-the-console-script-0123456789abcdefghijklmnopqrstuvwxyz",
        "GRADTRACK_HOME": str(tmp_path),
    }

    def gradtrack(*args):
        return subprocess.run(
            [sys.executable, "-m", "gradtrack", *args],
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
        )

    assert gradtrack("migrate", "--no-input", "-v", "0").returncode == 0
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx_bytes([person(系部="汽车工程系", 专业="汽车运用与维修", 手机="12345")]))
    failed = gradtrack("import-graduates", str(bad))
    assert failed.returncode == 1
    assert "第 2 行，“系部”" in failed.stderr and "第 2 行，“手机”" in failed.stderr

    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx_bytes([person(系部="汽车工程系", 专业="汽车运用与维修")]))
    assert (
        gradtrack(
            "import-graduates", str(good), "--dry-run", "--create-missing", "--major-category", "70"
        ).returncode
        == 0
    )
    done = gradtrack("import-graduates", str(good), "--create-missing", "--major-category", "70")
    assert done.returncode == 0, done.stderr
    assert "新建毕业生 1" in done.stdout


# --- A first roster on a fresh install: majors from the 中职 catalogue (issue 12) ---------------------------

FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def _catalogue(name: str) -> dict:
    return next(row for row in reference.rows(reference.MAJORS) if row["name"] == name)


def _first_roster() -> tuple[list[dict], dict[str, str]]:
    """24 graduates in 5 catalogue majors of 2 new 系部, written as schools write them: padded, with “专业”,
    full-width spaces and digits; returns the rows and how each major is written → its catalogue name."""
    written = {
        " 机电技术应用 ": "机电技术应用",
        "数控技术应用专业": "数控技术应用",
        "电气设备运行与控制": "电气设备运行与控制",
        "计算机　应用": "计算机应用",  # a full-width space
        "电子商务": "电子商务",
    }
    departments = ["机电工程系", "机电工程系", "机电工程系", "信息技术系", "信息技术系"]
    rows = []
    for number in range(24):
        index = number % 5
        student_no = f"2026{number + 1:06d}"
        rows.append(
            person(
                student_no.translate(FULL_WIDTH_DIGITS) if number % 2 else student_no,
                系部=departments[index],
                专业=list(written)[index],
                毕业时间="2026-06",
                手机=None,
            )
        )
        if number in (5, 17):
            rows.append({})  # a blank row
    return rows, written


def test_a_first_roster_of_catalogue_majors_imports_on_a_fresh_install(roster_path, db):
    rows, written = _first_roster()
    path = roster_path([], name="2026届名单.xlsx")
    with open(path, "wb") as out:
        out.write(xlsx_bytes(rows, above=[("攀枝花市华森职业学校2026届毕业生名单",)]))
    output = run(path, "--create-missing")
    assert "新建毕业生 24" in output
    assert Graduate.objects.count() == 24
    assert Graduate.objects.filter(student_no="2026000002").exists()  # full-width digits read as digits
    majors = Major.objects.select_related("catalogue", "category")
    assert majors.count() == 5
    for major in majors:
        entry = _catalogue(major.name)
        assert major.name in written.values()
        assert (major.code, major.catalogue.code, major.category.code, major.category.name) == (
            entry["code"],
            entry["code"],
            entry["category_code"],
            entry["category_name"],
        )


def test_an_unmatched_major_is_reported_once_with_its_closest_entries_and_imports_after_the_choice(
    roster_path, db
):
    rows = [
        person("2026000001", 系部="机电工程系", 专业="机电技术应用", 毕业时间="2026-06"),
        person("2026000002", 系部="机电工程系", 专业="数控技术", 毕业时间="2026-06"),
        person("2026000003", 系部="机电工程系", 专业="数控技术", 毕业时间="2026-06"),
    ]
    path = roster_path(rows)
    with pytest.raises(CommandError) as failure:
        run(path, "--create-missing")
    message = str(failure.value)
    unmatched = [line for line in message.splitlines() if "“数控技术”" in line]
    assert len(unmatched) == 1, "one line for the unmatched name, not one per row"
    assert "第 3、4 行" in unmatched[0] and "660103 数控技术应用" in unmatched[0]
    assert not Graduate.objects.exists()

    output = run(path, "--create-missing", "--major", "数控技术=660103")
    assert "新建毕业生 3" in output
    major = Major.objects.get(name="数控技术应用")
    assert (major.code, major.catalogue.code) == ("660103", "660103")


def test_a_major_may_be_chosen_as_a_school_own_major(roster_path, db):
    rows = [
        person("2026000001", 系部="机电工程系", 专业="机电技术应用", 毕业时间="2026-06"),
        person("2026000002", 系部="机电工程系", 专业="钒钛冶炼技术", 毕业时间="2026-06"),
    ]
    run(roster_path(rows), "--create-missing", "--major", "钒钛冶炼技术=校本专业")
    major = Major.objects.get(name="钒钛冶炼技术")
    assert major.is_school_own
    # the 大类 of the other major of its 系部 in the same roster
    assert major.category == Major.objects.get(name="机电技术应用").category
    assert major.code.startswith("ZY")


@pytest.mark.parametrize(
    ("choice", "message"),
    [("数控加工", "应写作 名称=专业代码"), ("数控加工=999999", "中职专业目录中没有代码“999999”")],
)
def test_a_bad_major_choice_is_refused(roster_path, db, choice, message):
    with pytest.raises(CommandError, match=message):
        run(roster_path([person()]), "--create-missing", "--major", choice)
