"""Reading a roster workbook as schools keep them: title rows, a header row, data, blank rows, a footer."""

import re
import zipfile
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import IO, Any
from xml.etree.ElementTree import ParseError

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from gradtrack.imports import cells
from gradtrack.imports.columns import COLUMNS_BY_KEY, REQUIRED_KEYS, header_key, match_header

HEADER_SEARCH_ROWS = 10
# Stop after this many blank rows in a row: a sheet formatted down to row 1,048,576 has no more data.
BLANK_RUN_LIMIT = 1000
# A row whose 学号 and 姓名 are empty and that carries one of these is a signature or total line.
FOOTER_RE = re.compile(
    r"^(制表|填表|填报|审核|审批|复核|校对|核对|负责人|主管|经办|统计人|日期|签字|签名|盖章|公章|"
    r"[(（]?(单位|学校)?盖章|合计|总计|共计|小计|备注|说明|注[:：])"
)
EXAMPLE_PREFIX = "示例"


class RosterError(Exception):
    """The file as a whole cannot be imported (not an .xlsx workbook, no header, too many rows)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class RosterRow:
    number: int  # as Excel numbers it
    values: dict[str, Any]  # column key → the cell's value as openpyxl read it


@dataclass
class Roster:
    file_name: str
    sheet_title: str
    header_row: int
    headers: dict[str, str]  # column key → the header as written in the file
    rows: list[RosterRow] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)
    skipped_rows: list[int] = field(default_factory=list)  # footer, repeated header and example rows

    def header_of(self, key: str) -> str:
        return self.headers.get(key) or COLUMNS_BY_KEY[key].header


def _check_unpacked_size(source: IO[bytes]) -> None:
    """Refuse a zip bomb before anything is unpacked: zipfile never inflates a member past its declared size."""
    try:
        with zipfile.ZipFile(source) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: load_workbook says so in its own words
    finally:
        source.seek(0)
    limit = settings.IMPORT_MAX_UNPACKED_BYTES
    if unpacked > limit:
        raise RosterError(
            _("文件解压后达 %(size)s，超过上限 %(limit)s，可能已损坏或不是正常的名单文件。")
            % {"size": filesizeformat(unpacked), "limit": filesizeformat(limit)}
        )


def open_workbook(source: IO[bytes]):
    _check_unpacked_size(source)
    try:
        return load_workbook(source, read_only=True, data_only=True)
    except (
        zipfile.BadZipFile,
        InvalidFileException,
        ParseError,
        KeyError,
        OSError,
        ValueError,
        TypeError,
    ) as exc:
        raise RosterError(
            _(
                "无法读取该文件：它不是有效的 Excel 工作簿（.xlsx）。"
                "如果是旧版 .xls 文件，请在 Excel 或 WPS 中“另存为”.xlsx 后再上传。"
            )
        ) from exc


def check_workbook(source: IO[bytes]) -> None:
    """Raise RosterError unless the file opens as an .xlsx workbook (a quick check at upload)."""
    open_workbook(source).close()


def read_roster(source: IO[bytes], *, file_name: str, max_rows: int | None = None) -> Roster:
    workbook = open_workbook(source)
    try:
        for sheet in workbook.worksheets:
            if sheet.sheet_state != "visible":
                continue  # e.g. the template's hidden list of options
            roster = _read_sheet(sheet, file_name=file_name, max_rows=max_rows)
            if roster is not None:
                return roster
    except (zipfile.BadZipFile, ParseError, KeyError, OSError, ValueError) as exc:
        # ParseError: malformed XML, or an entity bomb refused by the parser (defusedxml, expat's limits).
        raise RosterError(_("文件已损坏，无法读取其中的数据。")) from exc
    finally:
        workbook.close()
    raise RosterError(
        _("没有找到表头：前 %(n)s 行中没有包含“学号”“姓名”“系部”等列名的行。可下载导入模板对照。")
        % {"n": HEADER_SEARCH_ROWS}
    )


def _find_header(rows: list[tuple]) -> tuple[int, dict[str, int], dict[str, str], list[str]] | None:
    best = None
    for index, row in enumerate(rows):
        found: dict[str, tuple[int, int, str]] = {}
        for column, value in enumerate(row):
            matched = match_header(value) if isinstance(value, str) else None
            if matched is None:
                continue
            key, priority = matched
            if key not in found or priority < found[key][0]:
                found[key] = (priority, column, cells.text(value).strip("*＊ "))
        if len(found) >= 2 and (best is None or len(found) > len(best[1])):
            best = (index, found, row)
    if best is None:
        return None
    index, found, row = best
    positions = {key: column for key, (_p, column, _t) in found.items()}
    headers = {key: header for key, (_p, _c, header) in found.items()}
    used = set(positions.values())
    ignored = [
        cells.text(value)
        for column, value in enumerate(row)
        if column not in used and not cells.is_blank(value)
    ]
    return index, positions, headers, ignored


def _read_sheet(sheet, *, file_name: str, max_rows: int | None) -> Roster | None:
    sheet.reset_dimensions()  # some writers record a wrong sheet size; read to the real end
    rows = sheet.iter_rows(values_only=True)
    head = list(islice(rows, HEADER_SEARCH_ROWS))
    found = _find_header(head)
    if found is None:
        return None
    header_index, positions, headers, ignored = found
    missing = [COLUMNS_BY_KEY[key].header for key in REQUIRED_KEYS if key not in positions]
    if missing:
        raise RosterError(
            _("表头（第 %(row)s 行）缺少必填列：%(columns)s。")
            % {"row": header_index + 1, "columns": "、".join(missing)}
        )
    roster = Roster(
        file_name=file_name,
        sheet_title=sheet.title,
        header_row=header_index + 1,
        headers=headers,
        ignored_headers=ignored,
    )
    blank_run = 0
    for number, row in enumerate(chain(head[header_index + 1 :], rows), start=header_index + 2):
        if all(cells.is_blank(value) for value in row):
            blank_run += 1
            if blank_run >= BLANK_RUN_LIMIT:
                break
            continue
        blank_run = 0
        values = {key: (row[column] if column < len(row) else None) for key, column in positions.items()}
        if _is_skipped(row, values):
            roster.skipped_rows.append(number)
            continue
        roster.rows.append(RosterRow(number, values))
        if max_rows is not None and len(roster.rows) > max_rows:
            raise RosterError(
                _("文件的数据行超过上限 %(max)s 行；请拆分为多个文件分别导入。") % {"max": max_rows}
            )
    return roster


def _is_skipped(row: tuple, values: dict[str, Any]) -> bool:
    first = next(value for value in row if not cells.is_blank(value))
    if isinstance(first, str) and FOOTER_RE.match(cells.text(first)):
        return True  # '制表人：…  审核：…  日期：…'
    student_no = values.get("student_no")
    if isinstance(student_no, str):
        if header_key(student_no) == header_key(COLUMNS_BY_KEY["student_no"].header):
            return True  # the header repeated on every printed page
        if cells.text(student_no).startswith(EXAMPLE_PREFIX):
            return True  # the template's example row
    return False
