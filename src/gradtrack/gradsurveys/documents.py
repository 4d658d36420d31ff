"""The 毕业生评价 section of the written reports (python-docx). The integrator calls
``add_report_section(document, graduate_satisfaction(...))`` from the school or department report."""

from django.utils.translation import gettext as _

from gradtrack.gradsurveys.selectors import SatisfactionFigures


def add_report_section(document, figures: SatisfactionFigures, *, heading_level: int = 1):
    """Append a short 毕业生评价 section: the response rate, then each figure with its n, as a sentence and a table."""
    document.add_heading(_("毕业生评价"), level=heading_level)
    if figures.is_empty:
        document.add_paragraph(_("%(label)s毕业生调查尚无答卷。") % {"label": figures.label})
        return document
    document.add_paragraph(
        _(
            "学校对%(label)s毕业生开展问卷调查，邀请 %(invited)s 人，回收有效答卷 %(responded)s 份，回收率 %(rate)s%%。"
            "满意度为评价“优秀”或“良好”的比例，专业对口率为“完全对口”或“基本对口”的比例。"
        )
        % {
            "label": figures.label,
            "invited": figures.invited,
            "responded": figures.responded,
            "rate": figures.response_rate,
        }
    )
    parts = [
        _("%(label)s %(rate)s%%（n=%(n)s）") % {"label": q.label, "rate": q.rate, "n": q.n}
        for q in figures.questions
        if q.n
    ]
    if parts:
        document.add_paragraph(_("调查结果：") + "；".join(parts) + "。")
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, (_("指标"), _("作答人数（n）"), _("比例（%）")), strict=True):
        cell.text = str(text)
    for q in figures.questions:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = str(q.label), str(q.n)
        cells[2].text = "—" if q.rate is None else str(q.rate)
    return document
