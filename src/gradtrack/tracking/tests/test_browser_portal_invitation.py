"""Journey: a graduate opens the invitation link on a phone, sets a password and lands in the portal. A real
browser sends the Origin header Django's CSRF check reads; with `Referrer-Policy: no-referrer` on the page,
Chromium sent `Origin: null` and the form was refused with a 403 — the test client never showed it."""

import pytest

from gradtrack.tracking import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_graduate_sets_a_password_from_the_invitation_link_on_a_phone(browser, live_server, graduate):
    _invitation, token = services.portal_invitation_create(graduate=graduate, acting_user=None)
    phone = browser.new_page(phone=True)
    phone.goto(f"{live_server.url}/portal/invitation/{token}/")
    phone.get_by_label("设置密码").fill("Panzhihua-2026-graduate")
    phone.get_by_label("再次输入密码").fill("Panzhihua-2026-graduate")
    phone.get_by_role("button", name="设置密码并登录").click()
    phone.wait_for_url(f"{live_server.url}/portal/")
    assert phone.get_by_text("密码已设置").is_visible()
    assert graduate.name in phone.locator("body").inner_text()


def test_a_refused_submission_explains_itself_in_chinese(browser, live_server):
    page = browser.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    # A form whose CSRF token was lost (a page left open too long, cookies cleared) is refused in Chinese.
    page.context.clear_cookies()
    page.get_by_label("用户名").fill("someone")
    page.get_by_label("密码").fill("whatever")
    page.get_by_role("button", name="登录").click()
    body = page.locator("body").inner_text()
    assert "提交未被接受" in body and "刷新后重新提交" in body
    assert "CSRF" not in body and "Forbidden" not in body
