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
from django.utils.translation import gettext_lazy as _lazy
from docx import Document
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from gradtrack.core.models import SchoolProfile
from gradtrack.surveys import services
from gradtrack.surveys.models import RATING_ITEMS, EmployerResponse, Invitation, Rating, ResponseGraduate

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


def _date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def share_text(invitation: Invitation, link: str) -> str:
    """A message ready to paste into WeChat or an SMS: who asks, why, the link and until when."""
    school = SchoolProfile.current()
    text = _(
        "【%(school)s】%(employer)s负责同志您好！我校正在开展近三年毕业生就业跟踪调查，诚请贵单位填写"
        "《毕业生就业跟踪登记表》，用手机约一分钟即可完成，无需注册：%(link)s （%(closes)s 前有效）。"
        "感谢您对我校毕业生就业工作的支持！"
    ) % {
        "school": school.name,
        "employer": invitation.employer.name,
        "link": link,
        "closes": _date(invitation.campaign.closes_on),
    }
    contact = " ".join(part for part in (f"{school.name}{school.office}", school.phone) if part)
    return f"{text}{contact}"


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
    _paper_form(doc, title, invitation, response, rows)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _cell(cell, text: str, *, size: float = 9, bold: bool = False, align=None) -> None:
    cell.text = ""
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    if align is not None:
        paragraph.alignment = align
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold


def _tight(paragraph, *, keep: bool = False):
    paragraph.paragraph_format.space_after = Pt(2)
    paragraph.paragraph_format.keep_with_next = keep
    return paragraph


def _choices(choices, chosen: str) -> str:
    return "  ".join(
        f"{'①②③④'[i]}{label}（{'✓' if chosen == value else ' '}）" for i, (value, label) in enumerate(choices)
    )


ROW_HEADERS = [
    _lazy("姓名"),
    _lazy("性别"),
    _lazy("专业"),
    _lazy("毕业时间"),
    _lazy("工作岗位"),
    _lazy("职务"),
    _lazy("在贵单位工作时间多长"),
    _lazy("是否仍在岗"),
]
ROW_WIDTHS_CM = [1.8, 1.0, 2.7, 2.4, 2.4, 1.8, 2.3, 2.6]
BLANK_ROWS = 3
MATRIX_WIDTHS_CM = [3.3, 1.1, 1.1, 1.1, 1.1]


def _widths(table, widths_cm: list[float]) -> None:
    # Word reads the cells' widths, LibreOffice the grid's: set both.
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def _row_status(row: dict) -> str:
    status = row.get("status") or ""
    if not row:
        return "□在岗 □离职"
    left = status == ResponseGraduate.Status.LEFT
    return f"{_checkbox(not left)}在岗 {_checkbox(left)}离职"


def _paper_form(
    doc, title: str, invitation: Invitation, response: EmployerResponse, rows: list[dict]
) -> None:
    """The attachment as one form: 一、 one table for the graduates (with a column for 在岗/离职, the online
    form's step 1), 二、 the evaluation, the matrix led by 基本数据 and 整体评价 as in the attachment, room to
    write 意见和建议, then 盖章 and 年 月 日 kept on the same page as the suggestions (no page of its own)."""
    _heading(doc, title, 13)
    doc.add_paragraph(_("（用人单位填写）")).alignment = WD_ALIGN_PARAGRAPH.CENTER
    _tight(
        doc.add_paragraph(
            _("用人单位（盖章）：%(unit)s    联系人：%(person)s    联系电话：%(phone)s")
            % {
                "unit": response.unit_name or invitation.employer.name,
                "person": response.contact_person,
                "phone": response.contact_phone,
            }
        )
    )
    natures = "  ".join(
        f"{_checkbox(response.nature == value)}{label}" for value, label in EmployerResponse.Nature.choices
    )
    _tight(doc.add_paragraph(_("单位性质：%(natures)s") % {"natures": natures}))

    _tight(doc.add_paragraph(_("一、我校毕业生工作基本情况（此表不够可另附页）：")), keep=True)
    table = doc.add_table(rows=1, cols=len(ROW_HEADERS))
    table.style = "Table Grid"
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, ROW_HEADERS, strict=True):
        _cell(cell, str(text), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    fields = [name for name in services.ROW_FIELDS if name != "status"]
    for row in [*rows, *({} for _blank in range(BLANK_ROWS))]:
        cells = table.add_row().cells
        for cell, name in zip(cells, fields, strict=False):
            _cell(cell, str(row.get(name) or ""))
        _cell(cells[-1], _row_status(row))
    _widths(table, ROW_WIDTHS_CM)

    _tight(doc.add_paragraph(_("二、单位评价：")), keep=True)
    _tight(
        doc.add_paragraph(
            _(
                "1．从您对我校毕业生的日常工作表现及工作技能的综合情况来看，贵单位认为我校毕业生的整体质量水平在"
                "同类中等职业学校毕业生中趋于什么样的水平："
            )
        ),
        keep=True,
    )
    _tight(doc.add_paragraph(_choices(EmployerResponse.Quality.choices, response.quality)))
    _tight(doc.add_paragraph(_("2．贵单位对我校毕业生的工作整体满意度是：")), keep=True)
    _tight(doc.add_paragraph(_choices(EmployerResponse.Satisfaction.choices, response.satisfaction)))
    _tight(
        doc.add_paragraph(_("3．贵单位对我校毕业生在工作中针对下列表现或能力或做人等方面的评价是：")),
        keep=True,
    )

    matrix = doc.add_table(rows=3 + len(RATING_ITEMS) // 2, cols=10)
    matrix.style = "Table Grid"
    matrix.autofit = False
    _widths(matrix, MATRIX_WIDTHS_CM * 2)
    rows_left = iter(matrix.rows)
    labels = [str(label) for _value, label in Rating.choices]

    def count(value) -> str:
        return "" if value is None else str(value)

    data = next(rows_left).cells
    data[0].merge(data[9])
    _cell(
        data[0],
        _(
            "基本数据：近三年以来到贵单位就业的我校学生人数：%(hired)s 人；至今仍在贵单位工作的我校毕业生人数：%(still)s 人"
        )
        % {
            "hired": count(response.hired_count) or "____",
            "still": count(response.still_employed_count) or "____",
        },
    )
    overall = next(rows_left).cells
    overall[0].merge(overall[4])
    overall[5].merge(overall[9])
    _cell(overall[0], str(_("对我校毕业生就业质量的整体评价")), bold=True)
    _cell(
        overall[5],
        "  ".join(
            f"{_checkbox(response.overall_evaluation == value)}{label}" for value, label in Rating.choices
        ),
    )
    header = next(rows_left).cells
    for cell, text in zip(header, [_("项目"), *labels, _("项目"), *labels], strict=True):
        _cell(cell, str(text), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for left, right in zip(RATING_ITEMS[0::2], RATING_ITEMS[1::2], strict=True):
        cells = next(rows_left).cells
        for offset, (key, label) in ((0, left), (5, right)):
            chosen = getattr(response, f"rating_{key}")
            _cell(cells[offset], str(label))
            for index, (value, _label) in enumerate(Rating.choices, start=1):
                _cell(cells[offset + index], "✓" if chosen == value else "", align=WD_ALIGN_PARAGRAPH.CENTER)

    # 意见和建议: a tall box to write in, kept on one page with the stamp and the date below it.
    box = doc.add_table(rows=2, cols=1)
    box.style = "Table Grid"
    _cell(box.rows[0].cells[0], str(_("对我校毕业生就业工作的意见和建议：")), size=10.5, bold=True)
    _cell(box.rows[1].cells[0], response.suggestions or "", size=10.5)
    box.rows[1].height = Cm(4.5)
    box.rows[1].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    for row in box.rows:
        row.cells[0].paragraphs[0].paragraph_format.keep_with_next = True
    stamp = doc.add_paragraph(_("用人单位（盖章）：                    年    月    日"))
    stamp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    stamp.paragraph_format.space_before = Pt(12)


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
