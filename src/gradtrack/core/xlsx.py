"""One writer for every .xlsx export: headers then rows, cells that a spreadsheet would run as formulas neutralised."""

import io
import re
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
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


def append_row(sheet: Worksheet, values: Iterable) -> None:
    """Every row of every export goes through here: captions and headers as much as the data."""
    sheet.append([neutralise(str(value) if isinstance(value, Promise) else value) for value in values])


def write_xlsx(headers: Sequence[str], rows: Iterable[Sequence], *, title: str = "Sheet1") -> bytes:
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = sheet_title(title)
    append_row(sheet, headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        append_row(sheet, row)
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, len(str(header)) * 2 + 2)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(filename: str) -> str:
    from urllib.parse import quote

    return quote(filename)
