"""Journey (acceptance, issue 15): a graduate answers the 半年后 wave on a 390×844 phone by the personal link; the
salary that differs from the file arrives in 待确认变动; a second open of the link shows it answered. axe finds no
serious violation on the form, its error state or the thank-you page; every tap target is ≥ 44 px."""

import pytest

from gradtrack.core.models import SchoolProfile
from gradtrack.gradsurveys import services
from gradtrack.gradsurveys.tests.conftest import invitation_of
from gradtrack.testing import axe, csp
from gradtrack.testing.journeys import sign_in
from gradtrack.tracking.models import ChangeReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 390
MIN_TARGET = 44
# What a finger taps on the form: the answer tiles (the whole label is the target), the fields and the button.
TARGETS = "label.gs-option, input.form-control, textarea, button, a.btn"


@pytest.fixture
def profile(db):
    return SchoolProfile.objects.create(
        name="攀枝花市华森职业学校", phone="0812-5555555", email="jy@example.edu.cn"
    )


def small_targets(page) -> list[str]:
    boxes = page.eval_on_selector_all(
        TARGETS,
        """els => els.map(e => { const r = e.getBoundingClientRect();
            return [e.tagName + (e.name ? ':' + e.name : '') + ' ' + (e.innerText || '').trim(), r.width, r.height]; })""",
    )
    assert boxes, "no tap target found"
    return [f"{name} {w:.0f}×{h:.0f}" for name, w, h in boxes if w < MIN_TARGET or h < MIN_TARGET]


def assert_accessible(page):
    found = axe.violations(page)
    assert not found, axe.describe(found)
    assert csp.violations(page) == []
    assert small_targets(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH


def test_a_graduate_answers_on_a_phone_by_the_personal_link(
    browser, live_server, profile, wave, cohort, centre_user, password
):
    invitation = invitation_of(wave, cohort["placed"])
    url = f"{live_server.url}{services.invitation_path(invitation)}"
    page = browser.new_page(phone=True)
    csp.watch(page)
    page.goto(url)
    assert page.get_by_role("heading", name="攀枝花市华森职业学校毕业生调查").is_visible()
    assert_accessible(page)

    # The job comes prefilled from the file; the graduate corrects the salary and answers the rest.
    assert page.get_by_label("直接就业").is_checked()
    assert page.get_by_label("工作单位").input_value() == cohort["job"].employer.name
    assert page.get_by_label("月收入（元，税前）").input_value() == "4200"
    page.get_by_label("月收入（元，税前）").fill("4900")
    page.get_by_role("group", name="工作与所学专业对口吗").get_by_label("基本对口").check()
    page.get_by_role("group", name="你对目前工作的总体评价").get_by_label("良好").check()
    page.get_by_role("group", name="你对母校教育教学的评价").get_by_label("优秀").check()
    # 就业指导服务 forgotten: the form comes back (after a redirect) with the answers kept and the error named.
    page.get_by_role("button", name="提交").click()
    page.get_by_text("请检查标红的项目后再提交。").wait_for()
    assert page.get_by_text("请选择“你对母校就业指导服务的评价”").is_visible()
    assert page.get_by_label("月收入（元，税前）").input_value() == "4900"
    assert page.url == url  # Post/Redirect/Get: reloading asks nothing
    assert_accessible(page)

    page.get_by_role("group", name="你对母校就业指导服务的评价").get_by_label("良好").check()
    page.get_by_label("对母校的意见和建议").fill("希望多组织专场招聘会。")
    page.get_by_role("button", name="提交").click()
    page.get_by_role("heading", name="谢谢你的填写！").wait_for()
    assert page.get_by_role("link", name="电话 0812-5555555").is_visible()
    assert_accessible(page)

    change = ChangeReport.objects.get(service=cohort["service"])
    assert (change.change_type, change.new_salary, change.status, change.reported_by) == (
        "salary",
        4900,
        "pending",
        "graduate",
    )

    # A second open of the link shows it answered, with no form.
    page.goto(url)
    assert page.get_by_role("heading", name="你已完成本轮调查").is_visible()
    assert page.locator("form").count() == 0

    # The centre finds the change in 待确认变动.
    staff = browser.new_page()
    sign_in(staff, live_server, centre_user, password)
    staff.goto(f"{live_server.url}/tracking/changes/")
    row = staff.locator("tr", has_text="张伟")
    assert row.count() >= 1 and "调资" in row.first.inner_text()


def test_the_response_rate_page_is_accessible(browser, live_server, wave, centre_user, password):
    page = browser.new_page()
    csp.watch(page)
    sign_in(page, live_server, centre_user, password)
    page.goto(f"{live_server.url}/graduate-surveys/{wave.pk}/")
    assert page.get_by_role("heading", name="各班级回收率").is_visible()
    found = axe.violations(page)
    assert not found, axe.describe(found)
    assert csp.violations(page) == []
