"""Spreadsheet exports of the statistics: each chart's table (core.xlsx), and the provincial
《中等职业学校毕业生就业情况统计表》 — in the official layout of a reference template (multi-row merged headers,
a row per 2021 专业大类 and the total, then per 专业), its 核对清单 of the records that make a figure
questionable, and the detailed tables of every indicator by 专业大类 and 专业.

Every number comes from stats.selectors; this module only lays it out.
"""

import io
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gradtrack.accounts import privacy
from gradtrack.core import reference
from gradtrack.core.models import Destination, MajorCategory, PolicySettings, SchoolProfile
from gradtrack.core.xlsx import append_row, display_width, sheet_title, write_xlsx
from gradtrack.records.models import Graduate, Major
from gradtrack.stats import selectors
from gradtrack.stats.charts import Chart


def chart_xlsx(chart: Chart) -> bytes:
    """The table beside a chart, as the page shows it."""
    return write_xlsx(chart.headers, chart.rows, title=chart.title)


# --- The provincial table ---------------------------------------------------------------------------------


class ProvincialColumns:
    """The columns of the provincial table after the row's names: 毕业学生, 就业学生 and 就业率, the 中职 去向
    groups, 直接就业 and 对口, the job columns (渠道, 地域, 城乡, 合同期限 in the settings' bands, 社会保险,
    三次产业 — 大类 43 counts as 第三产业, selectors.sector_columns), the 起薪 bands of the settings, and the
    averages."""

    def __init__(self, policy: PolicySettings):
        self.destinations = list(Destination.objects.all())
        self.job_columns = selectors.job_mix_columns(policy) + selectors.first_job_columns(policy)

    def headers(self) -> list[str]:
        labels = selectors.figure_labels()
        headers = [_("毕业学生人数"), _("就业学生人数"), labels["employment_rate"]]
        headers += [d.name for d in self.destinations]
        headers += [labels["direct"], labels["direct_employment_rate"], labels["further_study_rate"]]
        headers += [labels["matched"], labels["matched_rate"]]
        headers += [label for _key, label, _condition in self.job_columns]
        headers += [labels["starting_salary"], labels["average_salary"]]
        return headers

    def values(self, row: dict) -> list:
        figures: selectors.Figures = row["figures"]
        values = [figures.graduates, figures.employed, figures.employment_rate]
        values += [row.get(f"dest_{d.code}", 0) for d in self.destinations]
        values += [figures.direct, figures.direct_employment_rate, figures.further_study_rate]
        values += [figures.matched, figures.matched_rate]
        values += [row[key] for key, _label, _condition in self.job_columns]
        values += [figures.starting_salary, figures.average_salary]
        return values


@dataclass(frozen=True)
class ProvincialFigures:
    """The figures of the provincial tables (selectors.provincial_rows) per 专业大类, per 专业 and in total,
    computed once for every sheet of the workbook."""

    by_category: list[dict]
    by_major: list[dict]
    total: list[dict]  # one row, or none when there are no graduates

    @classmethod
    def of(cls, graduates: QuerySet[Graduate], policy: PolicySettings) -> "ProvincialFigures":
        return cls(
            selectors.provincial_rows(graduates, "category", policy),
            selectors.provincial_rows(graduates, "major", policy),
            selectors.provincial_rows(graduates, None, policy),
        )


def provincial_by_category(
    graduates: QuerySet[Graduate], policy: PolicySettings, figures: ProvincialFigures | None = None
) -> tuple[list[str], list[list]]:
    """One row per 专业大类 (the 2021 names, core.MajorCategory), then the total."""
    figures = figures or ProvincialFigures.of(graduates, policy)
    columns = ProvincialColumns(policy)
    headers = [_("专业大类代码"), _("专业大类"), *columns.headers()]
    rows = [[row["code"], row["name"], *columns.values(row)] for row in figures.by_category]
    rows += [["", _("合计"), *columns.values(row)] for row in figures.total]
    return headers, rows


def provincial_by_major(
    graduates: QuerySet[Graduate], policy: PolicySettings, figures: ProvincialFigures | None = None
) -> tuple[list[str], list[list]]:
    """One row per 专业: its 专业大类, its code (the catalogue's, or the school's for a 校本专业) and name."""
    figures = figures or ProvincialFigures.of(graduates, policy)
    columns = ProvincialColumns(policy)
    headers = [_("专业大类"), _("专业代码"), _("专业名称"), *columns.headers()]
    categories = dict(Major.objects.values_list("code", "category__name"))
    rows = [
        [categories.get(row["code"], ""), row["code"], row["name"], *columns.values(row)]
        for row in figures.by_major
    ]
    return headers, rows


def _destination_label(graduate: Graduate) -> str:
    """The 中职 group, with the 高校 code where one is recorded: "到国家机关、企事业单位就业（12 其他录用形式就业）"."""
    if graduate.destination is None:
        return ""
    detail = graduate.destination_detail
    return (
        f"{graduate.destination.name}（{detail.code} {detail.name}）" if detail else graduate.destination.name
    )


def _sheet(workbook: Workbook, title: str, caption: str, headers: Sequence[str], rows) -> None:
    sheet = workbook.create_sheet(sheet_title(title))
    append_row(sheet, [caption])
    sheet["A1"].font = Font(bold=True, size=14)
    append_row(sheet, headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        append_row(sheet, row)
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(24, max(8, len(str(header)) * 2))
    sheet.freeze_panes = "A3"


# --- The official layout (core/reference/provincial_employment_table_columns.csv) ----------------------------
#
# The reference holds the columns of two provinces' tables (湖南2011, 广东2013) and no Sichuan one (README §5),
# so the layout is a choice; the default is the template with the most figure columns (广东2013: the only one
# with 对口, 城乡, 合同期限, 起薪 and 社会保险, all of which the records hold). Each reference row is read here:
# col_order 0 is the form's heading line (填报单位 …), the group whose column names several measures ("毕业学生
# 人数；就业学生人数…") is the by-category block — its categories become the table's rows, in the 2021 专业大类
# as the README asks, and its measures not among the columns a column at its place — a "（…分段）" item stands
# for the bands of the settings, and a 去向 group that leaves out a group counted among 就业学生 gets it as an
# added column (增列), so that the groups add up to 就业学生人数.

# What each of the reference's headline measures is among the figures (selectors.Figures).
HEADLINE_FIGURES = {
    "毕业学生人数": "graduates",
    "就业学生人数": "employed",
    "就业率": "employment_rate",
    "对口就业率": "matched_rate",
    "对口就业人数": "matched",
}
# Sections whose items are bands: their columns follow the settings (PolicySettings), not the copy.
SALARY_BANDS_SECTION = "起薪"
CONTRACT_BANDS_SECTION = "劳动合同期限"
UNCONFIRMED_FILL = PatternFill("solid", fgColor="FFE699")
ADDED_FILL = PatternFill("solid", fgColor="BDD7EE")
HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_ROWS = 3  # section, column, item
NO_RATE = "—"


@dataclass(frozen=True)
class OfficialColumn:
    section: str
    heading: str  # the reference's column_name
    item: str  # its sub_item; "" for a column without items
    key: str  # the figure it shows (selectors.provincial_rows)
    confirmed: bool = True
    added: bool = False  # 增列: not in the template

    @property
    def label(self) -> str:
        return self.item or self.heading


@dataclass(frozen=True)
class OfficialLayout:
    template: str
    form_fields: list[str]
    stub: str  # the by-category block's section: what the rows are
    columns: list[OfficialColumn]

    @property
    def figure_keys(self) -> list[str]:
        return [column.key for column in self.columns]


def provincial_templates() -> list[str]:
    """The templates of the reference, in its order."""
    return list(dict.fromkeys(row["template"] for row in reference.rows(reference.PROVINCIAL_COLUMNS)))


def default_template(policy: PolicySettings) -> str:
    return max(provincial_templates(), key=lambda template: len(official_layout(template, policy).columns))


def official_layout(template: str, policy: PolicySettings) -> OfficialLayout:
    """The columns of ``template`` in the reference's order, each with the figure it shows."""
    rows = [r for r in reference.rows(reference.PROVINCIAL_COLUMNS) if r["template"] == template]
    if not rows:
        raise ValueError(template)
    groups: dict[int, list[dict]] = {}
    for row in rows:
        groups.setdefault(int(row["col_order"]), []).append(row)
    keys = _figure_keys(policy)
    form_fields, stub, columns = [], "", []
    for order, group in sorted(groups.items()):
        first = group[0]
        if order == 0:
            form_fields = [row["column_name"] for row in group]
        elif "；" in first["column_name"]:
            stub = first["section"]
            present = {column.label for column in columns}
            columns += [
                OfficialColumn(first["section"], measure, "", keys[measure], first["confirmed"])
                for measure in first["column_name"].split("；")
                if measure not in present
            ]
        elif first["section"] == SALARY_BANDS_SECTION or first["section"] == CONTRACT_BANDS_SECTION:
            columns += _band_columns(group, policy)
        else:
            columns += _added_destinations([_column(row, keys) for row in group])
    return OfficialLayout(template, form_fields, stub, columns)


def _figure_keys(policy: PolicySettings) -> dict[str, str]:
    """Every label a reference column may carry → the figure's key."""
    keys = dict(HEADLINE_FIGURES)
    keys.update({label: key for key, label, _condition in selectors.job_mix_columns(policy)})
    definitions = {
        row["code"]: row["definition"]
        for row in reference.rows(reference.DESTINATIONS)
        if row["scheme"] == "zhongzhi"
    }
    for destination in Destination.objects.all():
        keys[destination.name] = f"dest_{destination.code}"
        # the templates' older wording, quoted in destinations.csv ("模板措辞为“各种所有制性质的企事业单位”")
        for wording in re.findall(r"模板措辞为“([^”]+)”", definitions.get(destination.code, "")):
            keys.setdefault(wording, f"dest_{destination.code}")
    return keys


def _column(row: dict, keys: dict[str, str]) -> OfficialColumn:
    label = row["sub_item"] or row["column_name"]
    if label not in keys:
        raise ValueError(_("统计表参考列“%(label)s”没有对应的统计数") % {"label": label})
    return OfficialColumn(row["section"], row["column_name"], row["sub_item"], keys[label], row["confirmed"])


def _added_destinations(columns: list[OfficialColumn]) -> list[OfficialColumn]:
    """A 去向 group with every group counted among 就业学生, in the table's order: those the template lacks
    (以其他方式就业 in the 2011/2013 templates, a group of the releases from 2014) are added."""
    if not all(column.key.startswith("dest_") for column in columns):
        return columns
    named = {column.key for column in columns}
    first = columns[0]
    # the template's columns keep their order; an added group goes where the code table orders it
    result, pending = [], list(columns)
    for destination in Destination.objects.filter(counts_as_employed=True):
        key = f"dest_{destination.code}"
        if key in named:
            result.append(pending.pop(0))
        else:
            result.append(
                OfficialColumn(first.section, first.heading, destination.name, key, True, added=True)
            )
    return result + pending


def _band_columns(group: list[dict], policy: PolicySettings) -> list[OfficialColumn]:
    """The band columns of the settings in the place of the copy's items; an item the copy names keeps its
    confirmation, 未签合同 its place."""
    first = group[0]
    if first["section"] == SALARY_BANDS_SECTION:
        bands = [(key, label) for key, label, _c in selectors.starting_salary_bands(policy)]
    else:
        bands = [(key, label) for key, label, _c in selectors.contract_term_bands(policy)]
    named = {row["sub_item"]: row for row in group}
    unsigned = [band for band in bands if band[0] == "none"]
    ordered = [band for band in bands if band[0] != "none"]
    if unsigned and unsigned[0][1] in named:
        position = [row["sub_item"] for row in group].index(unsigned[0][1])
        ordered.insert(min(position, len(ordered)), unsigned[0])
    prefix = "contract_term_" if first["section"] == CONTRACT_BANDS_SECTION else ""
    return [
        OfficialColumn(
            first["section"],
            first["column_name"],
            label,
            f"{prefix}{key}",
            named[label]["confirmed"] if label in named else False,
        )
        for key, label in ordered
    ]


def _cell_value(row: dict, key: str):
    figures: selectors.Figures = row["figures"]
    if key in HEADLINE_FIGURES.values():
        value = getattr(figures, key)
        return NO_RATE if value is None else value
    return row.get(key, 0)


def _empty_row(code: str, name: str) -> dict:
    return {"code": code, "name": name, "figures": selectors.Figures()}


def official_rows(figures: ProvincialFigures, grouping: str) -> tuple[list[dict], dict]:
    """The rows of the table — every 2021 专业大类 (zeros where the scope has none, as the form lists every
    category) or each 专业 the scope has, by 大类 — and the total."""
    if grouping == "category":
        by_code = {row["code"]: row for row in figures.by_category}
        rows = [
            by_code.get(c.code) or _empty_row(c.code, c.name) for c in MajorCategory.objects.order_by("code")
        ]
    else:
        categories = dict(Major.objects.values_list("code", "category__code"))
        rows = sorted(figures.by_major, key=lambda row: (categories.get(row["code"]) or "", row["code"]))
    return rows, (figures.total[0] if figures.total else _empty_row("", ""))


def _official_sheet(
    workbook: Workbook,
    title: str,
    caption: str,
    layout: OfficialLayout,
    stub: list[tuple[str, Callable[[dict], str]]],
    rows: list[dict],
    total: dict,
    notes: list[str],
) -> Worksheet:
    """The table as the form has it: caption, the form's heading line, three header rows with merged cells
    for grouped columns, a row per group, the 合计 row, the notes."""
    sheet = workbook.create_sheet(sheet_title(title))
    width = len(stub) + len(layout.columns)
    append_row(sheet, [caption])
    _merge(sheet, 1, 1, 1, width, font=Font(bold=True, size=14))
    school = SchoolProfile.current().name
    line = [None] * width
    spans = _spread(len(layout.form_fields), width)
    for (column, _end), field in zip(spans, layout.form_fields, strict=True):
        line[column - 1] = f"{field}：{school if field == layout.form_fields[0] else ''}"
    append_row(sheet, line)
    for (column, end), _field in zip(spans, layout.form_fields, strict=True):
        _merge(sheet, 2, column, 2, end, align="left", border=False)
    top = 3
    for _index in range(HEADER_ROWS):
        append_row(sheet, _header_cells(layout, stub)[_index])
    _merge_headers(sheet, top, layout, stub)
    for row in [*rows, total]:
        values = [make(row) for _label, make in stub] + [_cell_value(row, c.key) for c in layout.columns]
        append_row(sheet, values)
        for cell in sheet[sheet.max_row]:
            cell.border = BORDER
            cell.alignment = Alignment(horizontal="center", vertical="center")
            if isinstance(cell.value, Decimal):
                cell.number_format = '0.0"%"'
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for note in notes:
        append_row(sheet, [note])
        _merge(sheet, sheet.max_row, 1, sheet.max_row, width, align="left", border=False, wrap=True)
        sheet.row_dimensions[sheet.max_row].height = 15 * (1 + display_width(note) // (width * 9))
    for index, (label, _make) in enumerate(stub, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = 9 if "代码" in label else 20
    for index in range(len(stub) + 1, width + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 9
    sheet.row_dimensions[top + HEADER_ROWS - 1].height = 48
    sheet.freeze_panes = sheet.cell(row=top + HEADER_ROWS, column=len(stub) + 1)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A3
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{top}:{top + HEADER_ROWS - 1}"
    return sheet


def _spread(count: int, width: int) -> list[tuple[int, int]]:
    """``count`` spans side by side across ``width`` columns (1-based first and last column)."""
    step = max(1, width // max(count, 1))
    return [(1 + i * step, width if i == count - 1 else i * step + step) for i in range(count)]


def _header_cells(layout: OfficialLayout, stub: list[tuple[str, Callable]]) -> list[list]:
    section_row = [layout.stub] + [None] * (len(stub) - 1)
    heading_row = [label for label, _make in stub]
    item_row = [None] * len(stub)
    previous = None
    for column in layout.columns:
        section_row.append(column.section if column.section != previous else None)
        previous = column.section
        heading_row.append(column.heading)
        item_row.append(column.item or None)
    return [section_row, heading_row, item_row]


def _merge_headers(sheet: Worksheet, top: int, layout: OfficialLayout, stub: list) -> None:
    offset = len(stub) + 1
    _merge(sheet, top, 1, top, len(stub), fill=HEADER_FILL)
    for index in range(1, len(stub) + 1):
        _merge(sheet, top + 1, index, top + 2, index, fill=HEADER_FILL)
    for first, last in _runs(layout.columns, lambda c: c.section):
        _merge(sheet, top, offset + first, top, offset + last, fill=HEADER_FILL)
    for first, last in _runs(layout.columns, lambda c: (c.section, c.heading, bool(c.item))):
        if layout.columns[first].item:
            _merge(sheet, top + 1, offset + first, top + 1, offset + last, fill=HEADER_FILL)
        else:
            for index in range(first, last + 1):
                _merge(
                    sheet, top + 1, offset + index, top + 2, offset + index, fill=_fill(layout.columns[index])
                )
    for index, column in enumerate(layout.columns):
        if column.item:
            _merge(sheet, top + 2, offset + index, top + 2, offset + index, fill=_fill(column))


def _fill(column: OfficialColumn) -> PatternFill:
    """Added columns light blue, columns the copies do not confirm light yellow (explained in the notes)."""
    if column.added:
        return ADDED_FILL
    return HEADER_FILL if column.confirmed else UNCONFIRMED_FILL


def _runs(columns: list[OfficialColumn], key: Callable) -> list[tuple[int, int]]:
    """(first, last) index of each run of neighbouring columns with the same ``key``."""
    runs: list[tuple[int, int]] = []
    for index, column in enumerate(columns):
        if runs and key(columns[runs[-1][0]]) == key(column):
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index, index))
    return runs


def _merge(
    sheet: Worksheet,
    row: int,
    column: int,
    end_row: int,
    end_column: int,
    *,
    font: Font | None = None,
    fill: PatternFill | None = None,
    align: str = "center",
    border: bool = True,
    wrap: bool = True,
) -> None:
    if (row, column) != (end_row, end_column):
        sheet.merge_cells(start_row=row, start_column=column, end_row=end_row, end_column=end_column)
    for cells in sheet.iter_rows(min_row=row, max_row=end_row, min_col=column, max_col=end_column):
        for cell in cells:
            if border:
                cell.border = BORDER
            if fill is not None:
                cell.fill = fill
    first = sheet.cell(row=row, column=column)
    first.font = font or Font(bold=border)
    first.alignment = Alignment(horizontal=align, vertical="center", wrap_text=wrap)


# The job columns' families as the notes name them (selectors.job_mix_columns keys).
JOB_FAMILIES = (
    ("sector_", "产业"),
    ("locality_", "地域"),
    ("area_type_", "城乡"),
    ("channel_", "渠道"),
    ("contract_term_", "合同期限"),
    ("social_insurance", "社会保险"),
)


def official_notes(layout: OfficialLayout, policy: PolicySettings, listed: int) -> list[str]:
    """What the table's reader must know: the template, the definitions of its columns, the columns not
    confirmed or added, the check list."""
    keys = layout.figure_keys
    unconfirmed = [c.label for c in layout.columns if not c.confirmed]
    added = [c.label for c in layout.columns if c.added]
    definitions = _("就业学生人数含升入各类高一级学校人数；就业率 = 就业学生人数 ÷ 毕业学生人数")
    if "matched_rate" in keys:
        definitions += _("；对口就业率 = 对口就业人数 ÷ 直接就业人数（就业学生 − 升学）")
    families = [_(name) for prefix, name in JOB_FAMILIES if any(key.startswith(prefix) for key in keys)]
    if families:
        definitions += _("。%(families)s按毕业生当前在职工作统计") % {"families": "、".join(families)}
    if any(key.startswith("salary_") for key in keys):
        definitions += _("，起薪按首份工作统计（分段见政策参数）")
    if any(key.startswith("locality_") for key in keys):
        definitions += _("；本地指学校所在省级行政区内")
    notes = [
        _(
            "表式按%(template)s《中等职业学校毕业生就业情况统计表》的列（参考表 provincial_employment_table_"
            "columns.csv，未找到四川省表式）；“%(stub)s”按《职业教育专业目录（2021年）》的专业大类填列。"
        )
        % {"template": layout.template, "stub": layout.stub},
        definitions + "。",
    ]
    if unconfirmed:
        notes.append(
            _("浅黄底色的列在所读表式副本中未能核实，上报前请按本省当年填报说明核对：%(labels)s。")
            % {"labels": "、".join(unconfirmed)}
        )
    if added:
        notes.append(
            _(
                "浅蓝底色的列为本表增列（表式无此项，计入就业学生人数，使去向分组之和等于就业学生人数）：%(labels)s。"
            )
            % {"labels": "、".join(added)}
        )
    notes.append(
        _(
            "使数字存疑的记录（起薪低于当地最低工资标准 %(wage)s 元/月、缺少统计所需的项目等）共 %(count)s 条，见“核对清单”。"
        )
        % {"wage": selectors.yuan(policy.local_minimum_wage), "count": listed}
    )
    return [
        (_("注：") if index == 1 else "") + f"{index}. {note}" for index, note in enumerate(notes, start=1)
    ]


# --- The check sheet (核对清单) ---------------------------------------------------------------------------


def check_reasons_for(layout: OfficialLayout, policy: PolicySettings) -> dict[str, selectors.CheckReason]:
    """The reasons that make a figure of this layout questionable (a template without 对口 needs no 对口)."""
    return {
        name: reason
        for name, reason in selectors.check_reasons(policy).items()
        if reason.applies_to(layout.figure_keys)
    }


def check_headers(reasons: dict[str, selectors.CheckReason]) -> list[str]:
    return [
        _("学号"),
        _("姓名"),
        _("届别"),
        _("系部"),
        _("专业"),
        _("毕业去向"),
        _("起薪（元）"),
        _("在职月薪（元）"),
        *(reason.label for reason in reasons.values()),
    ]


def check_rows(
    graduates: QuerySet[Graduate], reasons: dict[str, selectors.CheckReason], *, salary_visible: bool = True
) -> Iterator[list]:
    """The questionable records; 起薪 and 月薪 masked for those who may not see salaries in bulk (privacy),
    学号 and 姓名 shown to the staff who may see the records at all (the scope already holds only theirs)."""
    mark = _("是")

    def salary(value):
        return value if salary_visible else privacy.mask_salary(value)

    for graduate in selectors.check_list(graduates, reasons).iterator(chunk_size=2000):
        yield [
            graduate.student_no,
            graduate.name,
            f"{graduate.graduation_year}届",
            graduate.department.name,
            graduate.major.name,
            _destination_label(graduate),
            salary(graduate.first_starting_salary),
            salary(graduate.current_salary),
            *(mark if getattr(graduate, f"check_{name}") else "" for name in reasons),
        ]


# Widths (characters) of the check sheet's first columns; each reason's column is REASON_WIDTH.
CHECK_WIDTHS = (15, 9, 8, 12, 16, 34, 10, 10)
REASON_WIDTH = 11


def _check_sheet(workbook: Workbook, caption: str, headers: list[str], rows) -> int:
    sheet = workbook.create_sheet(sheet_title(_("核对清单")))
    append_row(sheet, [caption])
    _merge(sheet, 1, 1, 1, len(headers), font=Font(bold=True, size=14), align="left", border=False)
    append_row(sheet, headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    count = 0
    for row in rows:
        append_row(sheet, row)
        count += 1
        for cell in sheet[sheet.max_row][len(CHECK_WIDTHS) :]:
            cell.alignment = Alignment(horizontal="center")
    for index in range(1, len(headers) + 1):
        width = CHECK_WIDTHS[index - 1] if index <= len(CHECK_WIDTHS) else REASON_WIDTH
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.row_dimensions[1].height = 24
    sheet.row_dimensions[2].height = 60
    sheet.freeze_panes = "C3"
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(headers))}{max(sheet.max_row, 2)}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "2:2"
    return count


# --- The workbook -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProvincialWorkbook:
    content: bytes
    template: str
    listed: int  # records on the check sheet (what the access log records)


def provincial_workbook(
    stats: selectors.Statistics, *, salary_visible: bool = True, template: str | None = None
) -> ProvincialWorkbook:
    """统计表 in the official layout (by 专业大类, then by 专业), the 核对清单, and the detailed tables of every
    indicator (按专业大类, 按专业). ``template`` is one of provincial_templates(); None or unknown: the default."""
    policy = stats.policy
    if template not in provincial_templates():
        template = default_template(policy)
    layout = official_layout(template, policy)
    graduates = stats.cohorts.graduates(stats.scope.graduates())
    caption = _("%(scope)s %(cohorts)s 中等职业学校毕业生就业情况统计表") % {
        "scope": stats.scope.label,
        "cohorts": stats.cohorts.label,
    }
    workbook = Workbook()
    workbook.remove(workbook.active)
    # The check list is written first (the table's notes give its count), then moved behind the tables.
    reasons = check_reasons_for(layout, policy)
    listed = _check_sheet(
        workbook,
        _("核对清单：使统计表数字存疑的记录（当地最低工资标准 %(wage)s 元/月），上报前请核实或补录")
        % {"wage": selectors.yuan(policy.local_minimum_wage)},
        check_headers(reasons),
        check_rows(graduates, reasons, salary_visible=salary_visible),
    )
    notes = official_notes(layout, policy, listed)
    figures = ProvincialFigures.of(graduates, policy)
    rows, total = official_rows(figures, "category")
    sheet = _official_sheet(
        workbook,
        _("就业情况统计表"),
        caption,
        layout,
        [(_("代码"), lambda row: row["code"]), (_("专业大类"), lambda row: row["name"] or _("合计"))],
        rows,
        total,
        notes,
    )
    workbook.move_sheet(sheet, offset=-1)
    categories = dict(Major.objects.values_list("code", "category__name"))
    rows, total = official_rows(figures, "major")
    sheet = _official_sheet(
        workbook,
        _("就业情况统计表（分专业）"),
        caption,
        layout,
        [
            (_("专业大类"), lambda row: categories.get(row["code"], "") if row["code"] else ""),
            (_("专业代码"), lambda row: row["code"]),
            (_("专业名称"), lambda row: row["name"] or _("合计")),
        ],
        rows,
        total,
        notes,
    )
    workbook.move_sheet(sheet, offset=-1)
    _sheet(workbook, _("按专业大类"), caption, *provincial_by_category(graduates, policy, figures))
    _sheet(workbook, _("按专业"), caption, *provincial_by_major(graduates, policy, figures))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return ProvincialWorkbook(buffer.getvalue(), template, listed)


def provincial_xlsx(
    stats: selectors.Statistics, *, salary_visible: bool = True, template: str | None = None
) -> bytes:
    return provincial_workbook(stats, salary_visible=salary_visible, template=template).content
