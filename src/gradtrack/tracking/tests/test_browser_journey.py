"""Journey (acceptance): a graduate on a 390-px-wide phone signs in and reports a salary raise; a member of
staff confirms it; the job shows the new salary and its history the old one."""

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from gradtrack.testing.journeys import portal_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_graduate_reports_a_raise_on_a_phone_and_staff_confirm_it(
    browser, live_server, graduate_user, service, job, dept_user, password
):
    phone = browser.new_page(phone=True)
    portal_sign_in(phone, live_server, graduate_user, password)
    assert phone.get_by_text("服务中").first.is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    phone.get_by_role("link", name="通报变动").click()
    phone.get_by_label("变动类型").select_option(label="调资")
    phone.get_by_label("发生日期").fill(timezone.localdate().isoformat())
    phone.get_by_label("新月薪（元）").fill("5200")
    phone.get_by_role("button", name="提交通报").click()
    phone.wait_for_url(f"{live_server.url}/portal/changes/*/")
    assert phone.get_by_text("待确认").first.is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    desk = browser.new_page()
    desk.goto(f"{live_server.url}/accounts/login/")
    desk.get_by_label("用户名").fill(dept_user.username)
    desk.get_by_label("密码").fill(password)
    desk.get_by_role("button", name="登录").click()
    desk.wait_for_url(f"{live_server.url}/")
    desk.goto(f"{live_server.url}/tracking/changes/")
    desk.get_by_role("link", name=graduate_user.graduate.name).click()
    desk.get_by_role("button", name="确认并更新档案").click()
    assert desk.get_by_text("已确认变动，就业档案已更新。").is_visible()

    desk.goto(f"{live_server.url}/records/graduates/{job.graduate_id}/")
    job_card = desk.locator(f"#job-{job.pk}").locator("xpath=../..")
    assert "5200" in job_card.inner_text()
    history = desk.locator(".history-old", has_text="4200.00")
    assert history.count() >= 1
    assert desk.locator(".history-new", has_text="5200.00").count() >= 1

    phone.reload()
    assert phone.get_by_text("已确认").first.is_visible()


def test_a_graduate_confirms_nothing_changed_on_a_phone(
    browser, live_server, graduate_user, service, password
):
    # The quarterly follow-up is due (the service fixture's start is 13 months ago).
    assert service.next_follow_up_due < timezone.localdate()
    phone = browser.new_page(phone=True)
    portal_sign_in(phone, live_server, graduate_user, password)
    assert phone.get_by_role("heading", name="您的工作有变化吗？").is_visible()
    phone.get_by_role("button", name="无变化").click()
    assert phone.get_by_text("已记录你的确认").is_visible()
    assert phone.locator("[data-self-confirm]").count() == 0
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    service.refresh_from_db()
    assert service.next_follow_up_due == timezone.localdate() + relativedelta(months=3)
    contact = service.contacts.get()
    assert (contact.channel, contact.reached, contact.staff) == ("self", True, None)
