"""Journey: a member of staff signs in, finds graduates with a search, a filter and a sort, and exports the list."""

import io

import pytest
from openpyxl import load_workbook

from gradtrack.testing import axe
from gradtrack.testing.factories import GraduateFactory
from gradtrack.testing.journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cohorts(major):
    for student_no, name, year in [
        ("2023000001", "张伟", 2023),
        ("2024000011", "张敏", 2024),
        ("2024000012", "张强", 2024),
        ("2024000013", "李娜", 2024),
    ]:
        GraduateFactory(major=major, student_no=student_no, name=name, graduation_year=year)


def names_in_table(page) -> list[str]:
    return page.locator("tbody tr td:nth-child(2)").all_inner_texts()


def test_staff_search_filter_sort_and_export_the_graduates(
    browser, live_server, dept_user, password, cohorts
):
    page = browser.new_page()
    sign_in(page, live_server, dept_user, password)
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="毕业生", exact=True).click()
    page.wait_for_url("**/records/graduates/")
    assert sorted(names_in_table(page)) == ["张伟", "张强", "张敏", "李娜"]

    page.get_by_label("搜索").fill("张")
    page.get_by_label("届别").select_option("2024")
    page.get_by_role("button", name="查询").click()
    page.wait_for_url("**graduation_year=2024**")
    assert sorted(names_in_table(page)) == ["张强", "张敏"]

    page.get_by_role("link", name="学号").click()  # ascending, then descending
    page.wait_for_url("**sort=student_no**")
    assert names_in_table(page) == ["张敏", "张强"]
    page.get_by_role("link", name="学号").click()
    page.wait_for_url("**sort=-student_no**")
    assert names_in_table(page) == ["张强", "张敏"]
    assert page.locator("th[aria-sort=descending]").inner_text().strip() == "学号"
    assert axe.violations(page) == []

    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["张强", "张敏"]


def test_a_search_with_no_match_offers_to_clear_the_filters(
    browser, live_server, centre_user, password, cohorts
):
    page = browser.new_page(phone=True)
    sign_in(page, live_server, centre_user, password, next_path="/records/graduates/")
    page.get_by_label("搜索").fill("<script>alert(1)</script>")
    page.get_by_role("button", name="查询").click()
    page.get_by_text("没有符合条件的毕业生。").wait_for()
    page.get_by_role("link", name="清除筛选条件").click()
    page.wait_for_url("**/records/graduates/?")
    assert len(names_in_table(page)) == 4
