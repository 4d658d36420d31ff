"""Rosters for the tests, built with openpyxl the way schools' files look."""

import csv
import datetime
import io
from pathlib import Path

from openpyxl import Workbook

from gradtrack.imports import reader

HEADERS = [
    "学号",
    "姓名",
    "性别",
    "身份证号",
    "系部",
    "专业",
    "班级",
    "毕业时间",
    "手机",
    "QQ",
    "微信",
    "邮箱",
    "安置方式",
    "毕业去向",
    "单位名称",
    "统一社会信用代码",
    "单位性质",
    "工作地点",
    "工作岗位",
    "职务",
    "月薪",
    "入职日期",
]


def xlsx_bytes(rows: list[dict], *, headers: list[str] | None = None, above=(), below=()) -> bytes:
    """A workbook: rows above the header (titles), the header, one line per dict (by header), rows below."""
    headers = headers or HEADERS
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "名单"
    for line in above:
        sheet.append(list(line))
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    for line in below:
        sheet.append(list(line))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(
    rows: list[dict], *, headers: list[str] | None = None, above=(), below=(), encoding: str = "utf-8-sig"
) -> bytes:
    """The same roster as a CSV file the way Excel saves one: every cell as shown, in the given encoding."""
    headers = headers or HEADERS
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    shown = [[_as_shown(value) for value in line] for line in above]
    shown.append(headers)
    shown += [[_as_shown(row.get(header)) for header in headers] for row in rows]
    shown += [[_as_shown(value) for value in line] for line in below]
    writer.writerows(shown)
    return buffer.getvalue().encode(encoding)


def _as_shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def read(rows: list[dict], *, file_name: str = "名单.xlsx", max_rows: int | None = None, **options):
    return reader.read_roster(io.BytesIO(xlsx_bytes(rows, **options)), file_name=file_name, max_rows=max_rows)


def person(student_no: str = "2024100001", **cells) -> dict:
    """A valid row for 机电系 / 数控技术应用 (the shared `major` fixture), overridable by header."""
    row = {
        "学号": student_no,
        "姓名": "赵小龙",
        "性别": "男",
        "系部": "机电系",
        "专业": "数控技术应用",
        "毕业时间": "2024-06",
        "手机": "13800001111",
        "安置方式": "学校统一安置",
    }
    row.update(cells)
    return {key: value for key, value in row.items() if value is not None}


# One roster in every format a school may have. XLS_FIXTURE is this roster saved as .xls (Excel 97–2003) by
# LibreOffice from xlsx_bytes(SAMPLE_ROWS, above=SAMPLE_ABOVE, below=SAMPLE_BELOW):
#   soffice --headless --convert-to xls roster.xlsx
XLS_FIXTURE = Path(__file__).resolve().parent.parent / "imports" / "tests" / "fixtures" / "roster.xls"
SAMPLE_ABOVE = [["攀枝花市华森职业学校2024届毕业生就业情况表"], []]
SAMPLE_BELOW = [[], ["制表人：张老师", None, None, None, "审核：李主任"]]
SAMPLE_ROWS = [
    person(
        "2024100001",
        姓名="赵小龙",
        班级="2021级数控1班",
        QQ="123456789",
        单位名称="攀枝花钢城机械有限公司",
        单位性质="其他企业",
        工作地点="四川省攀枝花市",
        工作岗位="数控车工",
        月薪=4500,
        入职日期=datetime.date(2024, 7, 1),
    ),
    {},
    person(
        "2024100002", 姓名="钱  芳", 性别="女", 手机="13900002222", 安置方式="自主就业", 毕业时间="2024年6月"
    ),
    person(
        "2024100003",
        姓名="孙浩",
        邮箱="sunhao@example.com",
        单位名称="攀枝花钢城机械有限公司",
        工作岗位="设备维修工",
        月薪="3800元",
        入职日期="2024-08-15",
    ),
]


def sample_roster(file_format: str) -> tuple[bytes, str]:
    """The sample roster as "xlsx", "xls" or "csv-<encoding>", and a file name as a school would call it."""
    if file_format == "xlsx":
        return xlsx_bytes(SAMPLE_ROWS, above=SAMPLE_ABOVE, below=SAMPLE_BELOW), "名单.xlsx"
    if file_format == "xls":
        return XLS_FIXTURE.read_bytes(), "名单.xls"
    encoding = file_format.removeprefix("csv-")
    return csv_bytes(SAMPLE_ROWS, above=SAMPLE_ABOVE, below=SAMPLE_BELOW, encoding=encoding), "名单.csv"
