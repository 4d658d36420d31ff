"""Reading a roster as schools keep them — .xlsx, .xls (old Excel and WPS) or .csv (UTF-8 or GBK) — through one
reader: title rows, a header row, data, blank rows, a footer.

The spreadsheet formats are read by calamine (python-calamine), which does not expand XML entities (an entity
bomb is refused as malformed XML). calamine holds a sheet as one dense block from its first to its last cell with
a value, so a sheet with one stray value at XFD1048576 would need hundreds of gigabytes: the cell budget
(settings.IMPORT_MAX_CELLS) is checked before a sheet is loaded (.xlsx: a scan of the sheet's XML; .xls: its
size is bounded by the format, the block is measured before any cell is converted), and the unpacked-size budget
(settings.IMPORT_MAX_UNPACKED_BYTES) before an .xlsx is opened — together they keep a preview to seconds.
"""

import codecs
import csv
import io
import posixpath
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import IO, Any
from xml.etree.ElementTree import ParseError

from defusedxml import ElementTree
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

from gradtrack.imports import cells
from gradtrack.imports.columns import COLUMNS_BY_KEY, REQUIRED_KEYS, header_key, match_header

# What the upload form accepts; the reader decides by the file's content, the name only tells CSV from junk.
SUFFIXES = (".xlsx", ".xls", ".csv")
HEADER_SEARCH_ROWS = 10
# Stop after this many blank rows in a row: a sheet formatted down to row 1,048,576 has no more data.
BLANK_RUN_LIMIT = 1000
# A row whose 学号 and 姓名 are empty and that carries one of these is a signature or total line.
FOOTER_RE = re.compile(
    r"^(制表|填表|填报|审核|审批|复核|校对|核对|负责人|主管|经办|统计人|日期|签字|签名|盖章|公章|"
    r"[(（]?(单位|学校)?盖章|合计|总计|共计|小计|备注|说明|注[:：])"
)
EXAMPLE_PREFIX = "示例"

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (BIFF), and also a password-protected .xlsx
# Excel on a Chinese Windows saves "CSV" in GBK; GB18030 is its superset and decodes every GBK file.
CSV_ENCODINGS = ("utf-8-sig", "gb18030")
CSV_DELIMITERS = ",\t;"
SCAN_CHUNK = 8 * 1024 * 1024
WORKSHEET_RELATION = "/worksheet"
RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# How calamine finds a cell: its r="B7" attribute, else the position after the cell (or row) before it.
CELL_TAG = re.compile(rb"<c[\s/>]|:c[\s/>]")
CELL_COLUMNS = re.compile(rb'<c r="([A-Z]{1,3})[0-9]{1,7}"')
CELL_ROWS = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})"')
# A cell with content (calamine leaves out cells that only carry a style).
_CONTENT = rb'"[^>]*?(?<!/)>\s*<[vif]'
VALUE_COLUMNS = re.compile(rb'<c r="([A-Z]{1,3})[0-9]{1,7}' + _CONTENT)
VALUE_ROWS = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})' + _CONTENT)
# Any writer's cells and rows (namespace prefixes, attributes in any order, positions left out): slower.
ANY_TAG = re.compile(rb"<(?:[\w.-]+:)?(c|row)[\s/>]([^>]*)")
ANY_REF = re.compile(rb'\sr="([A-Z]{0,3})([0-9]{1,7})"')


class RosterError(Exception):
    """The file as a whole cannot be imported (not a roster file, no header, over a limit)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class RosterRow:
    number: int  # as Excel numbers it (the line number in a CSV file)
    values: dict[str, Any]  # column key → the cell's value as read ("" or None when empty)


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


@dataclass(frozen=True)
class _Sheet:
    title: str
    rows: Iterable[Sequence]


def _not_a_roster() -> RosterError:
    return RosterError(
        _(
            "无法读取该文件：它不是有效的 Excel 工作簿（.xlsx、.xls）或 CSV 文件。"
            "请在 Excel 或 WPS 中打开名单，“另存为”.xlsx 后再上传。"
        )
    )


def _damaged() -> RosterError:
    return RosterError(_("文件已损坏，无法读取其中的数据。"))


def _over_cell_budget(rows: int, columns: int) -> RosterError:
    limit = settings.IMPORT_MAX_CELLS
    return RosterError(
        _(
            "工作表的数据区域达 %(rows)s 行 × %(columns)s 列（%(cells)s 个单元格），超过上限 %(limit)s 个单元格；"
            "请删除表格下方和右侧多余的内容（或只复制名单到新的工作表）后再上传。"
        )
        % {
            "rows": f"{rows:,}",
            "columns": f"{columns:,}",
            "cells": f"{rows * columns:,}",
            "limit": f"{limit:,}",
        }
    )


# --- formats ---------------------------------------------------------------------------------------------


def _sheets(source: IO[bytes], file_name: str) -> Iterator[_Sheet]:
    head = source.read(len(OLE_MAGIC))
    source.seek(0)
    if head.startswith(ZIP_MAGIC):
        _check_xlsx_budget(source)
        return _workbook_sheets(source)
    if head == OLE_MAGIC:
        return _workbook_sheets(source, measure=True)
    if file_name.lower().endswith(".csv"):
        return iter([_csv_sheet(source, file_name)])
    raise _not_a_roster()


def _workbook_sheets(source: IO[bytes], *, measure: bool = False) -> Iterator[_Sheet]:
    """The visible worksheets, each loaded only when the one before had no header.

    measure: check the cell budget on the loaded block, before any cell becomes a Python value (.xls, whose
    format bounds a sheet to 65,536 × 256 cells; an .xlsx was measured before it was opened).
    """
    try:
        workbook = CalamineWorkbook.from_filelike(source)
    except PasswordError as exc:
        raise RosterError(_("文件设置了打开密码；请在 Excel 或 WPS 中取消密码后再上传。")) from exc
    except (CalamineError, OSError, ValueError) as exc:
        raise _not_a_roster() from exc
    return _loaded_sheets(workbook, measure=measure)


def _loaded_sheets(workbook: CalamineWorkbook, *, measure: bool) -> Iterator[_Sheet]:
    with workbook:
        for metadata in workbook.sheets_metadata:
            if metadata.visible != SheetVisibleEnum.Visible or metadata.typ != SheetTypeEnum.WorkSheet:
                continue  # e.g. the template's hidden list of options
            try:
                sheet = workbook.get_sheet_by_name(metadata.name)
            except (CalamineError, OSError, ValueError) as exc:
                raise _damaged() from exc
            if measure and sheet.height * sheet.width > settings.IMPORT_MAX_CELLS:
                raise _over_cell_budget(sheet.height, sheet.width)
            # iter_rows starts at row 1 (so row numbers stay as Excel shows them) and converts row by row
            yield _Sheet(metadata.name, sheet.iter_rows())


def _csv_sheet(source: IO[bytes], file_name: str) -> _Sheet:
    content = source.read()
    for encoding in CSV_ENCODINGS:
        try:
            text = codecs.decode(content, encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise RosterError(_("无法识别 CSV 文件的编码；请以 UTF-8 或 GBK（ANSI）编码保存后再上传。"))
    if "\0" in text:
        raise _not_a_roster()
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=CSV_DELIMITERS)
    except csv.Error:
        dialect = csv.excel
    return _Sheet(posixpath.splitext(file_name)[0], csv.reader(io.StringIO(text, newline=""), dialect))


# --- budgets ---------------------------------------------------------------------------------------------


def _check_xlsx_budget(source: IO[bytes]) -> None:
    """Refuse a zip bomb before anything is unpacked (zipfile never inflates a member past its declared size),
    then a sheet whose block of cells is over the cell budget before calamine allocates it."""
    try:
        with zipfile.ZipFile(source) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
            limit = settings.IMPORT_MAX_UNPACKED_BYTES
            if unpacked > limit:
                raise RosterError(
                    _("文件解压后达 %(size)s，超过上限 %(limit)s，可能已损坏或不是正常的名单文件。")
                    % {"size": filesizeformat(unpacked), "limit": filesizeformat(limit)}
                )
            for name in _worksheet_members(archive):
                rows, columns = _sheet_span(archive, name)
                if rows * columns > settings.IMPORT_MAX_CELLS:
                    raise _over_cell_budget(rows, columns)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ParseError, KeyError, OSError, ValueError, EOFError):
        pass  # calamine then says the file is not a workbook (or damaged) in its own words
    finally:
        source.seek(0)


def _worksheet_members(archive: zipfile.ZipFile) -> list[str]:
    """The worksheets' parts as the workbook's relationships name them (any part a sheet, when they do not)."""
    names = set(archive.namelist())
    try:
        relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ParseError, ValueError):
        return sorted(name for name in names if name.endswith(".xml"))
    members = []
    for relation in relations.iter(f"{RELS_NS}Relationship"):
        if not relation.get("Type", "").endswith(WORKSHEET_RELATION):
            continue
        target = relation.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
        if path in names:
            members.append(path)
    return members


def _xml_chunks(archive: zipfile.ZipFile, name: str) -> Iterator[bytes]:
    """The part in pieces that each end after a '>' so that no tag is cut in two."""
    with archive.open(name) as member:
        tail = b""
        while chunk := member.read(SCAN_CHUNK):
            data = tail + chunk
            cut = data.rfind(b">") + 1
            tail = data[cut:]
            yield data[:cut]
        if tail:
            yield tail


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number


def _sheet_span(archive: zipfile.ZipFile, name: str) -> tuple[int, int]:
    """(rows, columns) from A1 to the farthest cell calamine would place — an upper bound of its block."""
    rows, columns, found, tags = _span(archive, name, CELL_ROWS, CELL_COLUMNS)
    if found != tags:
        return _span_of_any_writer(archive, name)
    if rows * columns > settings.IMPORT_MAX_CELLS:
        # Styled empty cells far out (WPS writes them) do not count: calamine leaves them out.
        rows, columns, _found, _tags = _span(archive, name, VALUE_ROWS, VALUE_COLUMNS)
    return rows, columns


def _span(archive, name, rows_pattern: re.Pattern, columns_pattern: re.Pattern) -> tuple[int, int, int, int]:
    max_row = max_column = found = tags = 0
    for data in _xml_chunks(archive, name):
        tags += len(CELL_TAG.findall(data))
        row_numbers = rows_pattern.findall(data)
        if not row_numbers:
            continue
        found += len(row_numbers)
        max_row = max(max_row, max(map(int, set(row_numbers))))
        max_column = max(max_column, max(map(_column_number, set(columns_pattern.findall(data)))))
    return max_row, max_column, found, tags


def _span_of_any_writer(archive: zipfile.ZipFile, name: str) -> tuple[int, int]:
    max_row = max_column = row = column = 0
    for data in _xml_chunks(archive, name):
        for tag, attributes in ANY_TAG.findall(data):
            ref = ANY_REF.search(b" " + attributes)
            if tag == b"row":
                row = int(ref.group(2)) if ref else row + 1
                column = 0
            else:
                if ref and ref.group(1):
                    row, column = int(ref.group(2)), _column_number(ref.group(1))
                else:
                    column += 1
                max_column = max(max_column, column)
            max_row = max(max_row, row)
    return max_row, max_column


# --- reading ---------------------------------------------------------------------------------------------


def _close(sheets: Iterator[_Sheet]) -> None:
    close = getattr(sheets, "close", None)  # a workbook's generator; a CSV file is a plain iterator
    if close is not None:
        close()


def check_workbook(source: IO[bytes], *, file_name: str = "") -> None:
    """Raise RosterError unless the file opens as a roster file within the budgets (a quick check at upload)."""
    _close(_sheets(source, file_name))
    source.seek(0)


def read_roster(source: IO[bytes], *, file_name: str, max_rows: int | None = None) -> Roster:
    sheets = _sheets(source, file_name)
    try:
        for sheet in sheets:
            roster = _read_sheet(sheet, file_name=file_name, max_rows=max_rows)
            if roster is not None:
                return roster
    except (CalamineError, csv.Error, OSError, ValueError) as exc:
        raise _damaged() from exc
    finally:
        _close(sheets)
    raise RosterError(
        _("没有找到表头：前 %(n)s 行中没有包含“学号”“姓名”“系部”等列名的行。可下载导入模板对照。")
        % {"n": HEADER_SEARCH_ROWS}
    )


def _find_header(rows: list[Sequence]) -> tuple[int, dict[str, int], dict[str, str], list[str]] | None:
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


def _read_sheet(sheet: _Sheet, *, file_name: str, max_rows: int | None) -> Roster | None:
    rows = iter(sheet.rows)
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
    cell_count = sum(len(row) for row in head[: header_index + 1])
    for number, row in enumerate(chain(head[header_index + 1 :], rows), start=header_index + 2):
        cell_count += len(row)
        if cell_count > settings.IMPORT_MAX_CELLS:  # a CSV file's lines are only counted as they are read
            raise _over_cell_budget(number, max(len(row), len(head[header_index])))
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


def _is_skipped(row: Sequence, values: dict[str, Any]) -> bool:
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
