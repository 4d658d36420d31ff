"""Journey: the centre imports a roster with a mistake, sees where it is, uploads the corrected file, confirms."""

import pytest

from gradtrack.records.models import Graduate
from gradtrack.testing import axe
from gradtrack.testing.journeys import sign_in
from gradtrack.testing.workbooks import person, xlsx_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def choose_file(page, content: bytes, name: str = "2024届名单.xlsx"):
    page.get_by_label("名单文件（.xlsx、.xls 或 .csv）").set_input_files(
        {"name": name, "mimeType": XLSX, "buffer": content}
    )


def test_an_import_with_an_error_then_the_fixed_file(browser, live_server, centre_user, password, major):
    wrong = [person("2024100001"), person("2024100002", 姓名="钱多多", 手机="12345")]
    fixed = [person("2024100001"), person("2024100002", 姓名="钱多多", 手机="13912345678")]
    page = browser.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # "确认导入？"
    sign_in(page, live_server, centre_user, password)

    page.get_by_role("link", name="Excel 导入").click()
    choose_file(page, xlsx_bytes(wrong))
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_url("**/preview/")
    problems = page.locator("#problems tbody tr")
    assert problems.count() == 1
    assert problems.first.locator("td").nth(0).inner_text() == "3"  # the Excel row of 钱多多
    assert problems.first.locator("td").nth(1).inner_text() == "手机"
    assert page.get_by_role("button", name="确认导入").count() == 0
    assert axe.violations(page) == []
    assert not Graduate.objects.exists()

    page.get_by_role("link", name="重新上传").click()
    choose_file(page, xlsx_bytes(fixed))
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_url("**/preview/")
    assert page.locator("#problems").count() == 0
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_url("**/result/")
    page.get_by_role("heading", name="导入结果").wait_for()
    assert sorted(Graduate.objects.values_list("name", flat=True)) == ["赵小龙", "钱多多"]

    page.get_by_role("link", name="钱多多").click()
    page.get_by_role("heading", name="钱多多").wait_for()
    assert page.get_by_role("link", name="13912345678").is_visible()
