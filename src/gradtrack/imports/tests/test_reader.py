"""Finding the data in the files schools actually have."""

import io

import pytest
from openpyxl import Workbook

from gradtrack.imports import reader
from gradtrack.imports.columns import COLUMNS_BY_KEY
from gradtrack.testing.workbooks import person, read, xlsx_bytes


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


def test_a_file_that_is_not_xlsx_is_rejected_clearly():
    with pytest.raises(reader.RosterError, match="不是有效的 Excel 工作簿"):
        reader.read_roster(io.BytesIO(b"\xd0\xcf\x11\xe0 an old .xls file"), file_name="名单.xls")


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
