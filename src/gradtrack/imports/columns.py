"""The roster's columns: the template's headers in the issue's order, and the variants real files use.

The graduates export (records.exports) has these columns in this order, 身份证号 left out, so an exported list
imports again unchanged (imports/tests/test_round_trip.py holds both to it).
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # as in the template; also the column name in error messages when the file has no header
    required: bool = False
    aliases: tuple[str, ...] = ()
    help_text: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("student_no", "学号", True, ("学生学号", "学籍号"), _("文本，全校唯一；已有学号的毕业生会被更新")),
    Column("name", "姓名", True, ("学生姓名", "毕业生姓名")),
    Column("gender", "性别", aliases=(), help_text=_("男 / 女")),
    Column(
        "id_number",
        "身份证号",
        aliases=("身份证号码", "身份证", "公民身份号码"),
        help_text=_("18 位，校验位须正确"),
    ),
    Column("department", "系部", True, ("系", "院系", "系别", "所在系部", "所属系部"), _("系部名称或代码")),
    Column("major", "专业", True, ("专业名称", "所学专业")),
    Column("class_name", "班级", aliases=("班级名称", "所在班级")),
    Column(
        "graduation",
        "毕业时间",
        True,
        ("毕业年月", "毕业日期", "届别", "毕业年份"),
        _("如 2024-06、2024.6、2024年6月；只写年份（2024 或 2024届）时按 6 月"),
    ),
    Column(
        "mobile",
        "手机",
        aliases=("手机号", "手机号码", "联系电话", "联系方式", "电话"),
        help_text=_("11 位手机号"),
    ),
    Column("qq", "QQ", aliases=("QQ号", "QQ号码")),
    Column("wechat", "微信", aliases=("微信号",)),
    Column("email", "邮箱", aliases=("电子邮箱", "电子邮件", "EMAIL", "E-MAIL", "MAIL")),
    Column(
        "parent_contact",
        "家长联系方式",
        aliases=(
            "家长电话",
            "家长手机",
            "家长联系电话",
            "家长手机号",
            "监护人电话",
            "监护人联系方式",
            "家庭联系电话",
        ),
        help_text=_("家长姓名和电话，如 赵建国 13900001111"),
    ),
    Column(
        "placement_mode",
        "安置方式",
        aliases=("安置类型",),
        help_text=_("学校统一安置 / 自主就业 / 升学 / 参军 / 其他"),
    ),
    Column(
        "destination",
        "毕业去向",
        aliases=("去向", "就业去向"),
        help_text=_("名称或教育部代码，如 11 签劳动合同形式就业"),
    ),
    Column(
        "employer_name",
        "单位名称",
        aliases=("就业单位", "工作单位", "用人单位", "企业名称", "就业单位名称", "单位"),
        help_text=_("填写后，该毕业生在此单位的在职记录被更新，或新建一条在职记录"),
    ),
    Column("credit_code", "统一社会信用代码", aliases=("信用代码", "社会信用代码", "单位信用代码")),
    Column(
        "employer_nature",
        "单位性质",
        aliases=("企业性质",),
        help_text=_("名称或代码；股份公司、私营企业计为 39 其他企业，事业单位计为 29 其他事业单位"),
    ),
    Column("location", "工作地点", aliases=("就业地点", "工作地址")),
    Column("post", "工作岗位", aliases=("岗位", "就业岗位")),
    Column("title", "职务"),
    Column(
        "monthly_salary",
        "月薪",
        aliases=("工资", "月工资", "工资待遇", "薪资", "薪酬"),
        help_text=_("元，不能为负数"),
    ),
    Column(
        "start_date",
        "入职日期",
        aliases=("入职时间", "到岗时间", "到岗日期", "就业时间"),
        help_text=_("新建在职记录时必填；只写年月时按该月 1 日"),
    ),
)

COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
REQUIRED_KEYS = tuple(column.key for column in COLUMNS if column.required)


def header_key(text: str) -> str:
    """The comparable form of a header: width, spaces, required marks and a bracketed unit removed.

    '月薪（元）', ' 学 号 *', '*学号' and '学号(必填)' become '月薪', '学号', '学号', '学号'.
    """
    text = unicodedata.normalize("NFKC", str(text))
    text = re.sub(r"\([^)]*\)", "", text)
    text = re.sub(r"[\s*:：]", "", text)
    return text.upper()


def _alias_table() -> dict[str, tuple[str, int]]:
    # key → (column key, priority): the template's own header beats a variant when a file has both.
    table: dict[str, tuple[str, int]] = {}
    for column in COLUMNS:
        table[header_key(column.header)] = (column.key, 0)
        for priority, alias in enumerate(column.aliases, start=1):
            table.setdefault(header_key(alias), (column.key, priority))
    return table


ALIASES = _alias_table()


def match_header(text) -> tuple[str, int] | None:
    """(column key, priority) for a header cell, or None when it is not one of ours."""
    if text is None:
        return None
    return ALIASES.get(header_key(text))
