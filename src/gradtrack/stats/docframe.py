"""The frame every written report shares (issue 14): cover, contents, page numbers, numbered headings,
page-wide tables and the 落款 with room for the seal. The report modules only say what goes in it.

Usage::

    frame = ReportFrame()                                   # A4, 宋体/黑体 named as East Asian fonts
    frame.cover(title="米易县职业技术学校2026届毕业生就业跟踪报告", year=2026,
                issuer="学生就业指导中心", date=timezone.localdate())   # school name from SchoolProfile
    frame.contents()                                        # 目录: a Word TOC field, entries pre-filled
    frame.heading("基本情况")                               # → "一、基本情况" (Heading 1)
    frame.subheading("毕业生人数")                          # → "（一）毕业生人数" (Heading 2)
    frame.paragraph("2026届共有毕业生……")                  # body text, first line indented two characters
    frame.table(["专业", "人数"], [["数控技术应用", 10]])    # page-wide grid, header row repeated
    frame.picture(png_bytes)                                # a centred chart
    frame.note("数据见附表1。")                            # a small unindented line under a table
    frame.signature(issuer="机电系", date=day)              # 落款: seal space, issuer, 2026年12月1日 (one page)
    frame.appendix("附表1 各专业就业情况")                  # unnumbered heading on a new page, in the contents
    frame.new_section(landscape=True)                       # wide 附表 on landscape pages (then
    frame.appendix("附表2 …", new_page=False)               #   no second page break), numbers continuing
    content: bytes = frame.save()
    pdf: bytes = pdf_with_contents_pages(content, documents.docx_to_pdf)   # contents with page numbers

A body table wider than ``BODY_MAX_COLUMNS`` columns does not fit a portrait page: put it in 附表.

Numbering: ``heading`` counts 一、二、三… in the order the headings are written, so a section left out
leaves no gap; ``subheading`` counts （一）（二）… and restarts under each heading.

Contents: the TOC field (``TOC \\o "1-2" \\h \\z \\u``) is written with its result already filled with the
headings of the document (and their page numbers when ``save(pages=...)`` is given them), so LibreOffice's
PDF conversion, which does not recompute fields, still shows the list; Word is asked to update fields on
opening (``w:updateFields``) and then computes the page numbers itself. ``heading_pages`` reads those page
numbers back from a first PDF's text (pages split by form feeds, as ``pdftotext`` writes them) so that a
second conversion prints them: ``pdf_with_contents_pages(frame_or_docx_bytes, documents.docx_to_pdf)`` does
both (``fill_contents_pages`` writes numbers into a saved .docx).

Page numbers: a PAGE field centred in the footer ("— 3 —"), none on the cover.
"""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

BODY_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
TABLE_FONT_SIZE = Pt(9)
# A body table with more columns than this does not fit a portrait A4 page at 9 pt: it belongs in 附表.
BODY_MAX_COLUMNS = 8
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Cm(21), Cm(29.7), Cm(2.5)
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
PICTURE_WIDTH = Cm(15)

_DIGITS = "零一二三四五六七八九"


def chinese_number(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (1 … 99, as report headings count)."""
    if not 1 <= number <= 99:
        raise ValueError(number)
    tens, units = divmod(number, 10)
    if tens == 0:
        return _DIGITS[units]
    prefix = ("" if tens == 1 else _DIGITS[tens]) + "十"
    return prefix + (_DIGITS[units] if units else "")


def chinese_date(day: datetime.date) -> str:
    """2026-12-01 → 2026年12月1日 (the way a 落款 writes it: no leading zeros)."""
    return _("%(y)s年%(m)s月%(d)s日") % {"y": day.year, "m": day.month, "d": day.day}


def east_asian(style_or_run, name: str) -> None:
    """Name the East Asian font on a style's or run's properties (w:rFonts w:eastAsia)."""
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), name)
    # A theme font (the template's headings have them) would win over the named one in Word.
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)


def new_document():
    """An A4 python-docx document whose styles name 宋体 (body) and 黑体 (headings) for Chinese."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = section.bottom_margin = MARGIN
    for style_name in ("Normal", "Table Grid", "Caption", "Footer"):
        style = document.styles[style_name]
        style.font.name = LATIN_FONT
        style.font.size = Pt(12 if style_name == "Normal" else 10.5)
        east_asian(style, BODY_FONT)
    for style_name, size in (("Title", 22), ("Heading 1", 16), ("Heading 2", 14)):
        style = document.styles[style_name]
        style.font.name = LATIN_FONT
        style.font.size = Pt(size)
        style.font.color.rgb = None
        style.font.bold = True
        east_asian(style, HEADING_FONT)
    return document


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A complex field (begin, instruction, separate, cached result, end) at the end of ``paragraph``."""
    _field_begin(paragraph, instruction)
    if placeholder:
        paragraph.add_run(placeholder)
    _field_char(paragraph, "end")


def _field_char(paragraph, kind: str) -> None:
    run = paragraph.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        char.set(qn("w:dirty"), "true")  # Word recomputes it on opening
    run._r.append(char)


def _field_begin(paragraph, instruction: str) -> None:
    _field_char(paragraph, "begin")
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    _field_char(paragraph, "separate")


class ReportFrame:
    """A report being written: call the methods in reading order, then ``save()``."""

    def __init__(self):
        self.document = new_document()
        self.headings: list[tuple[int, str]] = []  # (level, text) in order, for the contents
        self._chapter = 0
        self._section = 0
        self._contents = None  # the paragraph the contents entries are written before
        self._entries = []  # the contents entries written by the last save
        self._page_numbers_added = False

    # --- Front matter ----------------------------------------------------------------------------------

    def cover(self, *, title: str, year: int, issuer: str, date: datetime.date, school: str = "") -> None:
        """The cover page: school, title, 届, issuer and date, alone on the first page (no page number)."""
        if not school:
            from gradtrack.core.models import SchoolProfile

            school = SchoolProfile.current().name
        document = self.document
        for _blank in range(5):
            document.add_paragraph()
        self._centred(school, size=20, font=HEADING_FONT, bold=True)
        # A long title (a department's) on one line where it can: 24 pt holds about 16 characters.
        self._centred(
            title, size=24 if len(title) <= 16 else 20, font=HEADING_FONT, bold=True, space_before=24
        )
        if str(year) not in title:  # a title that names its 届 already needs no second line saying it
            self._centred(_("（%(year)s届）") % {"year": year}, size=16, font=BODY_FONT)
        for _blank in range(10):
            document.add_paragraph()
        self._centred(issuer, size=16, font=BODY_FONT)
        self._centred(chinese_date(date), size=16, font=BODY_FONT)
        self.page_break()
        self.document.sections[0].different_first_page_header_footer = True
        self._add_page_numbers()

    def contents(self) -> None:
        """目录: a TOC field on its own page; its entries are written by ``save``."""
        self._centred(_("目　录"), size=16, font=HEADING_FONT, bold=True, space_after=12)
        self._contents = self.document.add_paragraph()
        self.page_break()

    # --- Body --------------------------------------------------------------------------------------------

    def heading(self, text: str, *, numbered: bool = True):
        """A level-1 heading numbered 一、二、三… in writing order; ``numbered=False`` for 前言 and the like."""
        if numbered:
            self._chapter += 1
            text = f"{chinese_number(self._chapter)}、{text}"
        self._section = 0
        return self._heading(text, 1)

    def subheading(self, text: str):
        """A level-2 heading numbered （一）（二）… restarting under each heading."""
        self._section += 1
        return self._heading(_("（%(n)s）%(text)s") % {"n": chinese_number(self._section), "text": text}, 2)

    def appendix(self, text: str, *, new_page: bool = True):
        """An appendix heading (附表…): unnumbered, listed in the contents, on a new page (``new_page=False``
        right after ``new_section``, which starts one)."""
        if new_page:
            self.page_break()
        return self._heading(text, 1)

    def paragraph(self, text: str, *, indent: bool = True):
        paragraph = self.document.add_paragraph(text)
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(24)
        return paragraph

    def note(self, text: str):
        """A small unindented line under a table or chart (a source, a caveat)."""
        paragraph = self.document.add_paragraph()
        run = paragraph.add_run(text)
        run.font.size = TABLE_FONT_SIZE
        return paragraph

    def table(self, headers: list[str], rows: list[list], *, widths: list[float] | None = None):
        """A grid as wide as the text, 9 pt, header row bold and repeated on each page. ``widths`` are
        relative column widths (default: first column twice the others). Cells: None → —."""
        document = self.document
        table = document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        properties = table._tbl.tblPr
        width = properties.find(qn("w:tblW"))
        if width is None:
            width = OxmlElement("w:tblW")
            properties.append(width)
        width.set(qn("w:type"), "pct")
        width.set(qn("w:w"), "5000")  # 100 % of the text width
        widths = widths or [2] + [1] * (len(headers) - 1)
        total = sum(widths)
        section = document.sections[-1]
        text_width = section.page_width - section.left_margin - section.right_margin
        column_widths = [int(text_width * share / total) for share in widths]
        header_row = table.rows[0]
        row_properties = header_row._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        row_properties.append(repeat)
        for cell, header in zip(header_row.cells, headers, strict=True):
            self._cell(cell, header, bold=True)
        for row in rows:
            for cell, value in zip(table.add_row().cells, row, strict=True):
                self._cell(cell, value)
        # The grid (what LibreOffice lays out by) and every cell (what Word does) carry the widths.
        for column, column_width in zip(table.columns, column_widths, strict=True):
            column.width = column_width
            for cell in column.cells:
                cell.width = column_width
        document.add_paragraph()
        return table

    def picture(self, png: bytes, *, width=PICTURE_WIDTH):
        """A centred picture (a chart), ``width`` wide, its height by its own proportions."""
        self.document.add_picture(io.BytesIO(png), width=width)
        self.document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER

    def page_break(self) -> None:
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def new_section(self, *, landscape: bool) -> None:
        """The following pages in landscape (for a wide 附表) or back in portrait, page numbers continuing."""
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (
            (PAGE_HEIGHT, PAGE_WIDTH) if landscape else (PAGE_WIDTH, PAGE_HEIGHT)
        )

    # --- 落款 -------------------------------------------------------------------------------------------

    def signature(self, *, issuer: str, date: datetime.date) -> None:
        """The 落款: room for the seal (盖章), then the issuer and the date in 年月日, right-aligned, kept
        together on one page."""
        document = self.document
        lines = [document.add_paragraph()]
        seal = document.add_paragraph(_("（盖章）"))
        seal.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        seal.paragraph_format.right_indent = Cm(2)
        lines.append(seal)
        lines += [document.add_paragraph() for _blank in range(3)]
        for text in (issuer, chinese_date(date)):
            line = document.add_paragraph(text)
            line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            line.paragraph_format.right_indent = Cm(1)
            lines.append(line)
        for line in lines[:-1]:
            line.paragraph_format.keep_with_next = True

    # --- Saving ----------------------------------------------------------------------------------------

    def save(self, *, pages: dict[str, int] | None = None) -> bytes:
        """The .docx; ``pages`` (heading → page number, see ``heading_pages``) fills the contents' numbers."""
        if self._contents is not None:
            self._write_contents(pages or {})
        settings = self.document.settings.element
        if settings.find(qn("w:updateFields")) is None:
            update = OxmlElement("w:updateFields")
            update.set(qn("w:val"), "true")
            settings.append(update)
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()

    # --- Helpers -----------------------------------------------------------------------------------------

    def _heading(self, text: str, level: int):
        paragraph = self.document.add_heading(text, level=level)
        self.headings.append((level, text))
        return paragraph

    def _centred(self, text, *, size, font, bold=False, space_before=0, space_after=6):
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(space_before)
        paragraph.paragraph_format.space_after = Pt(space_after)
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.name = LATIN_FONT
        east_asian(run, font)
        return paragraph

    @staticmethod
    def _cell(cell, value, *, bold=False) -> None:
        cell.text = ""
        run = cell.paragraphs[0].add_run("—" if value is None else str(value))
        run.font.size = TABLE_FONT_SIZE
        run.bold = bold

    def _add_page_numbers(self) -> None:
        if self._page_numbers_added:
            return
        footer = self.document.sections[0].footer
        paragraph = footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run("— ")
        _field(paragraph, "PAGE", "1")
        paragraph.add_run(" —")
        self._page_numbers_added = True

    def _write_contents(self, pages: dict[str, int]) -> None:
        """The TOC field spanning one paragraph per heading: begin + instruction in the first, end after
        the last; the cached result is the heading list, so a converter that keeps results shows it.
        Written before the anchor paragraph, and rewritten when saved again (with page numbers)."""
        for paragraph in self._entries:
            paragraph._p.getparent().remove(paragraph._p)
        entries = self.headings or [(1, "")]
        self._entries = [self._contents.insert_paragraph_before() for _entry in entries]
        _field_begin(self._entries[0], 'TOC \\o "1-2" \\h \\z \\u')
        for paragraph, (level, text) in zip(self._entries, entries, strict=True):
            paragraph.paragraph_format.left_indent = Cm(0 if level == 1 else 0.85)
            paragraph.paragraph_format.tab_stops.add_tab_stop(
                TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
            )
            paragraph.add_run(text)
            page = pages.get(text)
            paragraph.add_run("\t" + (str(page) if page else ""))
        _field_char(self._entries[-1], "end")


def contents_entries(docx: bytes) -> list[tuple[int, str]]:
    """The (level, heading) entries of the contents a saved frame wrote (empty when it has none)."""
    return [(level, text) for level, text, _paragraph in _contents_paragraphs(Document(io.BytesIO(docx)))]


def _contents_paragraphs(document):
    """(level, heading text, paragraph) of each contents entry: the paragraphs from the one holding the TOC
    field's instruction to the one holding its end."""
    entries, inside = [], False
    for paragraph in document.paragraphs:
        element = paragraph._p
        if not inside and any("TOC" in (t.text or "") for t in element.iter(qn("w:instrText"))):
            inside = True
        if inside:
            level = 2 if paragraph.paragraph_format.left_indent else 1
            entries.append((level, paragraph.text.split("\t")[0], paragraph))
            ends = [c for c in element.iter(qn("w:fldChar")) if c.get(qn("w:fldCharType")) == "end"]
            if ends:
                break
    return entries


def fill_contents_pages(docx: bytes, pages: dict[str, int]) -> bytes:
    """The same .docx with the page numbers of ``pages`` (heading → page) written into its contents."""
    document = Document(io.BytesIO(docx))
    for _level, text, paragraph in _contents_paragraphs(document):
        page = pages.get(text)
        tab_runs = [run for run in paragraph.runs if run.text.startswith("\t")]
        if page and tab_runs:
            tab_runs[-1].text = f"\t{page}"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_with_contents_pages(report: ReportFrame | bytes, convert) -> bytes:
    """A frame (or the .docx it saved) as PDF with page numbers in its contents: ``convert`` (docx bytes →
    pdf bytes, e.g. ``documents.docx_to_pdf``) runs once, the headings' pages are read back with pdftotext,
    and it runs again with them filled in (an entry keeps its one line, so the pages do not move). Without
    pdftotext, or without contents, the first conversion is returned."""
    docx = report.save() if isinstance(report, ReportFrame) else report
    pdf = convert(docx)
    pdftotext = shutil.which("pdftotext")
    entries = contents_entries(docx)
    if pdftotext is None or not entries:
        return pdf
    with tempfile.TemporaryDirectory(prefix="gradtrack-contents-") as directory:
        path = Path(directory) / "first.pdf"
        path.write_bytes(pdf)
        result = subprocess.run([pdftotext, str(path), "-"], capture_output=True, check=False, timeout=60)
    pages = heading_pages(result.stdout.decode("utf-8", "replace"), entries)
    return convert(fill_contents_pages(docx, pages)) if pages else pdf


def heading_pages(pdf_text: str, headings: list[tuple[int, str]]) -> dict[str, int]:
    """Page numbers of the headings in a PDF's text (``pdftotext`` output, pages split by form feeds).

    A heading is a line equal to its text (spaces ignored: pdftotext spaces CJK text at will). The contents
    list the same texts earlier on, so the headings are searched from the last one backwards, each on the
    latest page not after the next heading's page. A heading not found is left out."""
    pages = [{"".join(line.split()) for line in page.splitlines()} for page in pdf_text.split("\f")]
    found: dict[str, int] = {}
    limit = len(pages) - 1
    for _level, text in reversed(headings):
        wanted = "".join(text.split())
        for index in range(limit, -1, -1):
            if wanted in pages[index]:
                found[text] = index + 1
                limit = index
                break
    return found
