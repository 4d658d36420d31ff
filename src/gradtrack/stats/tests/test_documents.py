"""The reports as documents: Chinese text, tables and charts that LibreOffice and pdftotext read back."""

import io
import shutil
import subprocess

import pytest
from docx import Document

from gradtrack.stats import documents
from gradtrack.stats.selectors import resolve_scope

pytestmark = pytest.mark.django_db

needs_office = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice and poppler-utils are installed by `make test` (system-packages)",
)


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(paragraphs + cells)


def test_the_department_report_says_the_rates_in_generated_sentences(small_school):
    report = documents.build_report(resolve_scope(None, "dept:JD"), 2026, "department", "docx")
    text = _docx_text(report.content)
    assert report.filename == "机电系2026届毕业生质量跟踪调查报告.docx"
    assert "2026届毕业生就业率为70.0%，较上届下降5.0个百分点。" in text
    assert "2026届毕业生对口就业率为50.0%" in text
    assert "往届毕业生（2023—2025届）跟踪情况" in text
    assert "3960" in text


def test_the_docx_names_an_east_asian_font_and_holds_chart_pictures(small_school):
    report = documents.build_report(resolve_scope(None, "school"), 2026, "tracking", "docx")
    document = Document(io.BytesIO(report.content))
    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "宋体"
    pictures = [r for r in document.part.rels.values() if r.reltype.endswith("/image")]
    assert len(pictures) >= 8


def test_a_chart_png_is_drawn_with_the_cjk_font_from_pypi(small_school):
    from PIL import Image

    from gradtrack.stats import charts, selectors

    stats = selectors.statistics_for(resolve_scope(None, "school"), selectors.Cohorts(2026, 2026))
    png = documents.chart_png(charts.employer_natures(stats))
    assert Image.open(io.BytesIO(png)).format == "PNG"
    from matplotlib import rcParams

    assert rcParams["font.family"] == ["Noto Sans SC"]


@needs_office
def test_the_pdf_is_converted_by_libreoffice_and_its_chinese_is_read_back_by_pdftotext(
    small_school, tmp_path
):
    report = documents.build_report(resolve_scope(None, "dept:JD"), 2026, "department", "pdf")
    assert report.content.startswith(b"%PDF")
    path = tmp_path / "report.pdf"
    path.write_bytes(report.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()
    assert "2026届毕业生就业率为70.0%" in "".join(text.split())
    images = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, check=True
    ).stdout.decode()
    assert len(images.strip().splitlines()) > 2  # two header lines, then one line per picture
