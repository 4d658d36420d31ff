"""Every way a roster writes a date, a salary, a name or a number (no database)."""

import datetime
from decimal import Decimal

import pytest

from gradtrack.imports import cells


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.datetime(2024, 6, 30, 0, 0), datetime.date(2024, 6, 30)),
        (datetime.date(2024, 6, 30), datetime.date(2024, 6, 30)),
        (45473, datetime.date(2024, 6, 30)),  # an Excel date cell that lost its format
        (45473.0, datetime.date(2024, 6, 30)),
        ("2024-06-30", datetime.date(2024, 6, 30)),
        ("2024/06/30", datetime.date(2024, 6, 30)),
        ("2024/6/30", datetime.date(2024, 6, 30)),
        ("2024.6.30", datetime.date(2024, 6, 30)),
        ("2024年6月30日", datetime.date(2024, 6, 30)),
        ("2024年6月30号", datetime.date(2024, 6, 30)),
        ("20240630", datetime.date(2024, 6, 30)),
        (20240630, datetime.date(2024, 6, 30)),
        ("2024-06-30 00:00:00", datetime.date(2024, 6, 30)),
        ("２０２４年６月３０日", datetime.date(2024, 6, 30)),
        (" 2024 - 06 - 30 ", datetime.date(2024, 6, 30)),
        ("2024-06", datetime.date(2024, 6, 1)),
        ("2024.6", datetime.date(2024, 6, 1)),
        ("2024.10", datetime.date(2024, 10, 1)),
        (2024.6, datetime.date(2024, 6, 1)),
        (2024.12, datetime.date(2024, 12, 1)),
        ("2024/06", datetime.date(2024, 6, 1)),
        ("2024年6月", datetime.date(2024, 6, 1)),
        ("2024年6", datetime.date(2024, 6, 1)),
        ("202406", datetime.date(2024, 6, 1)),
    ],
)
def test_it_reads_every_date_format_rosters_use(value, expected):
    assert cells.a_date(value) == expected


@pytest.mark.parametrize(
    "value",
    ["下个月", "2024-13", "2024-02-30", "6/30/2024", "24-06-30", "2024年13月", 12345, "1850-01"],
)
def test_it_refuses_a_date_it_cannot_read(value):
    with pytest.raises(cells.CellError):
        cells.a_date(value)


def test_a_number_like_2024_1_is_refused_because_it_may_have_been_october():
    with pytest.raises(cells.CellError, match="10 月"):
        cells.a_date(2024.1)


def test_a_start_date_needs_at_least_a_month():
    with pytest.raises(cells.CellError, match="只有年份"):
        cells.a_date("2024")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-06", (2024, 6)),
        ("2024.6", (2024, 6)),
        ("2024年6月", (2024, 6)),
        ("2024/06/30", (2024, 6)),
        (datetime.datetime(2024, 7, 1), (2024, 7)),
        ("2024", (2024, None)),
        (2024, (2024, None)),
        ("2024届", (2024, None)),
        ("２０２４届", (2024, None)),
    ],
)
def test_graduation_time_gives_year_and_month(value, expected):
    assert cells.year_and_month(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (4500, Decimal("4500.00")),
        (4500.5, Decimal("4500.50")),
        ("4,500", Decimal("4500.00")),
        ("4500元", Decimal("4500.00")),
        ("￥4500.00", Decimal("4500.00")),
        ("４５００", Decimal("4500.00")),
        (" 4500 元/月 ", Decimal("4500.00")),
        (0, Decimal("0.00")),
    ],
)
def test_it_reads_salaries(value, expected):
    assert cells.salary(value) == expected


def test_a_negative_salary_is_refused():
    with pytest.raises(cells.CellError, match="不能为负数"):
        cells.salary(-100)


@pytest.mark.parametrize("value", ["面议", "4000-5000", "三千"])
def test_an_unreadable_salary_is_refused(value):
    with pytest.raises(cells.CellError, match="无法识别的月薪"):
        cells.salary(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024000001", "2024000001"),
        (2024000001, "2024000001"),
        (2024000001.0, "2024000001"),
        (" ２０２４０００００１ ", "2024000001"),
        ("2024 0000 01", "2024000001"),
    ],
)
def test_codes_keep_every_digit_and_lose_width_and_spaces(value, expected):
    assert cells.code(value) == expected


def test_an_18_digit_number_stored_as_a_float_is_refused():
    with pytest.raises(cells.CellError, match="15 位"):
        cells.code(5.10421200503011e17)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("李  明", "李明"), ("李　明", "李明"), (" 欧阳 小 明 ", "欧阳小明"), ("Ayi  Mu", "Ayi Mu")],
)
def test_names_lose_the_padding_rosters_use_for_alignment(value, expected):
    assert cells.person_name(value) == expected


def test_text_is_trimmed_and_inner_spaces_collapsed():
    assert cells.text("  攀枝花市   东区\u3000") == "攀枝花市 东区"
    assert cells.halfwidth_text("２１级数控１班") == "21级数控1班"


def test_a_choice_lists_what_may_be_written():
    options = {cells.lookup_key("男"): "男"}
    assert cells.choice(" 男 ", options, "男、女") == "男"
    with pytest.raises(cells.CellError, match="可填写：男、女"):
        cells.choice("未知", options, "男、女")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("'=HYPERLINK(1)", "=HYPERLINK(1)"),
        ("'-wx_1", "-wx_1"),
        ("'+86 138", "+86 138"),
        ("'@me", "@me"),
        ("'abc", "'abc"),
        ("O'Neil", "O'Neil"),
    ],
)
def test_the_apostrophe_an_export_puts_before_a_formula_is_taken_off(value, expected):
    # core.xlsx.neutralise writes '= '+ '- '@ so that no spreadsheet runs the cell; the import reads the value back
    assert cells.text(value) == expected
    assert cells.code(value) == expected.replace(" ", "")
