"""The shared report frame: cover, contents, page numbers, numbered headings, page-wide tables, 落款."""

import datetime
import io
import shutil
import subprocess

import pytest
from docx import Document

from gradtrack.stats import docframe

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DAY = datetime.date(2026, 12, 1)

needs_office = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice and poppler-utils are installed by `make test` (system-packages)",
)


@pytest.mark.parametrize(
    "number, text",
    [(1, "一"), (5, "五"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (35, "三十五"), (99, "九十九")],
)
def test_headings_count_in_chinese(number, text):
    assert docframe.chinese_number(number) == text


@pytest.mark.parametrize("number", [0, 100])
def test_numbers_outside_one_to_ninety_nine_are_refused(number):
    with pytest.raises(ValueError):
        docframe.chinese_number(number)


def test_a_date_is_written_without_leading_zeros():
    assert docframe.chinese_date(datetime.date(2026, 9, 5)) == "2026年9月5日"


def _frame() -> docframe.ReportFrame:
    frame = docframe.ReportFrame()
    frame.cover(
        title="某校2026届毕业生就业质量报告", year=2026, issuer="学生就业指导中心", date=DAY, school="某校"
    )
    frame.contents()
    frame.heading("前言", numbered=False)
    frame.paragraph("前言正文。")
    frame.heading("基本情况")
    frame.subheading("毕业生人数")
    frame.subheading("专业分布")
    frame.table(["专业", "人数"], [["数控技术应用", 10], ["会计", None]])
    frame.heading("就业状况")
    frame.subheading("就业率")
    frame.appendix("附表1 各专业就业情况")
    frame.signature(issuer="学生就业指导中心", date=DAY)
    return frame


def test_headings_are_numbered_without_gaps_and_subheadings_restart():
    frame = _frame()
    assert frame.headings == [
        (1, "前言"),
        (1, "一、基本情况"),
        (2, "（一）毕业生人数"),
        (2, "（二）专业分布"),
        (1, "二、就业状况"),
        (2, "（一）就业率"),
        (1, "附表1 各专业就业情况"),
    ]


def test_the_saved_document_has_a_contents_field_listing_every_heading():
    document = Document(io.BytesIO(_frame().save(pages={"一、基本情况": 3})))
    body = document.element.body
    instructions = [t.text for t in body.iter(f"{W}instrText")]
    assert any("TOC" in text for text in instructions)
    texts = [p.text for p in document.paragraphs]
    start = texts.index("目　录")
    assert texts[start + 1 : start + 3] == ["前言\t", "一、基本情况\t3"]
    assert "附表1 各专业就业情况\t" in texts
    assert document.settings.element.find(f"{W}updateFields") is not None


def test_the_footer_carries_a_page_field_and_the_cover_has_none():
    document = Document(io.BytesIO(_frame().save()))
    section = document.sections[0]
    assert section.different_first_page_header_footer
    footer_instructions = [t.text.strip() for t in section.footer._element.iter(f"{W}instrText")]
    assert footer_instructions == ["PAGE"]
    assert not section.first_page_footer.paragraphs[0].text


def test_the_signature_leaves_room_for_the_seal_and_dates_in_chinese():
    texts = [p.text for p in Document(io.BytesIO(_frame().save())).paragraphs]
    assert texts[-1] == "2026年12月1日"
    assert texts[-2] == "学生就业指导中心"
    assert "（盖章）" in texts[-7:]


def test_a_table_is_as_wide_as_the_text_and_repeats_its_header():
    document = Document(io.BytesIO(_frame().save()))
    table = document.tables[0]
    width = table._tbl.tblPr.find(f"{W}tblW")
    assert (width.get(f"{W}type"), width.get(f"{W}w")) == ("pct", "5000")
    assert table.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None
    assert [c.text for c in table.rows[2].cells] == ["会计", "—"]


def test_heading_pages_skips_the_contents_and_finds_each_heading_in_the_body():
    headings = [(1, "前言"), (1, "一、基本情况"), (2, "（一）毕业生人数")]
    pdf_text = "\f".join(
        [
            "某校\n封面",
            "目 录\n前言 ....\n一、基本情况\n（一）毕业生人数",
            "前 言\n正文",
            "一、基本情况\n（一）毕业生人数\n正文",
            "末页",
        ]
    )
    assert docframe.heading_pages(pdf_text, headings) == {"前言": 3, "一、基本情况": 4, "（一）毕业生人数": 4}


@needs_office
def test_libreoffice_shows_the_cover_the_contents_and_the_signature(tmp_path):
    from gradtrack.stats.documents import docx_to_pdf

    path = tmp_path / "frame.pdf"
    path.write_bytes(docframe.pdf_with_contents_pages(_frame(), docx_to_pdf))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()
    pages = ["".join(page.split()) for page in text.split("\f")]
    assert "某校2026届毕业生就业质量报告" in pages[0]
    assert "目录" in pages[1]
    # The contents show the body's page numbers (the body begins on page 3, the appendix on page 4).
    assert "一、基本情况" in pages[1] and "附表1各专业就业情况" in pages[1]
    contents_lines = ["".join(line.split()) for line in text.split("\f")[1].splitlines()]
    assert any(line.startswith("一、基本情况") and line.endswith("3") for line in contents_lines), (
        contents_lines
    )
    assert any(line.startswith("附表1") and line.endswith("4") for line in contents_lines), contents_lines
    assert "—2—" in pages[1]  # the page number in the footer
    assert "（盖章）" in text and "2026年12月1日" in pages[-2] + pages[-1]
