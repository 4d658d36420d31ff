"""Spreadsheet exports of the statistics: each chart's table (core.xlsx), and the provincial
《中等职业学校毕业生就业情况统计表》 by 专业大类 and 专业 with the records flagged for checking.

Every number comes from stats.selectors; this module only lays it out.
"""

import io
from collections.abc import Iterator, Sequence

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from gradtrack.accounts import privacy
from gradtrack.core.models import Destination, PolicySettings
from gradtrack.core.xlsx import append_row, sheet_title, write_xlsx
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


def provincial_by_category(
    graduates: QuerySet[Graduate], policy: PolicySettings
) -> tuple[list[str], list[list]]:
    """One row per 专业大类 (the 2021 names, core.MajorCategory), then the total."""
    columns = ProvincialColumns(policy)
    headers = [_("专业大类代码"), _("专业大类"), *columns.headers()]
    rows = [
        [row["code"], row["name"], *columns.values(row)]
        for row in selectors.provincial_rows(graduates, "category", policy)
    ]
    total = selectors.provincial_rows(graduates, None, policy)
    rows += [["", _("合计"), *columns.values(row)] for row in total]
    return headers, rows


def provincial_by_major(
    graduates: QuerySet[Graduate], policy: PolicySettings
) -> tuple[list[str], list[list]]:
    """One row per 专业: its 专业大类, its code (the catalogue's, or the school's for a 校本专业) and name."""
    columns = ProvincialColumns(policy)
    headers = [_("专业大类"), _("专业代码"), _("专业名称"), *columns.headers()]
    categories = dict(Major.objects.values_list("code", "category__name"))
    rows = [
        [categories.get(row["code"], ""), row["code"], row["name"], *columns.values(row)]
        for row in selectors.provincial_rows(graduates, "major", policy)
    ]
    return headers, rows


def flagged_headers() -> list[str]:
    return [
        _("学号"),
        _("姓名"),
        _("届别"),
        _("系部"),
        _("专业"),
        _("毕业去向"),
        _("在职月薪（元）"),
        *selectors.flag_labels().values(),
    ]


def flagged_rows(
    graduates: QuerySet[Graduate], policy: PolicySettings, *, salary_visible: bool = True
) -> Iterator[list]:
    """The records flagged for checking; 月薪 masked for those who may not see salaries in bulk (privacy)."""
    mark = _("是")
    for graduate in selectors.flagged_graduates(graduates, policy).iterator(chunk_size=2000):
        yield [
            graduate.student_no,
            graduate.name,
            f"{graduate.graduation_year}届",
            graduate.department.name,
            graduate.major.name,
            _destination_label(graduate),
            graduate.current_salary if salary_visible else privacy.mask_salary(graduate.current_salary),
            *(mark if getattr(graduate, f"flag_{name}") else "" for name in selectors.flag_labels()),
        ]


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


def provincial_xlsx(stats: selectors.Statistics, *, salary_visible: bool = True) -> bytes:
    """The workbook: 按专业大类, 按专业, 待核查记录."""
    graduates = stats.cohorts.graduates(stats.scope.graduates())
    caption = _("%(scope)s %(cohorts)s 中等职业学校毕业生就业情况统计表") % {
        "scope": stats.scope.label,
        "cohorts": stats.cohorts.label,
    }
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(workbook, _("按专业大类"), caption, *provincial_by_category(graduates, stats.policy))
    _sheet(workbook, _("按专业"), caption, *provincial_by_major(graduates, stats.policy))
    _sheet(
        workbook,
        _("待核查记录"),
        _("待核查记录（当地最低工资标准 %(wage)s 元/月）") % {"wage": stats.policy.local_minimum_wage},
        flagged_headers(),
        flagged_rows(graduates, stats.policy, salary_visible=salary_visible),
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
