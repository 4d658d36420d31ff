"""Finding the data in the files schools actually have."""

import io

import pytest
from openpyxl import Workbook

from gradtrack.imports import cells, reader
from gradtrack.imports.columns import COLUMNS_BY_KEY
from gradtrack.testing.workbooks import XLS_FIXTURE, csv_bytes, person, read, sample_roster, xlsx_bytes

FORMATS = ["xls", "csv-utf-8-sig", "csv-utf-8", "csv-gbk", "csv-gb18030"]


def read_sample(file_format: str) -> reader.Roster:
    content, name = sample_roster(file_format)
    return reader.read_roster(io.BytesIO(content), file_name=name)


def as_text(roster: reader.Roster) -> list[tuple[int, dict[str, str]]]:
    """What the importer makes of each cell that holds text (numbers and dates compared as written)."""
    return [
        (row.number, {key: cells.text(value) for key, value in row.values.items()}) for row in roster.rows
    ]


@pytest.mark.parametrize("file_format", FORMATS)
def test_an_xls_or_csv_roster_reads_like_the_same_xlsx(file_format):
    expected, roster = read_sample("xlsx"), read_sample(file_format)
    assert roster.header_row == expected.header_row == 3
    assert [row.number for row in roster.rows] == [row.number for row in expected.rows] == [4, 6, 7]
    assert roster.skipped_rows == expected.skipped_rows == [9]
    assert roster.headers == expected.headers
    first = roster.rows[0].values
    assert cells.code(first["student_no"]) == "2024100001"
    assert cells.salary(first["monthly_salary"]) == 4500
    assert cells.a_date(first["start_date"]).isoformat() == "2024-07-01"
    assert cells.person_name(roster.rows[1].values["name"]) == "钱芳"


def test_a_gbk_csv_is_not_mistaken_for_utf8_and_a_bom_is_not_part_of_the_first_header():
    for encoding in ("gbk", "utf-8-sig"):
        roster = reader.read_roster(
            io.BytesIO(csv_bytes([person()], encoding=encoding)), file_name="名单.csv"
        )
        assert roster.headers["student_no"] == "学号"
        assert roster.rows[0].values["name"] == "赵小龙"


def test_a_semicolon_or_tab_separated_csv_is_read():
    for delimiter in (";", "\t"):
        content = csv_bytes([person()]).decode("utf-8-sig").replace(",", delimiter).encode()
        roster = reader.read_roster(io.BytesIO(content), file_name="名单.csv")
        assert roster.rows[0].values["department"] == "机电系"


def test_a_csv_in_an_unknown_encoding_is_refused_clearly():
    content = "学号,姓名\n".encode("utf-16")
    with pytest.raises(reader.RosterError, match="无法识别 CSV 文件的编码"):
        reader.read_roster(io.BytesIO(content), file_name="名单.csv")


def test_a_csv_is_held_to_the_cell_budget_as_it_is_read(settings):
    settings.IMPORT_MAX_CELLS = 22 * 10  # the header and nine rows of the 22 template columns
    rows = [person(f"20241000{n:02d}") for n in range(9)]
    assert len(reader.read_roster(io.BytesIO(csv_bytes(rows)), file_name="名单.csv").rows) == 9
    with pytest.raises(reader.RosterError, match="超过上限 220 个单元格"):
        reader.read_roster(io.BytesIO(csv_bytes([*rows, person("2024100099")])), file_name="名单.csv")


def test_an_xls_sheet_is_held_to_the_cell_budget_before_its_cells_are_converted(settings):
    settings.IMPORT_MAX_CELLS = 100  # the fixture's block is 9 rows × 22 columns
    with pytest.raises(reader.RosterError, match="9 行 × 22 列（198 个单元格），超过上限 100 个单元格"):
        read_sample("xls")


def test_a_password_protected_workbook_is_refused_clearly(monkeypatch):
    def protected(source):
        raise reader.PasswordError("Workbook is password protected")

    monkeypatch.setattr(reader.CalamineWorkbook, "from_filelike", protected)
    with pytest.raises(reader.RosterError, match="设置了打开密码"):
        reader.read_roster(io.BytesIO(XLS_FIXTURE.read_bytes()), file_name="名单.xls")


def test_a_roster_under_title_rows_is_found_and_rows_keep_their_excel_numbers():
    roster = read(
        [person("2024100001"), person("2024100002")],
        above=[
            ["某某职业技术学校2024届毕业生就业情况统计表"],
            ["填报单位：就业指导中心", None, None, "2024年9月"],
        ],
    )
    assert roster.header_row == 3
    assert [row.number for row in roster.rows] == [4, 5]
    assert roster.rows[0].values["student_no"] == "2024100001"


def test_blank_rows_and_a_signature_footer_are_skipped():
    roster = read(
        [person("2024100001"), {}, {}, person("2024100002")],
        below=[
            [],
            ["制表人：张老师", None, None, None, "审核：李主任"],
            [None, None, "日期：", "2024-09-01"],
            ["合计：2人"],
        ],
    )
    assert [row.values["student_no"] for row in roster.rows] == ["2024100001", "2024100002"]
    assert roster.skipped_rows == [7, 8, 9]


def test_a_header_repeated_on_each_printed_page_is_skipped():
    roster = read([person("2024100001"), {"学号": "学号", "姓名": "姓名"}, person("2024100002")])
    assert len(roster.rows) == 2
    assert roster.skipped_rows == [3]


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("学生姓名", "name"),
        ("手机号", "mobile"),
        ("手机号码", "mobile"),
        ("联系电话", "mobile"),
        ("系", "department"),
        ("院系", "department"),
        ("就业单位", "employer_name"),
        ("入职时间", "start_date"),
        ("月薪（元）", "monthly_salary"),
        ("月薪(元)", "monthly_salary"),
        ("学号*", "student_no"),
        (" 学 号 ", "student_no"),
        ("毕业年月", "graduation"),
        ("企业性质", "employer_nature"),
        ("qq", "qq"),
        ("E-mail", "email"),
    ],
)
def test_header_variants_are_recognised(written, key):
    headers = [h for h in ["学号", "姓名", "系部", "专业", "毕业时间"] if h != COLUMNS_BY_KEY[key].header]
    headers.append(written)
    roster = read([{written: "x", "姓名": "赵小龙"}], headers=headers)
    assert roster.headers[key] == written.strip().strip("*")

    assert roster.rows[0].values[key] == "x"


def test_the_template_header_wins_over_a_variant_and_unknown_columns_are_listed():
    headers = ["学号", "姓名", "系部", "专业", "毕业时间", "联系电话", "手机", "家庭住址"]
    roster = read([{"联系电话": "0812-1234567", "手机": "13800001111", "学号": "1"}], headers=headers)
    assert roster.rows[0].values["mobile"] == "13800001111"
    assert roster.ignored_headers == ["联系电话", "家庭住址"]


def test_a_missing_required_column_rejects_the_file():
    with pytest.raises(reader.RosterError, match="缺少必填列：专业、毕业时间"):
        read([person()], headers=["学号", "姓名", "系部"])


def test_a_sheet_without_a_header_is_rejected():
    with pytest.raises(reader.RosterError, match="没有找到表头"):
        read([{"甲": 1}], headers=["甲", "乙"])


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"\xd0\xcf\x11\xe0 not quite an old .xls file", "名单.xls"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "名单.xls"),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "名单.csv"),
        (b"student,name", "名单.txt"),
    ],
)
def test_a_file_that_is_not_a_roster_file_is_rejected_clearly(content, name):
    with pytest.raises(reader.RosterError, match="不是有效的 Excel 工作簿（.xlsx、.xls）或 CSV 文件"):
        reader.read_roster(io.BytesIO(content), file_name=name)


def test_a_header_below_blank_rows_keeps_the_row_numbers_excel_shows():
    workbook = Workbook()
    sheet = workbook.active
    sheet["C3"] = "学号"
    sheet["D3"] = "姓名"
    sheet["E3"] = "系部"
    sheet["F3"] = "专业"
    sheet["G3"] = "毕业时间"
    sheet["C5"] = "2024100001"
    buffer = io.BytesIO()
    workbook.save(buffer)
    roster = reader.read_roster(io.BytesIO(buffer.getvalue()), file_name="名单.xlsx")
    assert roster.header_row == 3
    assert [(row.number, row.values["student_no"]) for row in roster.rows] == [(5, "2024100001")]


def test_a_corrupt_zip_is_rejected_clearly():
    content = xlsx_bytes([person()])
    with pytest.raises(reader.RosterError):
        reader.read_roster(io.BytesIO(content[: len(content) // 2]), file_name="名单.xlsx")


def test_more_rows_than_the_limit_are_refused():
    with pytest.raises(reader.RosterError, match="超过上限 2 行"):
        read([person(f"20241000{n:02d}") for n in range(3)], max_rows=2)


def test_the_first_sheet_with_a_header_is_read():
    workbook = Workbook()
    workbook.active.title = "说明"
    workbook.active.append(["本表用于导入毕业生"])
    data = workbook.create_sheet("名单")
    data.append(["学号", "姓名", "系部", "专业", "毕业时间"])
    data.append(["2024100001", "赵小龙", "机电系", "数控技术应用", "2024-06"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    roster = reader.read_roster(buffer, file_name="名单.xlsx")
    assert roster.sheet_title == "名单"
    assert roster.rows[0].number == 2
