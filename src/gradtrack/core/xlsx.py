"""One writer for every .xlsx export: headers then rows, cells that a spreadsheet would run as formulas neutralised."""

import datetime
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Column widths in characters: room for the filter button, and no column wider than a screen's third.
MIN_COLUMN_WIDTH = 8
MAX_COLUMN_WIDTH = 50
COLUMN_MARGIN = 4
DATE_WIDTH = 10
DATETIME_WIDTH = 16
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# Characters Excel forbids in a sheet name (openpyxl raises ValueError on them), and its length limit.
SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")
SHEET_TITLE_MAX = 31


def neutralise(value):
    """A text cell starting with = + - @ is prefixed with ' so that no spreadsheet evaluates it."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def sheet_title(text: str) -> str:
    """A sheet name Excel accepts, whatever a department or chart is called: forbidden characters replaced,
    cut to 31 characters, never empty, never starting with an apostrophe (which Excel reserves)."""
    title = SHEET_TITLE_FORBIDDEN.sub("_", str(text)).strip().lstrip("'")[:SHEET_TITLE_MAX]
    return title or "Sheet1"


def append_row(sheet: Worksheet, values: Iterable) -> list:
    """Every row of every export goes through here: captions and headers as much as the data."""
    row = [neutralise(str(value) if isinstance(value, Promise) else value) for value in values]
    sheet.append(row)
    return row


def write_xlsx(headers: Sequence[str], rows: Iterable[Sequence], *, title: str = "Sheet1") -> bytes:
    """An export as people use it: bold header frozen above an autofilter, columns as wide as their contents."""
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = sheet_title(title)
    append_row(sheet, headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [display_width(header) for header in headers]
    for row in rows:
        values = append_row(sheet, row)
        for index, value in enumerate(values[: len(widths)]):
            widths[index] = max(widths[index], display_width(value))
    _lay_out(sheet, widths)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def display_width(value) -> int:
    """How many character widths a value takes in a spreadsheet (CJK and full-width characters count two)."""
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return DATETIME_WIDTH
    if isinstance(value, datetime.date):
        return DATE_WIDTH
    text = str(value)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _lay_out(sheet, widths: list[int]) -> None:
    """Sensible widths (a margin for the filter button, capped), the header frozen and filtered."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(
            MAX_COLUMN_WIDTH, max(MIN_COLUMN_WIDTH, width + COLUMN_MARGIN)
        )
    sheet.freeze_panes = "A2"
    if widths:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{max(sheet.max_row, 1)}"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(filename: str) -> str:
    from urllib.parse import quote

    return quote(filename)
