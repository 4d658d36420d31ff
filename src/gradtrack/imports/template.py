"""The downloadable roster template: the issue's headers in order, required ones marked, an example row that the
importer skips, drop-down lists from the code tables and a sheet explaining every column."""

import datetime
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from gradtrack.core.models import Destination, EmployerNature
from gradtrack.imports.columns import COLUMNS
from gradtrack.imports.reader import EXAMPLE_PREFIX
from gradtrack.records.models import Graduate

REQUIRED_MARK = "*"
VALIDATED_ROWS = 10000
TEXT_COLUMNS = {"student_no", "id_number", "mobile", "qq", "parent_contact", "credit_code"}
EXAMPLE = {
    "student_no": f"{EXAMPLE_PREFIX}2024000001",
    "name": "张三",
    "gender": "男",
    "id_number": "",
    "department": "机电系",
    "major": "数控技术应用",
    "class_name": "2021级数控1班",
    "graduation": "2024-06",
    "mobile": "13800000000",
    "qq": "",
    "wechat": "",
    "email": "",
    "parent_contact": "张建国 13900000000",
    "placement_mode": "学校统一安置",
    "destination": "签劳动合同形式就业",
    "employer_name": "攀枝花示例机械有限公司",
    "credit_code": "",
    "employer_nature": "其他企业",
    "location": "四川省攀枝花市",
    "post": "数控车工",
    "title": "",
    "monthly_salary": 4500,
    "start_date": datetime.date(2024, 7, 1),
}


def template_headers() -> list[str]:
    return [column.header + (REQUIRED_MARK if column.required else "") for column in COLUMNS]


def roster_template() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("毕业生名单")
    sheet.append(template_headers())
    sheet.append([EXAMPLE[column.key] for column in COLUMNS])
    required_font = Font(bold=True, color="C00000")
    example_font = Font(italic=True, color="808080")
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        header = sheet.cell(row=1, column=index)
        header.font = required_font if column.required else Font(bold=True)
        header.fill = PatternFill("solid", fgColor="DDEBF7")
        header.alignment = Alignment(horizontal="center")
        if column.help_text:
            header.comment = Comment(str(column.help_text), "gradtrack")
        sheet.column_dimensions[letter].width = max(10, len(column.header) * 2 + 4)
        if column.key in TEXT_COLUMNS:
            # so that Excel keeps 18-digit numbers and leading zeros as typed
            sheet.column_dimensions[letter].number_format = "@"
        example = sheet.cell(row=2, column=index)
        example.font = example_font
        if column.key == "start_date":
            example.number_format = "yyyy-mm-dd"
        elif column.key in TEXT_COLUMNS or column.key == "graduation":
            example.number_format = "@"
    sheet.freeze_panes = "A2"
    _add_lists(workbook, sheet)
    _add_instructions(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _add_lists(workbook: Workbook, sheet) -> None:
    lists = workbook.create_sheet(_("选项"))
    options = {
        "gender": [label for _value, label in Graduate.Gender.choices],
        "placement_mode": [str(label) for _value, label in Graduate.PlacementMode.choices],
        "destination": list(Destination.objects.values_list("name", flat=True)),
        "employer_nature": list(EmployerNature.objects.values_list("name", flat=True)),
    }
    positions = {column.key: index for index, column in enumerate(COLUMNS, start=1)}
    for list_index, (key, values) in enumerate(options.items(), start=1):
        if not values:
            continue
        letter = get_column_letter(list_index)
        lists.cell(row=1, column=list_index, value=next(c.header for c in COLUMNS if c.key == key))
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=list_index, value=str(value))
        validation = DataValidation(
            type="list",
            formula1=f"'{lists.title}'!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            errorStyle="warning",  # a code or another accepted variant may still be typed
            error=str(_("请从列表中选择，或填写导入说明中列出的其他写法")),
        )
        target = get_column_letter(positions[key])
        validation.add(f"{target}2:{target}{VALIDATED_ROWS + 1}")
        sheet.add_data_validation(validation)
    lists.sheet_state = "hidden"


def _add_instructions(workbook: Workbook) -> None:
    notes = workbook.create_sheet(_("填写说明"))
    notes.append([_("列名"), _("是否必填"), _("说明")])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        notes.append([column.header, _("必填") if column.required else "", str(column.help_text)])
    notes.append([])
    for line in (
        _("第 2 行为示例（学号以“示例”开头），导入时自动跳过，可以删除。"),
        _("表头可以不在第 1 行（上方可有标题行）；空行和“制表人、审核、日期”等签字行会被跳过。"),
        _("已有学号的毕业生会被更新；空白单元格不会清除系统中已有的内容。"),
        _(
            "填写单位名称后，该毕业生在此单位的在职记录被更新；否则新建在职记录，原在其他单位的在职记录在新入职日期前一天结束。"
        ),
        _("日期可写成 2024-06-30、2024/06/30、2024.6、2024年6月 或 Excel 日期。"),
    ):
        notes.append([line])
    notes.column_dimensions["A"].width = 18
    notes.column_dimensions["B"].width = 10
    notes.column_dimensions["C"].width = 80
