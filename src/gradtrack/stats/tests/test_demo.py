"""The demo school's 报告报送: a round in progress, with two departments' generated reports that open in Word."""

import datetime
import io

import pytest
from django.urls import reverse
from docx import Document

from gradtrack.records.models import Department
from gradtrack.site import demo
from gradtrack.stats.models import DepartmentReport, ReportRound

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 25)


@pytest.fixture
def demo_school(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return demo.build_demo_school(graduates=240, employers=40, seed=5, today=TODAY)


def test_the_demo_has_a_round_in_progress_with_two_generated_reports(demo_school, client):
    report_round = ReportRound.objects.get()
    assert report_round.year == max(g.graduation_year for g in demo_school.graduates)
    assert report_round.deadline > TODAY
    reports = list(DepartmentReport.objects.filter(round=report_round).select_related("department"))
    assert len(reports) == 2 and all(report.generated for report in reports)
    for report in reports:
        with report.file.open("rb") as handle:
            text = "\n".join(p.text for p in Document(io.BytesIO(handle.read())).paragraphs)
        assert report.department.name in text and "毕业生质量跟踪调查报告" in text
    client.force_login(demo_school.users["centre"])
    dashboard = client.get(reverse("site:dashboard")).content.decode()
    missing = Department.objects.count() - 2
    assert f"{missing} 个系部未报送" in dashboard


def test_the_demo_report_prints_the_centres_text_and_a_department_starts_from_nothing(demo_school, client):
    from gradtrack.stats import documents, report_selectors
    from gradtrack.stats.models import ReportText
    from gradtrack.stats.selectors import resolve_scope

    year = max(g.graduation_year for g in demo_school.graduates)
    assert set(ReportText.objects.values_list("year", flat=True)) == {year - 1, year}
    report = documents.build_report(resolve_scope(None, "school"), year, "tracking", "docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(report.content)).paragraphs)
    assert "首次按主题整理用人单位的意见和建议" in text
    assert report_selectors.report_text_draft(year + 1, None).from_year == year
    removed = demo.wipe_demo_records()
    assert removed["stats.ReportText"] == 2 and not ReportText.objects.exists()
