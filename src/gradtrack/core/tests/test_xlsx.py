"""The one .xlsx writer: every cell, header and sheet name a spreadsheet would run or refuse is made inert."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from gradtrack.core.xlsx import append_row, neutralise, sheet_title, write_xlsx


@pytest.mark.parametrize(
    "value, expected",
    [
        ('=HYPERLINK("http://evil.example","点我")', '\'=HYPERLINK("http://evil.example","点我")'),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("机电系", "机电系"),
        (-1, -1),
        (None, None),
    ],
)
def test_a_text_starting_like_a_formula_is_prefixed_and_anything_else_is_kept(value, expected):
    assert neutralise(value) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("按专业", "按专业"),
        ("机电/数控[2026]:*?", "机电_数控_2026____"),
        ("'引号开头", "引号开头"),
        ("", "Sheet1"),
        ("长" * 40, "长" * 31),
    ],
)
def test_a_sheet_title_is_one_that_excel_accepts(text, expected):
    assert sheet_title(text) == expected
    Workbook().create_sheet(sheet_title(text))  # openpyxl raises ValueError on a name Excel refuses


def test_headers_rows_and_the_title_of_an_export_are_all_neutralised():
    content = write_xlsx(["=cmd|' /C calc'!A0", "姓名"], [["=1+1", "李明"]], title="=x/y")

    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.title == "=x_y"
    assert [cell.value for cell in sheet[1]] == ["'=cmd|' /C calc'!A0", "姓名"]
    assert [cell.value for cell in sheet[2]] == ["'=1+1", "李明"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_append_row_turns_lazy_translations_into_text():
    from django.utils.translation import gettext_lazy

    sheet = Workbook().active
    append_row(sheet, [gettext_lazy("合计"), 3])
    assert [cell.value for cell in sheet[1]] == ["合计", 3]
