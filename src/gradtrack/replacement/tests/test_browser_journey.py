"""Journey: a laid-off graduate asks for re-placement on a 390-px-wide phone and sees the decision with its
clause; a member of staff, on a phone too, finds the request among the open ones and records the registration."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def frozen_today():
    # The browser keeps real time: a session cookie set on a frozen day would already have expired.
    yield None


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_laid_off_graduate_asks_on_a_phone_and_staff_register_them(
    browser, live_server, graduate_user, laid_off_job, dept_user, password
):
    phone = browser.new_page(phone=True)
    phone.goto(f"{live_server.url}/portal/login/")
    phone.get_by_label("学号").fill(graduate_user.graduate.student_no)
    phone.get_by_label("密码").fill(password)
    phone.get_by_role("button", name="登录").click()
    phone.wait_for_url(f"{live_server.url}/portal/")
    phone.get_by_role("link", name="申请再次安置").click()
    phone.get_by_label(laid_off_job.employer.name, exact=False).check()
    phone.get_by_role("button", name="提交申请").click()
    phone.wait_for_url(f"{live_server.url}/portal/replacement/*/")
    assert phone.get_by_text("免费再次安置").first.is_visible()
    assert phone.get_by_text("学校将免费进行再次就业安置。", exact=False).is_visible()
    assert fits_the_phone(phone)

    staff = browser.new_page(phone=True)
    staff.goto(f"{live_server.url}/accounts/login/")
    staff.get_by_label("用户名").fill(dept_user.username)
    staff.get_by_label("密码").fill(password)
    staff.get_by_role("button", name="登录").click()
    staff.wait_for_url(f"{live_server.url}/")
    staff.goto(f"{live_server.url}/replacement/")
    staff.get_by_role("link", name=graduate_user.graduate.name).click()
    staff.wait_for_url(f"{live_server.url}/replacement/*/")
    assert fits_the_phone(staff)
    staff.get_by_role("link", name="记录报名登记").click()
    staff.wait_for_url(f"{live_server.url}/replacement/*/register/")
    staff.get_by_role("button", name="保存").click()
    staff.wait_for_url(f"{live_server.url}/replacement/*/")
    assert staff.get_by_text("已记录报名登记。").is_visible()
    assert fits_the_phone(staff)
