"""Upload → preview → confirm → result in the browser, and who may use it."""

import io
import os
import re
import time

import pytest
from dateutil.relativedelta import relativedelta
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gradtrack.core.models import HistoryEntry, MajorCategory
from gradtrack.imports import reader, views
from gradtrack.records.models import Department, Graduate, Major
from gradtrack.testing.workbooks import person, xlsx_bytes
from gradtrack.tracking.models import TrackingService

IMPORTERS = ["centre_user", "admin_user"]
EVERYONE_ELSE = ["dept_user", "other_dept_user", "leader_user"]


def upload(client, content: bytes, name: str = "名单.xlsx", **fields):
    data = {"file": SimpleUploadedFile(name, content), "create_missing": "on", **fields}
    return client.post(reverse("imports:upload"), data)


def token_of(response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    return response.url.rstrip("/").split("/")[-2]


def pages(token: str = "t0ken") -> list[tuple[str, str]]:
    return [
        ("get", reverse("imports:upload")),
        ("post", reverse("imports:upload")),
        ("get", reverse("imports:template")),
        ("get", reverse("imports:preview", args=[token])),
        ("post", reverse("imports:confirm", args=[token])),
        ("get", reverse("imports:result", args=[token])),
    ]


def test_the_upload_page_is_where_the_navigation_points():
    assert reverse("imports:upload") == "/imports/"


@pytest.mark.parametrize("user_fixture", IMPORTERS)
def test_the_centre_and_administrators_open_the_upload_page_and_template(client, request, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(reverse("imports:upload")).status_code == 200
    assert client.get(reverse("imports:template")).status_code == 200


@pytest.mark.parametrize("user_fixture", EVERYONE_ELSE)
def test_department_staff_and_leaders_may_not_import(client, request, user_fixture, major):
    client.force_login(request.getfixturevalue(user_fixture))
    for method, url in pages():
        assert getattr(client, method)(url).status_code == 403, url
    assert upload(client, xlsx_bytes([person()])).status_code == 403
    assert not Graduate.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    for method, url in pages():
        response = getattr(client, method)(url)
        assert response.status_code == 302 and reverse("accounts:login") in response.url, url


def test_the_side_navigation_shows_the_import_to_the_centre_only(centre_client, dept_user, client):
    assert reverse("imports:upload") in centre_client.get(reverse("site:dashboard")).content.decode()
    client.force_login(dept_user)
    assert reverse("imports:upload") not in client.get(reverse("site:dashboard")).content.decode()


def test_a_good_roster_is_previewed_then_applied_on_confirmation(centre_client, centre_user, graduate):
    content = xlsx_bytes(
        [
            person("2024000001", 姓名=graduate.name, 手机="13912345678"),
            person("2024100001", 单位名称="攀枝花钢城机械有限公司", 入职日期="2024-07-01"),
        ]
    )
    token = token_of(upload(centre_client, content))
    preview = centre_client.get(reverse("imports:preview", args=[token]))
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "赵小龙（2024100001）" in page and "13912345678" in page
    assert reverse("imports:confirm", args=[token]) in page and "data-confirm" in page
    assert Graduate.objects.count() == 1  # nothing written by the preview

    response = centre_client.post(
        reverse("imports:confirm", args=[token]), {"fingerprint": preview.context["fingerprint"]}
    )
    assert response.url == reverse("imports:result", args=[token])
    assert Graduate.objects.count() == 2
    graduate.refresh_from_db()
    assert graduate.mobile == "13912345678"
    records_history = HistoryEntry.objects.filter(model__startswith="records.")
    assert set(records_history.values_list("actor", "source").distinct()) == {
        (centre_user.pk, "Excel 导入: 名单.xlsx")
    }
    assert not default_storage.listdir("imports")[1]  # the uploaded file is gone
    result = centre_client.get(response.url)
    assert result.status_code == 200
    assert "赵小龙（2024100001）" in result.content.decode()
    assert dict(result.context["counts"])["新建毕业生"] == 1
    newcomer = Graduate.objects.get(student_no="2024100001")
    detail_url = reverse("records:graduate_detail", args=[newcomer.pk])
    assert detail_url in result.content.decode()
    assert "Excel 导入: 名单.xlsx" in centre_client.get(detail_url).content.decode()  # its history says so


def test_confirming_a_school_arranged_job_opens_its_tracking_service_at_once(centre_client, major):
    # POLICY §2, as for a job added on the records pages: no `gradtrack daily` needed.
    start = timezone.localdate() - relativedelta(months=2)
    content = xlsx_bytes(
        [person("2024100001", 单位名称="攀枝花钢城机械有限公司", 入职日期=start.isoformat())]
    )
    token = token_of(upload(centre_client, content))
    preview = centre_client.get(reverse("imports:preview", args=[token]))
    assert not TrackingService.objects.exists()  # the preview writes nothing

    response = centre_client.post(
        reverse("imports:confirm", args=[token]), {"fingerprint": preview.context["fingerprint"]}
    )
    assert response.url == reverse("imports:result", args=[token])
    service = TrackingService.objects.get()
    assert service.graduate == Graduate.objects.get(student_no="2024100001")
    assert (service.start_date, service.status) == (start, TrackingService.Status.ACTIVE)
    assert service.next_follow_up_due is not None


def test_the_preview_masks_the_id_numbers_like_every_list_and_imports_them_whole(centre_client, graduate):
    graduate.id_number = "110105194912311006"
    graduate.save()
    content = xlsx_bytes(
        [
            person("2024000001", 姓名=graduate.name, 身份证号="11010519491231002X"),
            person("2024100001", 身份证号="110105194912311014"),
        ]
    )
    token = token_of(upload(centre_client, content))
    preview = centre_client.get(reverse("imports:preview", args=[token]))
    page = preview.content.decode()
    assert not preview.context["problems"], preview.context["problems"]
    for full in ("110105194912311006", "11010519491231002X", "110105194912311014"):
        assert full not in page
    assert "1101**********002X" in page and "1101**********1014" in page
    centre_client.post(
        reverse("imports:confirm", args=[token]), {"fingerprint": preview.context["fingerprint"]}
    )
    assert Graduate.objects.get(student_no="2024100001").id_number == "110105194912311014"
    assert Graduate.objects.get(pk=graduate.pk).id_number == "11010519491231002X"


def test_a_roster_with_errors_shows_every_bad_cell_and_offers_no_confirmation(centre_client, major):
    content = xlsx_bytes([person("2024100001", 手机="12345"), person("2024100002", 毕业时间="明年")])
    token = token_of(upload(centre_client, content))
    preview = centre_client.get(reverse("imports:preview", args=[token]))
    assert [(p.row, p.column) for p in preview.context["problems"]] == [(2, "手机"), (3, "毕业时间")]
    page = preview.content.decode()
    assert "无法识别的日期“明年”" in page
    assert reverse("imports:confirm", args=[token]) not in page

    response = centre_client.post(reverse("imports:confirm", args=[token]), {"fingerprint": "anything"})
    assert response.url == reverse("imports:preview", args=[token])
    assert not Graduate.objects.exists()


def test_a_confirmation_of_a_stale_preview_writes_nothing(centre_client, graduate):
    token = token_of(
        upload(centre_client, xlsx_bytes([person("2024000001", 姓名=graduate.name, 手机="13912345678")]))
    )
    fingerprint = centre_client.get(reverse("imports:preview", args=[token])).context["fingerprint"]
    graduate.mobile = "13700000000"
    graduate.save()
    response = centre_client.post(reverse("imports:confirm", args=[token]), {"fingerprint": fingerprint})
    assert response.url == reverse("imports:preview", args=[token])
    graduate.refresh_from_db()
    assert graduate.mobile == "13700000000"


def test_reimporting_the_same_file_shows_nothing_to_do(centre_client, major):
    content = xlsx_bytes([person()])
    token = token_of(upload(centre_client, content))
    fingerprint = centre_client.get(reverse("imports:preview", args=[token])).context["fingerprint"]
    centre_client.post(reverse("imports:confirm", args=[token]), {"fingerprint": fingerprint})
    history_rows = HistoryEntry.objects.count()

    token = token_of(upload(centre_client, content))
    preview = centre_client.get(reverse("imports:preview", args=[token]))
    assert preview.context["plan"].is_empty
    assert reverse("imports:confirm", args=[token]) not in preview.content.decode()
    assert HistoryEntry.objects.count() == history_rows


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("名单.xls", b"\xd0\xcf\x11\xe0old excel", "不是有效的 Excel 工作簿"),
        ("名单.txt", "学号,姓名\n1,张三".encode(), "只能导入 .xlsx、.xls 或 .csv 文件"),
        ("名单.csv", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "不是有效的 Excel 工作簿（.xlsx、.xls）或 CSV 文件"),
        ("名单.xlsx", b"this is not a zip file", "不是有效的 Excel 工作簿"),
    ],
)
def test_a_file_that_is_not_an_xlsx_workbook_gets_a_clear_error(centre_client, name, content, message):
    response = upload(centre_client, content, name=name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert views.PENDING_KEY not in centre_client.session


def test_a_file_over_the_size_limit_is_refused(centre_client, settings):
    settings.IMPORT_MAX_BYTES = 1000
    response = upload(centre_client, xlsx_bytes([person()]))
    assert "超过上限" in response.content.decode()


def test_a_file_over_the_row_limit_is_refused_in_the_preview(centre_client, settings, major):
    settings.IMPORT_MAX_ROWS = 1
    token = token_of(upload(centre_client, xlsx_bytes([person("2024100001"), person("2024100002")])))
    preview = centre_client.get(reverse("imports:preview", args=[token]))
    assert "超过上限 1 行" in preview.context["file_error"]


def test_a_preview_belongs_to_the_session_that_uploaded_it(centre_client, admin_user, client, major):
    token = token_of(upload(centre_client, xlsx_bytes([person()])))
    client.logout()
    client.force_login(admin_user)
    assert client.get(reverse("imports:preview", args=[token])).status_code == 404
    assert client.post(reverse("imports:confirm", args=[token])).status_code == 404


def test_a_new_upload_replaces_the_pending_one(centre_client, major):
    first = token_of(upload(centre_client, xlsx_bytes([person()])))
    second = token_of(upload(centre_client, xlsx_bytes([person()])))
    assert centre_client.get(reverse("imports:preview", args=[first])).status_code == 404
    assert centre_client.get(reverse("imports:preview", args=[second])).status_code == 200
    assert len(default_storage.listdir("imports")[1]) == 1


def test_new_departments_and_majors_are_listed_in_the_preview_and_created_on_confirmation(
    centre_client, major
):
    category = MajorCategory.objects.get(code="70")
    content = xlsx_bytes([person(系部="汽车工程系", 专业="汽车运用与维修")])
    token = token_of(upload(centre_client, content, major_category=category.pk))
    preview = centre_client.get(reverse("imports:preview", args=[token]))
    assert [d.name for d in preview.context["new_departments"]] == ["汽车工程系"]
    assert [(m.name, m.category) for m in preview.context["new_majors"]] == [("汽车运用与维修", category)]
    assert not Department.objects.filter(name="汽车工程系").exists()
    centre_client.post(
        reverse("imports:confirm", args=[token]), {"fingerprint": preview.context["fingerprint"]}
    )
    assert Major.objects.get(name="汽车运用与维修").department.name == "汽车工程系"


def test_without_create_missing_an_unknown_department_is_an_error_in_the_preview(centre_client, major):
    content = xlsx_bytes([person(系部="汽车工程系", 专业="汽车运用与维修")])
    response = centre_client.post(
        reverse("imports:upload"), {"file": SimpleUploadedFile("名单.xlsx", content)}
    )
    preview = centre_client.get(reverse("imports:preview", args=[token_of(response)]))
    assert [(p.row, p.column) for p in preview.context["problems"]] == [(2, "系部")]


def test_the_template_has_the_headers_in_order_with_required_ones_marked(centre_client):
    response = centre_client.get(reverse("imports:template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers == [
        "学号*", "姓名*", "性别", "身份证号", "系部*", "专业*", "班级", "毕业时间*", "手机", "QQ", "微信", "邮箱",
        "家长联系方式", "安置方式", "毕业去向", "单位名称", "统一社会信用代码", "单位性质", "工作地点", "工作岗位", "职务", "月薪",
        "入职日期",
    ]  # fmt: skip
    assert sheet["A2"].value.startswith("示例")
    validated = {str(v.sqref).split(":")[0] for v in sheet.data_validations.dataValidation}
    assert {"C2", "N2", "O2", "R2"} <= validated  # 性别, 安置方式, 毕业去向, 单位性质


def test_the_template_imports_without_its_example_row(centre_client):
    content = centre_client.get(reverse("imports:template")).content
    roster = reader.read_roster(io.BytesIO(content), file_name="模板.xlsx")
    assert roster.rows == [] and roster.skipped_rows == [2]


def test_uploads_abandoned_for_a_day_are_removed_at_the_next_upload(centre_client, major):
    old = default_storage.save("imports/abandoned.xlsx", io.BytesIO(b"x"))
    a_day_ago = time.time() - 25 * 3600
    os.utime(default_storage.path(old), (a_day_ago, a_day_ago))
    token_of(upload(centre_client, xlsx_bytes([person()])))
    assert not default_storage.exists(old)


# --- New majors and the 中职 catalogue (issue 12) -------------------------------------------------------------


def _unmatched_roster() -> bytes:
    return xlsx_bytes(
        [
            person("2026000001", 系部="机电工程系", 专业="机电技术应用", 毕业时间="2026-06"),
            person("2026000002", 系部="机电工程系", 专业="数控技术", 毕业时间="2026-06"),
            person("2026000003", 系部="机电工程系", 专业="数控技术", 毕业时间="2026-06"),
        ]
    )


def test_an_unmatched_major_gets_one_drop_down_of_its_closest_entries_and_imports_after_the_choice(
    centre_client, db
):
    token = token_of(upload(centre_client, _unmatched_roster()))
    preview_url = reverse("imports:preview", args=[token])
    page = centre_client.get(preview_url).content.decode()
    assert page.count('name="major_0"') == 1 and 'name="major_1"' not in page  # one per major, not per row
    assert '<option value="660103">660103 数控技术应用（机械设计制造类）</option>' in page
    assert "校本专业（不在目录中）" in page
    assert "确认导入" not in page

    response = centre_client.post(preview_url, {"major_0": ""})
    assert response.status_code == 200
    assert "请为该专业选择目录专业或“校本专业”" in response.content.decode()

    response = centre_client.post(preview_url, {"major_0": "660103"})
    assert response.status_code == 302
    page = centre_client.get(preview_url).content.decode()
    assert 'name="major_0"' not in page
    fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]+)"', page).group(1)
    centre_client.post(reverse("imports:confirm", args=[token]), {"fingerprint": fingerprint})
    assert Graduate.objects.count() == 3
    assert sorted(Major.objects.values_list("code", "catalogue__code")) == [
        ("660103", "660103"),
        ("660301", "660301"),
    ]


def test_a_choice_outside_the_offered_entries_is_refused(centre_client, db):
    token = token_of(upload(centre_client, _unmatched_roster()))
    response = centre_client.post(reverse("imports:preview", args=[token]), {"major_0": "610101"})
    assert response.status_code == 200
    assert not Major.objects.exists()
