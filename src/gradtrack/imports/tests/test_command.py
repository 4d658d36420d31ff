"""gradtrack import-graduates FILE.xlsx [--dry-run] [--create-missing]."""

import io
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from gradtrack.core.models import HistoryEntry
from gradtrack.records.models import Department, Graduate
from gradtrack.testing.workbooks import person, xlsx_bytes


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
        (["--major-category", "不存在的类别"], "专业类别“不存在的类别”不存在"),
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
