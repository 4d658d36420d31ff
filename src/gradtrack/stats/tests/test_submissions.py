"""Department submissions: the centre opens a round with a deadline, each 系 submits a generated or an edited
report, the centre sees who has submitted and who is late."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gradtrack.core.models import HistoryEntry
from gradtrack.records.models import Department
from gradtrack.stats import services
from gradtrack.stats.models import DepartmentReport, ReportRound

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def report_round(centre_user, department, other_department):
    return services.report_round_create(
        year=2026,
        title="2026届毕业生质量跟踪调查报告",
        deadline=datetime.date(2026, 9, 10),
        acting_user=centre_user,
    )


def _upload(name="机电系报告.docx", content=b"PK edited report"):
    return SimpleUploadedFile(name, content, content_type=DOCX)


@pytest.mark.parametrize(
    "client_name, status",
    [("centre_client", 302), ("admin_client", 302), ("dept_client", 403), ("leader_client", 403)],
)
def test_only_the_centre_opens_a_round(request, client_name, status, db):
    response = request.getfixturevalue(client_name).post(
        "/stats/submissions/new/", {"year": 2026, "title": "2026届报告", "deadline": "2026-09-10"}
    )
    assert response.status_code == status
    assert ReportRound.objects.exists() == (status == 302)


@time_machine.travel(datetime.datetime(2026, 9, 1, 10, tzinfo=datetime.UTC))
def test_a_department_uploads_its_edited_report_and_the_centre_sees_it_on_time(
    report_round, dept_client, centre_user, dept_user
):
    response = dept_client.post(
        f"/stats/submissions/{report_round.pk}/submit/JD/",
        {"source": "upload", "file": _upload(), "notes": ""},
    )
    assert response.status_code == 302
    report = DepartmentReport.objects.get()
    assert (report.department.code, report.generated, report.submitted_by, report.is_late) == (
        "JD",
        False,
        dept_user,
        False,
    )
    centre_client = Client()
    centre_client.force_login(centre_user)
    html = centre_client.get(f"/stats/submissions/{report_round.pk}/").content.decode()
    assert "已报送 1 / 2" in html
    assert "机电系报告.docx" in html
    assert HistoryEntry.objects.filter(model="stats.departmentreport", action="create").exists()
    download = centre_client.get(f"/stats/submissions/file/{report.pk}/")
    assert b"".join(download.streaming_content) == b"PK edited report"
    from gradtrack.security.models import AccessLogEntry

    entry = AccessLogEntry.objects.get(action=AccessLogEntry.Action.DOWNLOAD)
    assert entry.actor == centre_user
    assert "机电系报告.docx" in entry.subject


@time_machine.travel(datetime.datetime(2026, 9, 20, 10, tzinfo=datetime.UTC))
def test_a_generated_report_submitted_after_the_deadline_is_marked_late(
    small_school, report_round, dept_client
):
    dept_client.post(f"/stats/submissions/{report_round.pk}/submit/JD/", {"source": "generated"})
    report = DepartmentReport.objects.get()
    assert report.generated and report.is_late
    assert report.original_name == "机电系2026届毕业生质量跟踪调查报告.docx"
    html = dept_client.get(f"/stats/submissions/{report_round.pk}/").content.decode()
    assert "逾期报送" in html


def test_resubmitting_replaces_the_file(report_round, dept_client):
    url = f"/stats/submissions/{report_round.pk}/submit/JD/"
    dept_client.post(url, {"source": "upload", "file": _upload(content=b"first")})
    dept_client.post(url, {"source": "upload", "file": _upload(content=b"second")})
    report = DepartmentReport.objects.get()
    assert report.file.read() == b"second"


@pytest.mark.parametrize("name", ["report.exe", "report.txt"])
def test_only_word_or_pdf_files_are_accepted(report_round, dept_client, name):
    dept_client.post(
        f"/stats/submissions/{report_round.pk}/submit/JD/", {"source": "upload", "file": _upload(name)}
    )
    assert not DepartmentReport.objects.exists()


@pytest.mark.parametrize(
    "client_name, code, status",
    [
        ("centre_client", "XX", 302),
        ("dept_client", "JD", 302),
        ("dept_client", "XX", 404),
        ("other_dept_client", "JD", 404),
        ("leader_client", "JD", 403),
    ],
)
def test_access_trio_for_submitting(request, report_round, client_name, code, status):
    client = request.getfixturevalue(client_name)
    response = client.post(
        f"/stats/submissions/{report_round.pk}/submit/{code}/", {"source": "upload", "file": _upload()}
    )
    assert response.status_code == status


def test_a_department_sees_only_its_own_row_and_files(
    report_round, dept_client, other_dept_user, centre_user
):
    report = services.department_report_submit(
        report_round=report_round,
        department=Department.objects.get(code="XX"),
        content=b"PK xx",
        filename="xx.docx",
        generated=False,
        acting_user=centre_user,
    )
    html = dept_client.get(f"/stats/submissions/{report_round.pk}/").content.decode()
    assert 'data-department="JD"' in html and 'data-department="XX"' not in html
    assert dept_client.get(f"/stats/submissions/file/{report.pk}/").status_code == 404
    other_dept_client = Client()
    other_dept_client.force_login(other_dept_user)
    assert other_dept_client.get(f"/stats/submissions/file/{report.pk}/").status_code == 200


@pytest.mark.parametrize(
    "client_name", ["centre_client", "dept_client", "other_dept_client", "leader_client"]
)
def test_every_staff_member_sees_the_round_list(request, report_round, client_name):
    response = request.getfixturevalue(client_name).get("/stats/submissions/")
    assert response.status_code == 200
    assert "2026届毕业生质量跟踪调查报告" in response.content.decode()
