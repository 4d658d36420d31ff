"""Journey: a member of staff signs in on a phone and reaches the 工作台."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_sign_in_on_a_phone_and_see_the_dashboard(
    browser, live_server, centre_user, password, graduate
):
    page = browser.new_page(phone=True)
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    page.get_by_label("用户名").fill(centre_user.username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", name="工作台").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
