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
    assert "一、我校毕业生工作基本情况" in content and "这 4 位同学仍在贵单位吗？" in content
    assert "第 1 步" in content and 'aria-current="step"' in content
    answers = client.get(url(steel_invitation, "answers")).content.decode()
    for heading in [
        "二、单位评价",
        "基本数据",
        "对我校毕业生就业质量的整体评价",
        "对我校毕业生就业工作的意见和建议",
    ]:
        assert heading in answers
    steel_invitation.refresh_from_db()
    assert steel_invitation.status() == Invitation.Status.OPENED


def test_the_form_asks_every_question_of_the_attachment_in_its_order(client, steel_invitation):
    content = client.get(url(steel_invitation, "answers")).content.decode()
    labels = [
        "对我校毕业生就业质量的整体评价",
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
    positions = [content.index(f'<legend class="visually-hidden">{label}</legend>') for label in labels]
    assert positions == sorted(positions)
    # Step 2 (issue 15): the unit and its 单位性质, 基本数据 before the evaluation, the stamp last.
    order = [
        "用人单位（盖章）",
        "联系人",
        "联系电话",
        "单位性质",
        "基本数据",
        "整体质量水平",
        "整体满意度",
        "3．",
        "全部良好",
        "对我校毕业生就业质量的整体评价",
        "思想政治表现",
        "意见和建议",
        "盖章确认",
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


@pytest.mark.parametrize("step", ["form", "answers"])
def test_the_form_page_has_no_inline_script(client, steel_invitation, step):
    content = client.get(url(steel_invitation, step)).content.decode()
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
        url(steel_invitation, "answers"),
        form_post(step="2", rating_physical="", hired_count="3", still_employed_count="5"),
    )
    # Post/Redirect/Get: the refusal is a redirect, so Back never asks to resubmit; the page shows the errors
    # with what was typed, and the answers that fit are kept as a draft.
    assert response.status_code == 302 and response.url == url(steel_invitation, "answers") + "?check=1"
    content = client.get(response.url).content.decode()
    assert "请检查标红的项目后再提交" in content
    assert re.search(r'name="still_employed_count" value="5"', content)
    assert EmployerResponse.objects.get(invitation=steel_invitation).quality == "fairly_high"
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
    page = client.get(url(steel_invitation, "answers")).content.decode()
    assert re.search(r'value="high"[^>]*checked', page)


def test_the_save_draft_button_works_without_javascript(client, steel_invitation):
    response = client.post(
        url(steel_invitation, "answers"), form_post(step="2", action="draft", hired_count="x")
    )
    assert response.status_code == 302 and response.url == url(steel_invitation, "answers") + "?saved=1"
    # A count that does not parse is left out: the draft keeps the one prefilled from the records.
    assert EmployerResponse.objects.get(invitation=steel_invitation).hired_count == 4


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
    content = client.get(url(steel_invitation, "answers")).content.decode()
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


# --- Abuse bounded (issue 16): one scan per response, opaque row references, rate limits -------------------


def stamp(n=0):
    return SimpleUploadedFile(f"stamp{n}.png", b"\x89PNG fake %d" % n, content_type="image/png")


def stored_scans(media) -> list:
    return [path for path in media.rglob("*") if path.is_file()]


def test_twenty_draft_saves_with_a_scan_leave_one_file(
    client, steel_invitation, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    for n in range(20):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                url(steel_invitation), {**form_post(action="draft"), "stamp_scan": stamp(n)}
            )
        assert response.status_code == 302
    scans = stored_scans(tmp_path)
    assert len(scans) == 1
    assert scans[0].read_bytes() == b"\x89PNG fake 19"
    assert EmployerResponse.objects.get(invitation=steel_invitation).stamp_scan.path == str(scans[0])


def test_a_submission_with_a_new_scan_replaces_the_drafts(
    client, steel_invitation, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(steel_invitation), {**form_post(action="draft"), "stamp_scan": stamp(1)})
        client.post(url(steel_invitation), {**form_post(stamp_confirmation=""), "stamp_scan": stamp(2)})
    assert [path.read_bytes() for path in stored_scans(tmp_path)] == [b"\x89PNG fake 2"]


def test_a_draft_without_a_new_scan_keeps_the_old_one(
    client, steel_invitation, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(steel_invitation), {**form_post(action="draft"), "stamp_scan": stamp(1)})
        client.post(url(steel_invitation), form_post(action="draft"))
    assert len(stored_scans(tmp_path)) == 1
    assert EmployerResponse.objects.get(invitation=steel_invitation).stamp_scan


def row_refs(page: str) -> list[str]:
    return re.findall(r'name="rows-\d+-row_ref" value="([^"]*)"', page)


def test_the_form_names_its_graduates_by_opaque_references_never_their_ids(client, steel_invitation):
    page = client.get(url(steel_invitation)).content.decode()
    graduate_ids = [row["graduate_id"] for row in services.prefilled_rows(steel_invitation)]
    refs = row_refs(page)
    assert graduate_ids and len(refs) == len(graduate_ids)
    assert "graduate_id" not in page
    # The only hidden field of a row is its reference: 24 hex digits of an HMAC, no id.
    assert set(re.findall(r'type="hidden" name="rows-\d+-([a-z_]+)"', page)) == {"row_ref"}
    assert not {str(graduate_id) for graduate_id in graduate_ids} & set(refs)
    assert all(re.fullmatch(r"[0-9a-f]{24}", ref) for ref in refs)


def test_a_row_posted_back_with_its_reference_stays_linked_to_the_graduate(client, steel_invitation):
    ref = row_refs(client.get(url(steel_invitation)).content.decode())[0]
    graduate_id = services.prefilled_rows(steel_invitation)[0]["graduate_id"]
    response = client.post(url(steel_invitation), form_post(**{"rows-0-row_ref": ref}))
    assert response.status_code == 302
    row = EmployerResponse.objects.get(invitation=steel_invitation).graduates.get()
    assert row.graduate_id == graduate_id


@pytest.mark.parametrize("ref", ["1", "x" * 24, "graduate-42"])
def test_a_tampered_reference_is_refused_with_a_chinese_error_and_nothing_saved(
    client, steel_invitation, ref
):
    response = client.post(url(steel_invitation), form_post(**{"rows-0-row_ref": ref}))
    assert response.status_code == 400
    assert "第 1 行毕业生的标识无效（页面内容可能被改动），未保存" in response.content.decode()
    assert not EmployerResponse.objects.filter(invitation=steel_invitation).exists()
    draft = client.post(url(steel_invitation, "draft"), form_post(action="draft", **{"rows-0-row_ref": ref}))
    assert draft.status_code == 400 and "标识无效" in draft.json()["detail"]
    assert not EmployerResponse.objects.filter(invitation=steel_invitation).exists()


def test_a_reference_of_another_invitation_is_refused(client, steel_invitation, hotel_invitation):
    from gradtrack.surveys.public_views import row_ref

    graduate_id = services.prefilled_rows(steel_invitation)[0]["graduate_id"]
    response = client.post(
        url(hotel_invitation), form_post(**{"rows-0-row_ref": row_ref(hotel_invitation, graduate_id)})
    )
    assert response.status_code == 400


def test_a_link_saving_too_often_is_refused_and_the_page_keeps_what_was_typed(
    client, steel_invitation, settings
):
    settings.EMPLOYER_FORM_SAVES_PER_LINK = 3
    for _ in range(3):
        assert client.post(url(steel_invitation, "draft"), form_post(action="draft")).status_code == 200
    refused = client.post(url(steel_invitation, "answers"), form_post(step="2", suggestions="多组织实习"))
    assert refused.status_code == 429
    content = refused.content.decode()
    assert "该登记表保存过于频繁，请 60 分钟后再试；已填写的内容仍在本页，未丢失。" in content
    assert "多组织实习" in content
    draft = client.post(url(steel_invitation, "draft"), form_post(action="draft"))
    assert draft.status_code == 429 and draft.json()["saved"] is False
    assert EmployerResponse.objects.get(invitation=steel_invitation).submitted_at is None


def test_an_address_saving_too_often_is_refused_on_every_link(
    client, steel_invitation, hotel_invitation, settings
):
    settings.EMPLOYER_FORM_SAVES_PER_ADDRESS = 2
    post = form_post(action="draft")
    assert client.post(url(steel_invitation, "draft"), post, REMOTE_ADDR="10.1.1.1").status_code == 200
    assert client.post(url(hotel_invitation, "draft"), post, REMOTE_ADDR="10.1.1.1").status_code == 200
    refused = client.post(url(hotel_invitation, "draft"), post, REMOTE_ADDR="10.1.1.1")
    assert refused.status_code == 429 and "网络地址提交过于频繁" in refused.json()["detail"]
    # Another address is not affected.
    assert client.post(url(hotel_invitation, "draft"), post, REMOTE_ADDR="10.1.1.2").status_code == 200


# --- Two steps (issue 15 item 1) ---------------------------------------------------------------------------


def step_one_post(page: str, **statuses) -> dict:
    """Step 1 as the page would post it: every row's reference and status (在岗 unless given), and the blank
    增加一位 row; ``statuses`` maps a row number to (status, post)."""
    refs = row_refs(page)
    data = {
        "step": "1",
        "action": "next",
        "rows-TOTAL_FORMS": str(len(refs) + 1),
        "rows-INITIAL_FORMS": str(len(refs)),
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "200",
    }
    for n, ref in enumerate(refs):
        status, post = statuses.get(f"row{n}", ("present", None))
        data.update({f"rows-{n}-row_ref": ref, f"rows-{n}-status": status})
        if post is not None:
            data.update({f"rows-{n}-post": post, f"rows-{n}-title": ""})
    return data


def test_step_one_saves_who_left_and_a_corrected_post_and_the_counts_follow(client, steel_invitation):
    from gradtrack.core.models import EmployerNature

    steel = steel_invitation.employer
    steel.nature = EmployerNature.objects.get(code="31")
    steel.save()
    page = client.get(url(steel_invitation)).content.decode()
    prefilled = services.prefilled_rows(steel_invitation)
    response = client.post(
        url(steel_invitation), step_one_post(page, row0=("left", None), row1=("corrected", "质检员"))
    )
    assert response.status_code == 302 and response.url == url(steel_invitation, "answers")
    saved = EmployerResponse.objects.get(invitation=steel_invitation)
    rows = list(saved.graduates.order_by("position"))
    assert [row.status for row in rows] == ["left", "corrected", "present", "present"]
    assert rows[1].post == "质检员"
    # The compact rows posted no name, major or tenure: they keep the school's values, linked to the record.
    assert [(r.name, r.major, r.tenure, r.graduate_id) for r in rows] == [
        (p["name"], p["major"], p["tenure"], p["graduate_id"]) for p in prefilled
    ]
    assert (saved.hired_count, saved.still_employed_count, saved.submitted_at) == (4, 3, None)
    answers = client.get(response.url).content.decode()
    assert re.search(r'name="still_employed_count" value="3"', answers)
    # 单位性质 prefilled from the school's record of the employer (31 国有企业).
    assert re.search(r'value="state_owned"[^>]*checked', answers)


def test_step_one_adds_a_graduate_the_school_missed(client, steel_invitation):
    page = client.get(url(steel_invitation)).content.decode()
    data = step_one_post(page)
    data.update(
        {"rows-4-name": "王新", "rows-4-gender": "女", "rows-4-major": "电子商务", "rows-4-post": "客服"}
    )
    assert client.post(url(steel_invitation), data).status_code == 302
    added = EmployerResponse.objects.get(invitation=steel_invitation).graduates.get(name="王新")
    assert (added.graduate_id, added.gender, added.post, added.status) == (None, "女", "客服", "present")


def test_all_good_without_javascript_answers_the_matrix_and_returns_to_it(client, steel_invitation):
    response = client.post(
        url(steel_invitation, "answers"), {"step": "2", "action": "all_good", "quality": "high"}
    )
    assert response.status_code == 302 and response.url.endswith("#sec-matrix")
    saved = EmployerResponse.objects.get(invitation=steel_invitation)
    assert {getattr(saved, name) for name in ["overall_evaluation", *RATING_FIELDS]} == {"good"}
    assert saved.quality == "high"


def test_step_two_leaves_the_rows_of_step_one_as_they_were(client, steel_invitation):
    page = client.get(url(steel_invitation)).content.decode()
    client.post(url(steel_invitation), step_one_post(page, row0=("left", None)))
    post = {k: v for k, v in form_post(step="2").items() if not k.startswith("rows-")}
    response = client.post(url(steel_invitation, "answers"), post)
    assert response.status_code == 302 and response.url == url(steel_invitation, "thanks")
    saved = EmployerResponse.objects.get(invitation=steel_invitation)
    assert saved.is_submitted and saved.graduates.count() == 4
    assert saved.graduates.filter(status="left").count() == 1


def test_the_thanks_page_gives_the_schools_phone_and_email(client, steel_invitation):
    SchoolProfile.objects.update(phone="0812-9178178", email="2860505558@qq.com")
    assert client.get(url(steel_invitation, "thanks")).status_code == 404
    client.post(url(steel_invitation), form_post())
    content = client.get(url(steel_invitation, "thanks")).content.decode()
    assert "感谢您的支持" in content and "0812-9178178" in content and "2860505558@qq.com" in content
    assert "李明" not in content and "<form" not in content


# --- Sharing the link (issue 15 item 3) --------------------------------------------------------------------


def test_the_invitation_page_offers_the_link_and_a_text_to_paste_into_wechat(
    client, centre_user, steel_invitation
):
    from gradtrack.surveys.models import Campaign

    client.force_login(centre_user)
    page = client.get(reverse("surveys:invitation_detail", args=[steel_invitation.pk])).content.decode()
    link = "http://testserver" + services.invitation_path(steel_invitation)
    text = re.search(r'<textarea[^>]*id="share-text"[^>]*>([^<]*)</textarea>', page).group(1)
    closes = Campaign.objects.get(pk=steel_invitation.campaign_id).closes_on
    for part in [
        "攀枝花市华森职业学校",
        "毕业生就业跟踪",
        link,
        f"{closes.year}年{closes.month}月{closes.day}日",
    ]:
        assert part in text
    assert 'data-copy="share-link"' in page and 'data-copy="share-text"' in page
    assert "invitation_share.js" in page


def test_the_qr_sheet_prints_the_employers_code_link_and_deadline(client, centre_user, steel_invitation):
    client.force_login(centre_user)
    page = client.get(reverse("surveys:invitation_qr_sheet", args=[steel_invitation.pk])).content.decode()
    assert "<svg" in page and "攀钢集团有限公司" in page and "前有效" in page
    assert services.invitation_path(steel_invitation) in page


def test_the_qr_sheet_is_only_for_staff_who_see_the_invitation(client, other_dept_user, steel_invitation):
    client.force_login(other_dept_user)
    assert client.get(reverse("surveys:invitation_qr_sheet", args=[steel_invitation.pk])).status_code == 404


def test_all_good_on_the_paper_entry_page_fills_the_matrix_and_submits_nothing(
    client, centre_user, steel_invitation
):
    client.force_login(centre_user)
    entry = reverse("surveys:paper_entry", args=[steel_invitation.pk])
    response = client.post(entry, {**form_post(action="all_good"), "source": "paper", "rating_physical": ""})
    assert response.status_code == 302
    saved = EmployerResponse.objects.get(invitation=steel_invitation)
    assert saved.rating_physical == "good" and not saved.is_submitted


def test_back_from_step_two_keeps_what_was_answered(client, steel_invitation):
    response = client.post(
        url(steel_invitation, "answers"), {"step": "2", "action": "back", "quality": "low"}
    )
    assert response.status_code == 302 and response.url == url(steel_invitation) + "?saved=1"
    assert EmployerResponse.objects.get(invitation=steel_invitation).quality == "low"
    assert "草稿已保存" in client.get(response.url).content.decode()
