"""Journey: on a fresh install the centre uploads a first roster; one major is not in the 中职 catalogue, the
preview asks that one choice, and the roster imports after it with catalogue codes (issue 12)."""

import pytest

from gradtrack.core import reference
from gradtrack.records.models import Graduate, Major
from gradtrack.testing import axe
from gradtrack.testing.journeys import sign_in
from gradtrack.testing.workbooks import person, xlsx_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_a_first_roster_with_one_unknown_major_imports_after_one_choice(
    browser, live_server, centre_user, password
):
    roster = [
        person("2026000001", 系部="机电工程系", 专业="机电技术应用", 毕业时间="2026-06"),
        person("2026000002", 系部="机电工程系", 专业="数控技术", 毕业时间="2026-06"),
        person("2026000003", 系部="机电工程系", 专业="数控技术", 毕业时间="2026-06", 姓名="钱多多"),
    ]
    page = browser.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # "确认导入？"
    sign_in(page, live_server, centre_user, password)

    page.get_by_role("link", name="Excel 导入").click()
    page.locator("input[type=file]").set_input_files(
        {"name": "2026届名单.xlsx", "mimeType": XLSX, "buffer": xlsx_bytes(roster)}
    )
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_url("**/preview/")
    choice = page.get_by_label("数控技术")
    assert page.locator("#major-choices select").count() == 1  # one choice for the major, not one per row
    assert page.get_by_role("button", name="确认导入").count() == 0
    assert axe.violations(page) == []

    choice.select_option("660103")
    page.get_by_role("button", name="按所选专业重新检查").click()
    page.wait_for_url("**/preview/")
    assert page.locator("#major-choices").count() == 0
    assert page.locator("#problems").count() == 0
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_url("**/result/")
    page.get_by_role("heading", name="导入结果").wait_for()

    assert Graduate.objects.count() == 3
    catalogue = {row["code"]: row for row in reference.rows(reference.MAJORS)}
    assert sorted(Major.objects.values_list("code", "name", "category__name")) == [
        (code, catalogue[code]["name"], catalogue[code]["category_name"]) for code in ("660103", "660301")
    ]
