"""Journey (acceptance): an employer with no account opens the link on a 390-px phone, fills every section,
submits, and cannot submit again; a guessed or expired link reveals nothing."""

import datetime

import pytest
from django.utils import timezone

from gradtrack.core.models import SchoolProfile
from gradtrack.surveys import services
from gradtrack.surveys.models import RATING_FIELDS, Campaign, EmployerResponse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 390


@pytest.fixture
def profile(db):
    return SchoolProfile.objects.create(name="攀枝花市华森职业学校", address="四川省米易县攀莲镇铁建路 88 号")


def form_url(live_server, invitation):
    return f"{live_server.url}/f/{services.invitation_token(invitation)}/"


def test_an_employer_fills_in_every_section_on_a_phone_and_submits_once(
    browser, live_server, profile, steel_invitation
):
    page = browser.new_page(phone=True)
    page.goto(form_url(live_server, steel_invitation))
    assert page.get_by_role("heading", name="攀枝花市华森职业学校毕业生就业跟踪登记表").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH

    # 用人单位: name prefilled, typed confirmation instead of a stamp, contact, nature.
    assert page.get_by_label("用人单位（盖章）").input_value() == "攀钢集团有限公司"
    page.get_by_label("或填写确认人姓名代替盖章").fill("赵经理")
    page.get_by_label("联系人").fill("赵经理")
    page.get_by_label("联系电话").fill("0812-3333333")
    page.get_by_label("国有企业").check()
    # The draft is kept while typing (static JS posting to the draft endpoint).
    page.get_by_text("草稿已自动保存").wait_for()

    # 一、the prefilled graduates, corrected.
    names = [page.locator(f'input[name="rows-{n}-name"]').input_value() for n in range(4)]
    assert "李明" in names
    page.locator(f'input[name="rows-{names.index("李明")}-post"]').fill("电工")

    # 二、evaluation: 1, 2 and the sixteen items.
    page.get_by_label("较高").check()
    page.get_by_label("很满意").check()
    for name in RATING_FIELDS:
        page.locator(f'input[name="{name}"][value="good"]').check()
    page.locator('input[name="rating_performance"][value="excellent"]').check()

    # 基本数据 and comments.
    page.get_by_label("近三年以来到贵单位就业的我校学生人数（人）").fill("6")
    page.get_by_label("至今仍在贵单位工作的我校毕业生人数（人）").fill("4")
    page.get_by_role("textbox", name="对我校毕业生就业工作的意见和建议").fill("希望加强安全生产教育。")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH

    page.get_by_role("button", name="提交登记表").click()
    page.get_by_role("heading", name="登记表已提交").wait_for()

    response = EmployerResponse.objects.get(invitation=steel_invitation)
    assert (response.source, response.nature_code.code, response.quality, response.satisfaction) == (
        "online",
        "31",
        "fairly_high",
        "very",
    )
    assert response.rating_performance == "excellent" and response.rating_physical == "good"
    assert (response.hired_count, response.still_employed_count) == (6, 4)
    assert response.graduates.filter(post="电工").exists()

    # Cannot submit again: the link now shows only the thanks, with no form and none of the data.
    page.goto(form_url(live_server, steel_invitation))
    assert page.get_by_role("heading", name="登记表已提交").is_visible()
    assert page.locator("form").count() == 0
    assert "李明" not in page.content()


def test_the_employer_sees_chinese_errors_before_the_form_is_complete(
    browser, live_server, profile, steel_invitation
):
    page = browser.new_page(phone=True)
    page.goto(form_url(live_server, steel_invitation))
    page.get_by_label("近三年以来到贵单位就业的我校学生人数（人）").fill("2")
    page.get_by_label("至今仍在贵单位工作的我校毕业生人数（人）").fill("3")
    page.get_by_role("button", name="提交登记表").click()
    page.get_by_text("请检查标红的项目后再提交。").wait_for()
    assert page.get_by_text("请填写“整体质量水平”").is_visible()
    assert page.get_by_text("不能多于近三年到贵单位就业的人数").is_visible()
    assert not EmployerResponse.objects.filter(
        invitation=steel_invitation, submitted_at__isnull=False
    ).exists()


def test_a_guessed_or_expired_link_reveals_nothing(browser, live_server, profile, steel_invitation, sent):
    page = browser.new_page(phone=True)
    page.goto(f"{live_server.url}/f/AAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBB/")
    assert page.get_by_role("heading", name="链接无效或已过期").is_visible()
    text = page.content()
    assert "华森" not in text and "攀钢" not in text and "李明" not in text

    Campaign.objects.filter(pk=sent.pk).update(closes_on=timezone.localdate() - datetime.timedelta(days=1))
    page.goto(form_url(live_server, steel_invitation))
    assert page.get_by_role("heading", name="链接无效或已过期").is_visible()
    text = page.content()
    assert "华森" not in text and "攀钢" not in text and "李明" not in text
    assert page.locator("form").count() == 0
