"""The covering letter and paper form open in Word (python-docx reads them back) and convert to a PDF whose
Chinese text pdftotext finds (LibreOffice, as a real client)."""

import io
import subprocess

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from gradtrack.core.models import SchoolProfile
from gradtrack.surveys import documents, services
from gradtrack.surveys.tests.conftest import link

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def school_profile(db):
    SchoolProfile.objects.create(
        name="攀枝花市华森职业学校",
        address="四川省米易县攀莲镇铁建路 88 号",
        postcode="617200",
        phone="0812-9178178",
        fax="0812-8172842",
        email="2860505558@qq.com",
    )


def text_of(docx: bytes) -> str:
    document = Document(io.BytesIO(docx))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_word_letter_carries_the_school_profile_the_link_and_the_prefilled_graduates(steel_invitation):
    docx = documents.invitation_docx(
        steel_invitation, link(steel_invitation), rows=services.response_rows(steel_invitation)
    )
    text = text_of(docx)
    for expected in [
        "攀枝花市华森职业学校毕业生就业跟踪登记表",
        "尊敬的用人单位领导",
        "四川省米易县攀莲镇铁建路 88 号",
        "617200",
        "0812-8172842（传真）",
        "2860505558@qq.com",
        services.invitation_token(steel_invitation),
        "李明",
        "钳工",
        "思想政治表现",
        "身体素质",
        "至今仍在贵单位工作的我校毕业生人数",
        "对我校毕业生就业工作的意见和建议",
    ]:
        assert expected in text
    normal = Document(io.BytesIO(docx)).styles["Normal"]
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
    assert len(Document(io.BytesIO(docx)).inline_shapes) == 1  # the QR code


def test_the_pdf_converted_by_libreoffice_shows_the_chinese_text(steel_invitation, tmp_path):
    pdf = documents.docx_to_pdf(
        documents.invitation_docx(
            steel_invitation, link(steel_invitation), rows=services.response_rows(steel_invitation)
        )
    )
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    compact = "".join(text.split())
    assert "攀枝花市华森职业学校毕业生就业跟踪登记表" in compact
    assert "李明" in compact
    assert "思想政治表现" in compact


def test_the_pdf_downloads_from_the_invitation_page(client, centre_user, steel_invitation, monkeypatch):
    monkeypatch.setattr(documents, "docx_to_pdf", lambda docx: b"%PDF-1.4 stub")
    client.force_login(centre_user)
    response = client.get(reverse("surveys:invitation_document", args=[steel_invitation.pk, "pdf"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_a_missing_libreoffice_is_reported_not_a_server_error(
    client, centre_user, steel_invitation, monkeypatch
):
    monkeypatch.setattr(documents, "SOFFICE", "/nonexistent/soffice")
    client.force_login(centre_user)
    response = client.get(
        reverse("surveys:invitation_document", args=[steel_invitation.pk, "pdf"]), follow=True
    )
    assert "PDF 生成失败" in response.content.decode()


def pdf_pages(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return ["".join(page.split()) for page in text.split("\f") if page.strip()]


@pytest.mark.parametrize("graduates", [4, 20])
def test_the_paper_form_has_room_to_write_and_no_page_for_the_signature_alone(
    steel_invitation, tmp_path, graduates
):
    """Issue 15 item 2: one table for the graduates, a box for 意见和建议, 盖章 and 年 月 日 on the same page
    as that box, and no stray last page."""
    rows = services.response_rows(steel_invitation)
    rows += [{**rows[0], "name": f"同学{n}"} for n in range(graduates - len(rows))]
    docx = documents.invitation_docx(steel_invitation, link(steel_invitation), rows=rows)
    document = Document(io.BytesIO(docx))
    graduate_tables = [t for t in document.tables if t.rows[0].cells[0].text == "姓名"]
    assert len(graduate_tables) == 1
    assert len(graduate_tables[0].rows) == 1 + graduates + documents.BLANK_ROWS
    assert "是否仍在岗" in graduate_tables[0].rows[0].cells[-1].text
    assert "对我校毕业生就业质量的整体评价" in text_of(docx)
    pages = pdf_pages(documents.docx_to_pdf(docx), tmp_path)
    last = pages[-1]
    assert "年月日" in last and "用人单位（盖章）" in last
    assert "对我校毕业生就业工作的意见和建议" in last and "身体素质" in "".join(pages[-2:])
    # The letter on page 1; the form itself no longer than two pages for 20 graduates.
    assert len(pages) <= 3
