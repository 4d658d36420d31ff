"""Rosters for the tests, built with openpyxl the way schools' files look."""

import io

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
