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
