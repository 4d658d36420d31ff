"""Reading one cell of a school's roster: plain values in, a clean value out or a CellError saying why not.

Pure functions (no database), so every format a roster may contain is a table-driven test case.
"""

import datetime
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

# Excel's serial day numbers for 1960-01-01 … 2099-12-31: a date cell that lost its date format.
EXCEL_SERIAL_RANGE = (21916, 73050)
# A float keeps 15 significant digits: an 18-digit 身份证号 stored as a number has lost its last digits.
FLOAT_EXACT_LIMIT = 10**15
WHITESPACE = re.compile(r"\s+")
CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
# The apostrophe our exports put before = + - @ so that no spreadsheet runs the cell (core.xlsx.neutralise):
# taken off again, so that an exported list imports unchanged.
NEUTRALISED = re.compile(r"^'(?=[=+\-@])")


class CellError(ValueError):
    """The cell cannot be read; the message is shown to the user as the reason."""


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _number_text(value) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            if abs(value) >= FLOAT_EXACT_LIMIT:
                raise CellError(
                    _("Excel 把它存成了数字，超过 15 位的部分已丢失；请把该列设为“文本”格式后重新填写")
                )
            return str(int(value))
        return repr(value)
    return str(value)


def text(value) -> str:
    """Free text: surrounding and repeated spaces (also the full-width space) removed."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        value = _number_text(value)
    if isinstance(value, datetime.datetime | datetime.date):
        value = value.isoformat()
    return NEUTRALISED.sub("", WHITESPACE.sub(" ", str(value).replace("\u3000", " ")).strip())


def halfwidth_text(value) -> str:
    """Free text whose full-width digits and letters become ASCII ('２１级数控１班' → '21级数控1班')."""
    return text(unicodedata.normalize("NFKC", text(value)))


def person_name(value) -> str:
    """A name as rosters pad it for alignment: '李  明' → '李明'; 'Ayi Mu' keeps its space."""
    return CJK_SPACE.sub("", text(value))


def code(value) -> str:
    """An identifier (学号, QQ, codes): ASCII, no spaces; a number cell keeps all its digits or is refused."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        value = _number_text(value)
    return NEUTRALISED.sub("", re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value))))


def _date_or_error(year: int, month: int, day: int, raw) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError as exc:
        raise CellError(_("日期“%(value)s”不存在") % {"value": raw}) from exc


def _unreadable(raw) -> CellError:
    return CellError(
        _("无法识别的日期“%(value)s”：请写成 2024-06-30、2024/06/30、2024年6月30日、2024-06 或 2024年6月")
        % {"value": raw}
    )


TEXT_DATE_PATTERNS = (
    re.compile(r"^(?P<y>\d{4})[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})$"),
    re.compile(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]?$"),
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$"),
    re.compile(r"^(?P<y>\d{4})[-./](?P<m>\d{1,2})$"),
    re.compile(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月?份?$"),
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})$"),
    re.compile(r"^(?P<y>\d{4})[年届]?$"),
)


def date_parts(value) -> tuple[int, int | None, int | None]:
    """(year, month, day) of a date cell in any of the forms rosters use; month and day may be missing."""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.year, value.month, value.day
    if isinstance(value, bool):
        raise _unreadable(value)
    if isinstance(value, int | float):
        return _numeric_date_parts(value)
    raw = text(value)
    cleaned = re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw))
    cleaned = re.sub(r"[T ]?\d{1,2}:\d{2}(:\d{2})?$", "", cleaned)  # '2024-06-30 00:00:00'
    for pattern in TEXT_DATE_PATTERNS:
        match = pattern.match(cleaned)
        if match:
            parts = match.groupdict()
            month = int(parts["m"]) if parts.get("m") else None
            day = int(parts["d"]) if parts.get("d") else None
            return _checked(int(parts["y"]), month, day, raw)
    raise _unreadable(raw)


def _numeric_date_parts(value: int | float) -> tuple[int, int | None, int | None]:
    if isinstance(value, float) and not value.is_integer():
        whole = int(value)
        if EXCEL_SERIAL_RANGE[0] <= whole <= EXCEL_SERIAL_RANGE[1]:
            moment = from_excel(value)
            return moment.year, moment.month, moment.day
        # 2024.6 typed into a number cell: year.month. 2024.1 may have been typed as 2024.10 (October).
        year_text, month_text = repr(value).split(".")
        if month_text == "1":
            raise CellError(
                _(
                    "“%(value)s”可能是 %(year)s 年 1 月，也可能是 10 月（数字格式会去掉末尾的 0）；请写成 2024-10 或 2024年10月"
                )
                % {"value": value, "year": year_text}
            )
        return _checked(int(year_text), int(month_text), None, value)
    number = int(value)
    if EXCEL_SERIAL_RANGE[0] <= number <= EXCEL_SERIAL_RANGE[1]:
        moment = from_excel(number)
        return moment.year, moment.month, moment.day
    digits = str(number)
    if len(digits) == 4:
        return _checked(number, None, None, value)
    if len(digits) == 6:
        return _checked(int(digits[:4]), int(digits[4:]), None, value)
    if len(digits) == 8:
        return _checked(int(digits[:4]), int(digits[4:6]), int(digits[6:]), value)
    raise _unreadable(value)


def _checked(year: int, month: int | None, day: int | None, raw) -> tuple[int, int | None, int | None]:
    if not 1950 <= year <= 2100:
        raise _unreadable(raw)
    if month is not None and not 1 <= month <= 12:
        raise CellError(_("日期“%(value)s”的月份不在 1～12 之间") % {"value": raw})
    if day is not None:
        _date_or_error(year, month or 1, day, raw)
    return year, month, day


def a_date(value) -> datetime.date:
    """A day (入职日期). Only a year and month ('2024-07', '2024年7月') means the first of that month."""
    year, month, day = date_parts(value)
    if month is None:
        raise CellError(
            _("“%(value)s”只有年份；请至少写到月份，如 2024-07 或 2024年7月") % {"value": text(value)}
        )
    return _date_or_error(year, month, day or 1, value)


def year_and_month(value) -> tuple[int, int | None]:
    """毕业时间: (year, month); a bare year ('2024', '2024届') leaves the month to the default."""
    year, month, _day = date_parts(value)
    return year, month


SALARY_NOISE = re.compile(r"[,，\s元￥¥]|RMB|/月|每月|人民币", re.IGNORECASE)


def salary(value) -> Decimal:
    """A monthly salary in yuan: 4500, '4,500', '4500元', '￥4500.00', '４５００'."""
    if isinstance(value, bool):
        raise CellError(_("无法识别的月薪“%(value)s”：请填写数字（元）") % {"value": value})
    if isinstance(value, int | float):
        amount = Decimal(str(value))
    else:
        raw = text(value)
        cleaned = SALARY_NOISE.sub("", unicodedata.normalize("NFKC", raw))
        try:
            amount = Decimal(cleaned)
        except InvalidOperation as exc:
            raise CellError(_("无法识别的月薪“%(value)s”：请填写数字（元）") % {"value": raw}) from exc
    if not amount.is_finite():
        raise CellError(_("无法识别的月薪“%(value)s”：请填写数字（元）") % {"value": value})
    if amount < 0:
        raise CellError(_("月薪不能为负数"))
    return amount.quantize(Decimal("0.01"))


def choice(value, options: dict[str, object], allowed_text: str):
    """A value from a closed list by its label or an accepted variant (compared without spaces or width)."""
    key = lookup_key(value)
    if key in options:
        return options[key]
    raise CellError(
        _("“%(value)s”不是可选值；可填写：%(allowed)s") % {"value": text(value), "allowed": allowed_text}
    )


def lookup_key(value) -> str:
    """How names are compared: width, spaces, bracket style and letter case do not matter."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text(value))).upper()
