"""``gradtrack report`` on a small demo school (site.demo with 150 graduates), for the 2026届."""

import datetime
import io
import shutil
import subprocess

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from gradtrack.site.demo import build_demo_school

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_school(db):
    return build_demo_school(graduates=150, employers=30, today=datetime.date(2026, 11, 20))


def test_it_writes_the_school_report_of_the_2026_cohort_as_docx(demo_school, tmp_path):
    out = tmp_path / "report.docx"
    stdout = io.StringIO()
    call_command(
        "report", "--year", "2026", "--scope", "school", "--format", "docx", "--out", str(out), stdout=stdout
    )
    paragraphs = [p.text for p in Document(str(out)).paragraphs]
    text = "\n".join(paragraphs)
    # The cover: the school's name, then the title under it.
    school = paragraphs.index("攀枝花市华森职业学校")
    assert paragraphs[school + 1] == "2026届毕业生就业跟踪报告"
    assert "2026届就业率" in text
    assert "比上届" in text
    assert "就业跟踪报告" in stdout.getvalue()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is installed by `make test`")
def test_it_writes_a_department_report_as_pdf(demo_school, tmp_path):
    out = tmp_path / "jd.pdf"
    call_command("report", "--year", "2026", "--scope", "dept:JD", "--format", "pdf", "--out", str(out))
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, check=True).stdout.decode()
    assert "机电工程系2026届毕业生质量跟踪调查报告" in "".join(text.split())


@pytest.mark.parametrize("scope", ["dept:NOPE", "nation"])
def test_an_unknown_scope_is_a_command_error(scope, db, tmp_path):
    with pytest.raises(CommandError):
        call_command("report", "--year", "2026", "--scope", scope, "--out", str(tmp_path / "x.docx"))
