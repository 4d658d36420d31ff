"""The employer form behind its link: no login; drafts, one submission, nothing revealed by a bad link."""

import datetime
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gradtrack.core.models import SchoolProfile
from gradtrack.surveys import services
from gradtrack.surveys.models import RATING_FIELDS, EmployerResponse, Invitation
from gradtrack.surveys.tests.conftest import YEAR, complete_answers

pytestmark = pytest.mark.django_db

SECRETS = ["李明", "攀钢集团有限公司", "华森职业学校", "数控技术应用"]


@pytest.fixture(autouse=True)
def school_profile(db):
    SchoolProfile.objects.create(name="攀枝花市华森职业学校", address="四川省米易县攀莲镇铁建路 88 号")


def url(invitation, name="form"):
    return reverse(f"employer_form:{name}", kwargs={"token": services.invitation_token(invitation)})


def form_post(action="submit", **overrides):
    data = {
        "action": action,
        "rows-TOTAL_FORMS": "1",
        "rows-INITIAL_FORMS": "1",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "200",
        "rows-0-name": "李明",
        "rows-0-post": "电工",
    }
    data.update({k: str(v) for k, v in complete_answers().items()})
    data.update(overrides)
    return data


def assert_reveals_nothing(content: str):
    for secret in SECRETS:
        assert secret not in content
    assert "<form" not in content


def test_the_link_opens_the_prefilled_form_without_an_account(client, steel_invitation):
    page = client.get(url(steel_invitation))
    content = page.content.decode()
    assert page.status_code == 200
    assert "攀枝花市华森职业学校毕业生就业跟踪登记表" in content
    assert "李明" in content and "钳工" in content
    for heading in [
        "一、我校毕业生工作基本情况",
        "二、单位评价",
        "基本数据",
        "对我校毕业生就业工作的意见和建议",
    ]:
        assert heading in content
    steel_invitation.refresh_from_db()
    assert steel_invitation.status() == Invitation.Status.OPENED


def test_the_form_asks_every_question_of_the_attachment_in_its_order(client, steel_invitation):
    content = client.get(url(steel_invitation)).content.decode()
    labels = [
        "思想政治表现",
        "专业知识",
        "职业道德",
        "工作能力",
        "敬业精神",
        "学习能力",
        "外语能力",
        "创新能力",
        "计算机能力",
        "协作能力",
        "适应能力",
        "组织管理能力",
        "竞争意识",
        "工作业绩",
        "挫折耐受力",
        "身体素质",
    ]
    positions = [content.index(f'<legend class="fs-6 mb-1">{label}</legend>') for label in labels]
    assert positions == sorted(positions)
    order = [
        "用人单位（盖章）",
        "联系人",
        "联系电话",
        "单位性质",
        "一、",
        "整体质量水平",
        "整体满意度",
        "3．",
        "基本数据",
        "意见和建议",
    ]
    assert [content.index(text) for text in order] == sorted(content.index(text) for text in order)
    for choice in [
        "机关",
        "事业单位",
        "国有企业",
        "股份公司",
        "私营企业",
        "其他",
        "较高",
        "没感觉",
        "优秀",
        "良好",
        "差",
    ]:
        assert choice in content


def test_the_form_page_has_no_inline_script(client, steel_invitation):
    content = client.get(url(steel_invitation)).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", content)
    assert "employer_form.js" in content


def test_a_complete_submission_is_saved_once_and_the_link_then_shows_only_thanks(client, steel_invitation):
    response = client.post(url(steel_invitation), form_post())
    assert response.status_code == 302
    saved = EmployerResponse.objects.get(invitation=steel_invitation)
    assert (saved.source, saved.quality, saved.still_employed_count) == ("online", "fairly_high", 4)
    assert saved.graduates.get().post == "电工"
    again = client.get(url(steel_invitation))
    assert "登记表已提交" in again.content.decode()
    assert_reveals_nothing(again.content.decode())
    second = client.post(url(steel_invitation), form_post(quality="low"))
    assert_reveals_nothing(second.content.decode())
    saved.refresh_from_db()
    assert saved.quality == "fairly_high"


def test_a_stamped_scan_can_replace_the_typed_confirmation(client, steel_invitation, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    scan = SimpleUploadedFile("stamp.png", b"\x89PNG fake", content_type="image/png")
    response = client.post(url(steel_invitation), {**form_post(stamp_confirmation=""), "stamp_scan": scan})
    assert response.status_code == 302
    assert EmployerResponse.objects.get(invitation=steel_invitation).stamp_scan.name.endswith(".png")


def test_missing_answers_come_back_with_clear_chinese_errors(client, steel_invitation):
    response = client.post(
        url(steel_invitation), form_post(rating_physical="", hired_count="3", still_employed_count="5")
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "请填写“身体素质”" in content
    assert "至今仍在贵单位工作的人数不能多于近三年到贵单位就业的人数" in content
    assert not EmployerResponse.objects.filter(
        invitation=steel_invitation, submitted_at__isnull=False
    ).exists()


def test_the_draft_endpoint_keeps_what_was_typed(client, steel_invitation):
    response = client.post(
        url(steel_invitation, "draft"),
        form_post(action="draft", quality="high", rating_political="excellent"),
    )
    assert response.status_code == 200 and response.json()["saved"] is True
    draft = EmployerResponse.objects.get(invitation=steel_invitation)
    assert (draft.quality, draft.rating_political, draft.is_submitted) == ("high", "excellent", False)
    page = client.get(url(steel_invitation)).content.decode()
    assert 'value="high" checked' in page or re.search(r'value="high"[^>]*checked', page)


def test_the_save_draft_button_works_without_javascript(client, steel_invitation):
    response = client.post(url(steel_invitation), form_post(action="draft", hired_count="x"))
    assert response.status_code == 302 and response.url.endswith("?saved=1")
    assert EmployerResponse.objects.get(invitation=steel_invitation).hired_count is None


@pytest.mark.parametrize(
    "token",
    ["nothing", "abc.def", "a" * 16 + "." + "b" * 24, "x" * 200],
)
def test_a_guessed_link_shows_a_friendly_page_revealing_nothing(client, steel_invitation, token):
    page = client.get(reverse("employer_form:form", kwargs={"token": token}))
    assert page.status_code == 404
    content = page.content.decode()
    assert "链接无效或已过期" in content
    assert_reveals_nothing(content)
    assert client.post(reverse("employer_form:draft", kwargs={"token": token}), {}).status_code == 410


def test_a_tampered_link_of_a_real_invitation_reveals_nothing(client, steel_invitation):
    token = services.invitation_token(steel_invitation)
    page = client.get(reverse("employer_form:form", kwargs={"token": token[:-2] + "AA"}))
    assert page.status_code == 404
    assert_reveals_nothing(page.content.decode())


def test_an_expired_link_shows_a_friendly_page_revealing_nothing(client, steel_invitation):
    with time_machine.travel(datetime.datetime(YEAR, 9, 1, 9, 0), tick=False):
        page = client.get(url(steel_invitation))
        assert page.status_code == 410
        assert "链接无效或已过期" in page.content.decode()
        assert_reveals_nothing(page.content.decode())
        assert client.post(url(steel_invitation), form_post()).status_code == 410
    assert not EmployerResponse.objects.filter(invitation=steel_invitation).exists()


def test_every_rating_field_is_on_the_form(client, steel_invitation):
    content = client.get(url(steel_invitation)).content.decode()
    for name in RATING_FIELDS:
        assert f'name="{name}"' in content


@pytest.mark.parametrize(("who", "status"), [("centre", 200), ("dept", 200), ("other_dept", 404)])
def test_staff_who_see_the_invitation_download_the_stamped_scan(
    client, request, who, status, steel_invitation, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    scan = SimpleUploadedFile("stamp.png", b"\x89PNG fake", content_type="image/png")
    client.post(url(steel_invitation), {**form_post(stamp_confirmation=""), "stamp_scan": scan})
    client.force_login(request.getfixturevalue(f"{who}_user"))
    response = client.get(reverse("surveys:stamp_scan", args=[steel_invitation.pk]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == b"\x89PNG fake"
