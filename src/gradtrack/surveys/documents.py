"""The covering letter and paper form of an invitation (附件《毕业生就业跟踪登记表》) as an editable Word
document (python-docx), and as a printable PDF converted from it by LibreOffice (soffice, installed by
`make test` and documented in the README), so both always show the same content."""

import io
import subprocess
import tempfile
from pathlib import Path

import qrcode
from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from gradtrack.core.models import SchoolProfile
from gradtrack.surveys import services
from gradtrack.surveys.models import RATING_ITEMS, EmployerResponse, Invitation, Rating

FONT = "宋体"
SOFFICE = "soffice"
CONVERT_TIMEOUT = 120


class ConversionError(RuntimeError):
    pass


def _set_font(style) -> None:
    style.font.name = FONT
    style.font.size = Pt(11)
    # Without w:eastAsia, Word picks a Chinese font per machine.
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def _heading(doc, text: str, size: int = 15) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(size)


def qr_png(link: str) -> bytes:
    buffer = io.BytesIO()
    qrcode.make(link, box_size=6, border=2).save(buffer, format="PNG")
    return buffer.getvalue()


def qr_svg(link: str) -> str:
    from qrcode.image.svg import SvgPathImage

    return qrcode.make(link, image_factory=SvgPathImage, box_size=8).to_string(encoding="unicode")


def _checkbox(selected: bool) -> str:
    return "☑" if selected else "□"


def invitation_docx(invitation: Invitation, link: str, *, rows: list[dict]) -> bytes:
    """The letter, the link and QR code, and the form with ``rows`` prefilled: the employer's graduates as
    the user who prints it may see them (surveys.selectors.rows_visible_to of services.response_rows)."""
    school = SchoolProfile.current()
    response = services.response_for(invitation)
    doc = Document()
    _set_font(doc.styles["Normal"])
    for section in doc.sections:
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(1.8)

    title = _("%(school)s毕业生就业跟踪登记表") % {"school": school.name}
    _heading(doc, title)
    doc.add_paragraph(_("（用人单位填写）")).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(_("尊敬的用人单位领导："))
    doc.add_paragraph(
        _(
            "感谢贵单位多年来对我校人才培养与毕业生就业工作的大力支持与帮助！为了进一步深化我校的教育教学改革，"
            "提高教育质量，更好地为社会培养和输送更多高素质的专门人才，我校组织开展对近三年以来的毕业生就业情况"
            "进行跟踪。诚望贵单位协助填写《%(title)s》，提出宝贵意见，我们对您的支持深表感谢！"
        )
        % {"title": title}
    )
    doc.add_paragraph(
        _(
            "通信地址：%(address)s；邮政编码：%(postcode)s；电话：%(phone)s；%(fax)s（传真）；E-mail：%(email)s"
        )
        % {
            "address": school.address,
            "postcode": school.postcode,
            "phone": school.phone,
            "fax": school.fax,
            "email": school.email,
        }
    )
    doc.add_paragraph(
        _("也可用手机扫描二维码或打开以下链接在线填写（%(closes)s 前有效）：%(link)s")
        % {"closes": invitation.campaign.closes_on.strftime("%Y-%m-%d"), "link": link}
    )
    doc.add_picture(io.BytesIO(qr_png(link)), width=Cm(3.2))
    signature = doc.add_paragraph(f"{school.name}{school.office}\n{timezone.localdate():%Y年%m月%d日}")
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    doc.add_page_break()
    _heading(doc, title, 13)
    doc.add_paragraph(
        _("用人单位（盖章）：%(unit)s    联系人：%(person)s    联系电话：%(phone)s")
        % {
            "unit": response.unit_name or invitation.employer.name,
            "person": response.contact_person,
            "phone": response.contact_phone,
        }
    )
    natures = "、".join(
        f"{_checkbox(response.nature == value)}{label}" for value, label in EmployerResponse.Nature.choices
    )
    doc.add_paragraph(_("单位性质：%(natures)s") % {"natures": natures})

    doc.add_paragraph(_("一、我校毕业生工作基本情况（此表不够可另附页）："))
    headers = [
        _("姓名"),
        _("性别"),
        _("专业"),
        _("毕业时间"),
        _("工作岗位"),
        _("职务"),
        _("在贵单位工作时间多长"),
    ]
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = str(text)
    for row in [*rows, *({} for _blank in range(3))]:
        cells = table.add_row().cells
        for cell, name in zip(cells, services.ROW_FIELDS, strict=True):
            cell.text = str(row.get(name) or "")

    doc.add_paragraph(_("二、单位评价："))
    doc.add_paragraph(
        _(
            "1．从您对我校毕业生的日常工作表现及工作技能的综合情况来看，贵单位认为我校毕业生的整体质量水平在"
            "同类中等职业学校毕业生中趋于什么样的水平："
        )
    )
    doc.add_paragraph(
        "  ".join(
            f"{'①②③④'[i]}{label}（{'✓' if response.quality == value else ' '}）"
            for i, (value, label) in enumerate(EmployerResponse.Quality.choices)
        )
    )
    doc.add_paragraph(_("2．贵单位对我校毕业生的工作整体满意度是："))
    doc.add_paragraph(
        "  ".join(
            f"{'①②③④'[i]}{label}（{'✓' if response.satisfaction == value else ' '}）"
            for i, (value, label) in enumerate(EmployerResponse.Satisfaction.choices)
        )
    )
    doc.add_paragraph(_("3．贵单位对我校毕业生在工作中针对下列表现或能力或做人等方面的评价是："))
    ratings = doc.add_table(rows=1, cols=10)
    ratings.style = "Table Grid"
    labels = [str(label) for _value, label in Rating.choices]
    for cell, text in zip(ratings.rows[0].cells, [_("项目"), *labels, _("项目"), *labels], strict=True):
        cell.text = str(text)
    for left, right in zip(RATING_ITEMS[0::2], RATING_ITEMS[1::2], strict=True):
        cells = ratings.add_row().cells
        for offset, (key, label) in ((0, left), (5, right)):
            chosen = getattr(response, f"rating_{key}")
            cells[offset].text = str(label)
            for index, (value, _label) in enumerate(Rating.choices, start=1):
                cells[offset + index].text = "✓" if chosen == value else ""

    doc.add_paragraph(_("基本数据："))
    doc.add_paragraph(
        _("近三年以来到贵单位就业的我校学生人数：%(n)s 人")
        % {"n": "" if response.hired_count is None else response.hired_count}
    )
    doc.add_paragraph(
        _("至今仍在贵单位工作的我校毕业生人数：%(n)s 人")
        % {"n": "" if response.still_employed_count is None else response.still_employed_count}
    )
    doc.add_paragraph(_("对我校毕业生就业工作的意见和建议："))
    doc.add_paragraph(response.suggestions or "\n\n\n")
    doc.add_paragraph(_("%(school)s%(office)s") % {"school": school.name, "office": school.office})

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def docx_to_pdf(docx: bytes) -> bytes:
    """Convert with LibreOffice in a private temporary directory and profile (parallel runs stay apart)."""
    with tempfile.TemporaryDirectory(prefix="gradtrack-docx-") as tmp:
        folder = Path(tmp)
        source = folder / "document.docx"
        source.write_bytes(docx)
        try:
            subprocess.run(
                [
                    SOFFICE,
                    f"-env:UserInstallation={folder.joinpath('profile').as_uri()}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(folder),
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=CONVERT_TIMEOUT,
            )
        except (OSError, subprocess.SubprocessError) as error:
            raise ConversionError(str(error)) from error
        target = folder / "document.pdf"
        if not target.exists():
            raise ConversionError("LibreOffice produced no PDF")
        return target.read_bytes()
