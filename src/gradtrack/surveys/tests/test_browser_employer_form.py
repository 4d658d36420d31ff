"""Journeys (acceptance, issue 15): an employer with no account and 20 prefilled graduates answers on a 390-px
phone in two steps, counting taps and page heights; staff typing the same answers from paper get the same
record; errors come back without a resubmission page; a guessed or expired link reveals nothing."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from gradtrack.core.models import SchoolProfile
from gradtrack.surveys import services
from gradtrack.surveys.models import Campaign, EmployerResponse, Invitation
from gradtrack.testing import axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 390


@pytest.fixture
def profile(db):
    return SchoolProfile.objects.create(
        name="攀枝花市华森职业学校",
        address="四川省米易县攀莲镇铁建路 88 号",
        phone="0812-9178178",
        email="2860505558@qq.com",
    )


def form_url(live_server, invitation):
    return f"{live_server.url}/f/{services.invitation_token(invitation)}/"


class Taps:
    """Counts the employer's taps (clicks on the page); typing is not a tap."""

    def __init__(self):
        self.count = 0

    def __call__(self, locator):
        locator.click()
        self.count += 1


SCREEN_HEIGHT = 844
TARGET_TAPS = 30
TARGET_SCREENS = 4

# Visible interactive elements whose box is below 44 × 44 px (the radios and the file input are hidden: their
# label is the target).
SMALL_TARGETS_JS = """() => [...document.querySelectorAll(
    'a[href], button, summary, label.btn, input:not([type=hidden]):not(.btn-check):not(.visually-hidden),'
    + ' select, textarea')]
  .filter(el => el.offsetParent !== null)
  .map(el => [el.tagName + ' ' + (el.textContent || el.name || '').trim().slice(0, 20), el.getBoundingClientRect()])
  .filter(([, box]) => box.height < 44 || box.width < 44)
  .map(([name, box]) => name + ' ' + Math.round(box.width) + 'x' + Math.round(box.height))"""


def assert_accessible(page):
    found = axe.violations(page)
    assert not found, axe.describe(found)
    small = page.evaluate(SMALL_TARGETS_JS)
    assert not small, small


def row(page, name):
    return page.locator("fieldset.gt-row", has=page.locator("legend", has_text=name))


def journey_answers(page, taps, left, corrected):
    """Step 1 and step 2 as the acceptance says; returns the page heights."""
    heights = {}
    page.get_by_text("这 20 位同学仍在贵单位吗？").wait_for()
    heights["step 1"] = page.evaluate("document.documentElement.scrollHeight")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    assert_accessible(page)
    taps(row(page, left).get_by_text("已离职", exact=True))
    taps(row(page, corrected).get_by_text("信息有误", exact=True))
    post = row(page, corrected).get_by_label("工作岗位")
    taps(post)
    post.fill("质检员")
    taps(page.get_by_role("button", name="下一步：单位评价"))

    # Step 2: 单位性质 and the counts prefilled (20 hired, 19 still there after step 1), accepted as they are.
    page.get_by_role("heading", name="基本数据").wait_for()
    heights["step 2"] = page.evaluate("document.documentElement.scrollHeight")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    assert page.locator('input[name="nature"][value="state_owned"]').is_checked()
    assert page.get_by_label("近三年以来到贵单位就业的我校学生人数（人）").input_value() == "20"
    assert page.get_by_label("至今仍在贵单位工作的我校毕业生人数（人）").input_value() == "19"
    assert_accessible(page)
    phone = page.get_by_label("联系电话")
    taps(phone)
    phone.fill("0812-3333333")
    taps(page.locator('label[for="id_quality_1"]'))  # 较高
    taps(page.locator('label[for="id_satisfaction_1"]'))  # 满意
    taps(page.get_by_role("button", name="全部良好（再逐项调整）"))
    assert page.locator('input[name="rating_physical"][value="good"]').is_checked()
    taps(page.locator('label[for="id_rating_performance_0"]'))  # 工作业绩: 优秀
    taps(page.locator('label[for="id_rating_foreign_language_2"]'))  # 外语能力: 一般
    confirmation = page.get_by_label("或填写确认人姓名代替盖章")
    taps(confirmation)
    confirmation.fill("赵经理")
    taps(page.get_by_role("button", name="提交登记表"))
    page.get_by_role("heading", name="登记表已提交，感谢您的支持！").wait_for()
    assert page.get_by_role("link", name="0812-9178178").is_visible()
    assert_accessible(page)
    return heights


def record(response) -> dict:
    return {
        "answers": {name: getattr(response, name) for name in services.FORM_FIELDS},
        "rows": list(response.graduates.values("graduate_id", *services.ROW_FIELDS)),
        "nature_code": response.nature_code_id,
    }


def test_an_employer_with_twenty_graduates_finishes_in_few_taps_and_a_paper_entry_gives_the_same_record(
    browser, live_server, profile, steel_invitation, employers, major, centre_user, client
):
    from gradtrack.core.models import EmployerNature
    from gradtrack.surveys.tests.conftest import YEAR, employ

    steel = employers["steel"]
    steel.nature = EmployerNature.objects.get(code="31")
    steel.save()
    employ(major, steel, YEAR, 16)  # 4 + 16 = 20 prefilled graduates
    rows = services.prefilled_rows(steel_invitation)
    assert len(rows) == 20
    left, corrected = rows[3]["name"], rows[7]["name"]

    page = browser.new_page(phone=True)
    page.goto(form_url(live_server, steel_invitation))
    taps = Taps()
    heights = journey_answers(page, taps, left, corrected)
    screens = {step: round(height / SCREEN_HEIGHT, 2) for step, height in heights.items()}
    print(
        f"\nemployer form, 20 graduates at 390x844: {taps.count} taps; page heights {heights} px = {screens} screens"
    )
    assert taps.count <= TARGET_TAPS
    assert all(height <= TARGET_SCREENS * SCREEN_HEIGHT for height in heights.values())

    online = EmployerResponse.objects.get(invitation=steel_invitation)
    assert online.source == "online" and online.is_submitted
    assert (online.hired_count, online.still_employed_count, online.quality, online.satisfaction) == (
        20,
        19,
        "fairly_high",
        "satisfied",
    )
    assert online.overall_evaluation == "good" and online.rating_performance == "excellent"
    assert online.rating_foreign_language == "fair" and online.rating_physical == "good"
    by_name = {r.name: r for r in online.graduates.all()}
    assert by_name[left].status == "left" and by_name[corrected].post == "质检员"
    assert by_name[corrected].status == "corrected" and online.graduates.count() == 20

    # The same answers typed in from the paper form by staff (PaperEntryView, the same forms).
    online_record = record(online)
    online.delete()
    Invitation.objects.filter(pk=steel_invitation.pk).update(submitted_at=None)
    client.force_login(centre_user)
    entry = reverse("surveys:paper_entry", args=[steel_invitation.pk])
    refs = re.findall(r'name="rows-\d+-row_ref" value="([^"]*)"', client.get(entry).content.decode())
    post = {
        "source": "paper",
        "action": "submit",
        "rows-TOTAL_FORMS": str(len(refs)),
        "rows-INITIAL_FORMS": str(len(refs)),
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "200",
        **{k: v for k, v in online_record["answers"].items() if v not in (None, "")},
    }
    for n, (ref, prefilled) in enumerate(zip(refs, rows, strict=True)):
        status = {left: "left", corrected: "corrected"}.get(prefilled["name"], "present")
        post.update({f"rows-{n}-row_ref": ref, f"rows-{n}-status": status})
        if status == "corrected":
            post.update({f"rows-{n}-post": "质检员", f"rows-{n}-title": prefilled["title"]})
    assert client.post(entry, post).status_code == 302
    paper = EmployerResponse.objects.get(invitation=steel_invitation)
    assert paper.source == "paper"
    assert record(paper) == online_record


def test_the_form_works_without_its_script(browser, live_server, profile, steel_invitation):
    """Plain forms: without employer_form.js every step posts and redirects, 信息有误 opens the correction by CSS
    alone, and 全部良好 is a round trip that comes back to the matrix."""
    page = browser.new_page(phone=True)
    page.route("**/employer_form.js", lambda route: route.abort())
    page.goto(form_url(live_server, steel_invitation))
    li_ming = row(page, "李明")
    assert not li_ming.get_by_label("工作岗位").is_visible()
    li_ming.get_by_text("信息有误", exact=True).click()
    li_ming.get_by_label("工作岗位").fill("电工")
    page.get_by_role("button", name="下一步：单位评价").click()
    page.get_by_role("button", name="全部良好（再逐项调整）").click()
    page.wait_for_url("**/2/#sec-matrix")
    assert page.locator('input[name="overall_evaluation"][value="good"]').is_checked()
    page.locator('label[for="id_quality_0"]').click()
    page.locator('label[for="id_satisfaction_0"]').click()
    page.locator('label[for="id_nature_2"]').click()
    page.get_by_label("联系电话").fill("0812-3333333")
    page.get_by_label("或填写确认人姓名代替盖章").fill("赵经理")
    page.get_by_role("button", name="提交登记表").click()
    page.get_by_role("heading", name="登记表已提交，感谢您的支持！").wait_for()
    saved = EmployerResponse.objects.get(invitation=steel_invitation)
    assert saved.is_submitted and saved.graduates.get(name="李明").post == "电工"


def test_the_employer_sees_chinese_errors_and_back_shows_no_resubmission_page(
    browser, live_server, profile, steel_invitation
):
    page = browser.new_page(phone=True)
    page.goto(form_url(live_server, steel_invitation).replace("/f/", "/f/") + "2/")
    page.get_by_label("近三年以来到贵单位就业的我校学生人数（人）").fill("2")
    page.get_by_label("至今仍在贵单位工作的我校毕业生人数（人）").fill("3")
    page.get_by_role("button", name="提交登记表").click()
    page.get_by_text("请检查标红的项目后再提交。").wait_for()
    assert page.get_by_text("请填写“整体质量水平”").is_visible()
    assert page.get_by_text("不能多于近三年到贵单位就业的人数").is_visible()
    assert page.get_by_label("至今仍在贵单位工作的我校毕业生人数（人）").input_value() == "3"
    assert not EmployerResponse.objects.filter(
        invitation=steel_invitation, submitted_at__isnull=False
    ).exists()
    # Post/Redirect/Get: Back goes to the page before, Forward to the errors page, never a resubmission.
    page.go_back()
    page.go_forward()
    assert "?check=1" in page.url


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
