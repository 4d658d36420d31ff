"""The template, the importer and the graduates export share one list of columns, so an export imports unchanged."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gradtrack.core.models import Destination, EmployerNature, HistoryEntry
from gradtrack.imports import reader
from gradtrack.imports.columns import COLUMNS, header_key, match_header
from gradtrack.imports.template import roster_template, template_headers
from gradtrack.records.exports import graduate_list_headers
from gradtrack.records.models import Graduate
from gradtrack.testing.factories import EmployerFactory, EmploymentFactory, GraduateFactory


def test_the_export_has_the_templates_columns_in_its_order_without_the_id_number():
    assert graduate_list_headers() == [column.header for column in COLUMNS if column.key != "id_number"]


def test_the_template_has_every_column_and_the_parent_contact_among_them(db):
    headers = [header.rstrip("*") for header in template_headers()]
    assert headers == [column.header for column in COLUMNS]
    assert "家长联系方式" in headers
    roster = reader.read_roster(io.BytesIO(roster_template()), file_name="模板.xlsx")
    assert set(roster.headers) == {column.key for column in COLUMNS}
    assert roster.rows == []  # the example row is skipped


@pytest.mark.parametrize("written", ["家长联系方式", "家长电话", "家长手机号", "监护人电话"])
def test_a_parent_contact_column_is_recognised(written):
    assert match_header(written)[0] == "parent_contact"
    assert header_key(written) != header_key("联系电话")  # which is 手机's


@pytest.fixture
def school_on_file(major, other_major):
    nature = EmployerNature.objects.order_by("code").first()
    employer = EmployerFactory(name="攀钢集团矿业有限公司", nature=nature)
    full = GraduateFactory(
        student_no="2024000101",
        name="赵小龙",
        major=major,
        class_name="2021级数控1班",
        qq="123456789",
        wechat="-zxl_2003",  # starts like a formula: the export neutralises it
        email="zxl@example.com",
        parent_contact="赵建国 13900001111",
        destination=Destination.objects.order_by("code").first(),
    )
    EmploymentFactory(
        graduate=full,
        employer=employer,
        location="四川省攀枝花市",
        post="设备维修工",
        title="班长",
        monthly_salary=Decimal("4850.50"),
        start_date=datetime.date(2024, 7, 8),
    )
    GraduateFactory(
        student_no="2024000102",
        name="钱芳",
        gender="女",
        major=other_major,
        placement_mode=Graduate.PlacementMode.SELF,
        graduation_month=7,
    )
    GraduateFactory(student_no="2024000103", name="=HYPERLINK(1)", major=major, mobile="13800000000")
    return full


def test_an_exported_list_imported_again_changes_nothing(centre_client, school_on_file):
    export = centre_client.get(reverse("records:graduate_export"))
    assert export.status_code == 200
    history = HistoryEntry.objects.count()

    data = {"file": SimpleUploadedFile("毕业生名单.xlsx", export.content), "create_missing": "on"}
    uploaded = centre_client.post(reverse("imports:upload"), data)
    assert uploaded.status_code == 302, uploaded.content.decode()[:2000]
    preview = centre_client.get(uploaded.url)
    plan = preview.context["plan"]
    assert plan.problems == []
    assert plan.ignored_headers == []
    assert plan.rows_read == 3
    assert plan.is_empty, [*plan.created(), *plan.updated()]
    assert plan.unchanged_rows == 3
    assert HistoryEntry.objects.count() == history
