"""The graduates list exported to .xlsx: exactly the filtered, sorted list the user sees."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gradtrack.records.exports import graduate_list_headers
from gradtrack.testing.factories import EmployerFactory, EmploymentFactory, GraduateFactory

EXPORT_URL = reverse("records:graduate_export")


def sheet_rows(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def column(rows, header) -> list:
    index = rows[0].index(header)
    return [row[index] for row in rows[1:]]


@pytest.fixture
def graduates(graduate, other_graduate, major):
    EmploymentFactory(graduate=graduate, employer=EmployerFactory(name="攀钢集团"), monthly_salary=5100)
    GraduateFactory(student_no="2023000009", name='=HYPERLINK("http://x")', major=major, graduation_year=2023)
    return graduate


def test_the_export_has_the_import_templates_headers(centre_client, graduates):
    rows = sheet_rows(centre_client.get(EXPORT_URL))
    assert rows[0] == graduate_list_headers()
    assert rows[0][:7] == ["学号", "姓名", "性别", "系部", "专业", "班级", "毕业时间"]
    assert "身份证号" not in rows[0]


def test_the_export_holds_only_the_graduates_one_may_see(dept_client, graduates):
    rows = sheet_rows(dept_client.get(EXPORT_URL, {"sort": "student_no"}))
    assert column(rows, "学号") == ["2023000009", "2024000001"]


def test_the_export_follows_the_lists_filters_and_order(centre_client, graduates):
    rows = sheet_rows(centre_client.get(EXPORT_URL, {"graduation_year": "2024", "sort": "-student_no"}))
    assert column(rows, "学号") == ["2024000002", "2024000001"]
    assert len(rows) == 3


def test_the_export_carries_the_current_job(centre_client, graduates):
    rows = sheet_rows(centre_client.get(EXPORT_URL, {"q": "李明"}))
    assert column(rows, "单位名称") == ["攀钢集团"]
    assert column(rows, "月薪") == [5100]
    assert column(rows, "毕业时间") == ["2024-06"]


def test_the_export_neutralises_formulas(centre_client, graduates):
    rows = sheet_rows(centre_client.get(EXPORT_URL, {"graduation_year": "2023"}))
    assert column(rows, "姓名") == ['\'=HYPERLINK("http://x")']


def test_the_export_ignores_the_page_number(centre_client, major):
    GraduateFactory.create_batch(55, major=major)
    rows = sheet_rows(centre_client.get(EXPORT_URL, {"page": "2"}))
    assert len(rows) == 56


def test_the_list_links_to_the_export_with_its_filters(centre_client, graduates):
    content = centre_client.get(reverse("records:graduate_list"), {"q": "李", "page": "1"}).content.decode()
    assert f"{EXPORT_URL}?q=%E6%9D%8E" in content


def test_the_export_needs_few_queries_for_many_graduates(centre_client, major, django_assert_max_num_queries):
    for _ in range(40):
        EmploymentFactory(graduate=GraduateFactory(major=major))
    centre_client.get(EXPORT_URL)  # fills the cached filter choices (core.figures_cache), a fixed cost
    with django_assert_max_num_queries(10):
        sheet_rows(centre_client.get(EXPORT_URL))


def test_the_export_has_a_frozen_filtered_header_and_columns_as_wide_as_their_contents(
    centre_client, graduates
):
    response = centre_client.get(EXPORT_URL)
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:V{sheet.max_row}"  # 22 columns, every row
    widths = {
        sheet.cell(row=1, column=n).value: sheet.column_dimensions[chr(64 + n)].width for n in range(1, 23)
    }
    assert widths["性别"] == 8  # the narrowest a column gets, room for the filter button
    assert widths["学号"] == len("2024000001") + 4
    assert widths["单位名称"] == len("攀钢集团") * 2 + 4  # Chinese characters are twice as wide
    assert widths["姓名"] == len('\'=HYPERLINK("http://x")') + 4
    assert widths["入职日期"] == 10 + 4
