"""POLICY §1 "Nothing with tracking history is ever lost", across the apps: a graduate whose service holds a
违规记录 cannot be deleted from the page, the API or the shell (nor by raw SQL), on SQLite and PostgreSQL; it is
archived instead, and restored; an administrator's erasure blanks the personal fields and keeps the flag."""

import json

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from gradtrack.accounts.models import User
from gradtrack.core.models import HistoryEntry
from gradtrack.records import selectors
from gradtrack.records import services as records_services
from gradtrack.records.models import Employment, Graduate
from gradtrack.security.models import AccessLogEntry
from gradtrack.testing.factories import EmploymentFactory, GraduateFactory
from gradtrack.tracking import selectors as tracking_selectors
from gradtrack.tracking import services
from gradtrack.tracking.models import (
    ChangeReport,
    FollowUpContact,
    TrackingService,
    Verification,
    ViolationFlag,
)

TRACKED = (Graduate, Employment, TrackingService, ChangeReport, FollowUpContact, Verification, ViolationFlag)


@pytest.fixture
def flag(service, dept_user):
    """李明 (the shared `graduate`), with a school-arranged job, its service, a contact and a 违规记录."""
    services.follow_up_contact_log(
        service=service,
        data={
            "contacted_on": timezone.localdate(),
            "channel": "phone",
            "reached": True,
            "notes": "李明本人接听",
        },
        acting_user=dept_user,
    )
    verification = services.verification_record(
        service=service,
        data={
            "verified_on": timezone.localdate(),
            "outcome": Verification.Outcome.VIOLATION,
            "notes": "伪造工资条",
        },
        acting_user=dept_user,
    )
    return ViolationFlag.objects.get(verification=verification)


def counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in (*TRACKED, HistoryEntry)}


# --- Deletion is refused, whatever asks for it --------------------------------------------------------------


def test_the_delete_page_lists_what_forbids_it_and_offers_archiving(dept_client, flag):
    graduate = flag.service.graduate
    before = counts()
    page = dept_client.get(reverse("records:graduate_delete", args=[graduate.pk])).content.decode()
    assert "违规记录 1 条" in page and "回访记录 1 条" in page
    assert "确认删除" not in page and reverse("records:graduate_archive", args=[graduate.pk]) in page

    response = dept_client.post(reverse("records:graduate_delete", args=[graduate.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("records:graduate_archive", args=[graduate.pk])
    assert "不能删除" in response.content.decode() and "归档" in response.content.decode()
    assert counts() == before


def test_the_api_refuses_with_a_409_in_chinese_and_deletes_nothing(dept_api, flag):
    before = counts()
    response = dept_api.delete(f"/api/v1/graduates/{flag.service.graduate_id}/")
    assert response.status_code == 409
    assert "不能删除" in response.json()["detail"] and "归档" in response.json()["detail"]
    assert counts() == before


def test_the_shell_cannot_delete_it_with_a_queryset_or_the_instance(flag):
    graduate = flag.service.graduate
    before = counts()
    for delete in (
        lambda: Graduate.objects.filter(pk=graduate.pk).delete(),
        lambda: Graduate.objects.all().delete(),
        graduate.delete,
        lambda: TrackingService.objects.filter(pk=flag.service_id).delete(),
        lambda: records_services.record_delete(graduate, acting_user=None),
    ):
        with pytest.raises((ProtectedError, records_services.RecordHasHistoryError)):
            with transaction.atomic():
                delete()
    assert counts() == before


def test_the_database_itself_refuses_a_raw_delete(flag):
    """Django's foreign keys are database constraints too (deferred to the commit, checked here at once)."""
    before = counts()
    table = connection.ops.quote_name(Graduate._meta.db_table)
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {table} WHERE id = %s", [flag.service.graduate_id])
            connection.check_constraints()
    assert counts() == before


def test_a_job_that_a_confirmed_change_updated_cannot_be_deleted(salary_change, centre_user, centre_api):
    confirmed = services.change_report_confirm(change=salary_change, acting_user=centre_user)
    job = confirmed.employment
    assert job is not None
    response = centre_api.delete(f"/api/v1/employments/{job.pk}/")
    assert response.status_code == 409
    assert Employment.objects.filter(pk=job.pk).exists()


# --- A record entered by mistake may go, and its deletion stays in the history --------------------------------


def test_a_mistaken_graduate_with_an_untouched_service_is_deleted_with_a_history_of_each_record(
    dept_client, service
):
    graduate = service.graduate
    page = dept_client.get(reverse("records:graduate_delete", args=[graduate.pk])).content.decode()
    for line in ("毕业生 1 条", "就业记录 1 条", "跟踪服务 1 条"):
        assert line in page
    dept_client.post(reverse("records:graduate_delete", args=[graduate.pk]))
    assert not Graduate.objects.filter(pk=graduate.pk).exists()
    deleted = HistoryEntry.objects.filter(action="delete")
    assert deleted.get(model="records.graduate").changes["name"] == ["李明", ""]
    assert deleted.filter(model="records.employment").count() == 1
    assert deleted.filter(model="tracking.trackingservice").count() == 1


def test_the_api_deletes_a_mistaken_graduate(dept_api, major):
    mistaken = GraduateFactory(major=major, student_no="2024009999", name="错录")
    EmploymentFactory(graduate=mistaken)
    assert dept_api.delete(f"/api/v1/graduates/{mistaken.pk}/").status_code == 204
    assert not Graduate.objects.filter(pk=mistaken.pk).exists()
    assert HistoryEntry.objects.filter(model="records.graduate", object_id=str(mistaken.pk), action="delete")


def test_another_department_cannot_delete_or_archive(other_dept_api, other_dept_client, flag):
    graduate_id = flag.service.graduate_id
    assert other_dept_api.delete(f"/api/v1/graduates/{graduate_id}/").status_code == 404
    assert (
        other_dept_api.post(
            f"/api/v1/graduates/{graduate_id}/archive/", {"archive_reason": "other", "archive_note": "x"}
        ).status_code
        == 404
    )
    assert other_dept_client.get(reverse("records:graduate_archive", args=[graduate_id])).status_code == 404


def test_a_leader_reads_but_cannot_delete_or_archive(leader_api, flag):
    graduate_id = flag.service.graduate_id
    assert leader_api.delete(f"/api/v1/graduates/{graduate_id}/").status_code == 403
    assert leader_api.post(f"/api/v1/graduates/{graduate_id}/archive/", {}).status_code == 403


# --- Archiving ----------------------------------------------------------------------------------------------


def test_archiving_hides_the_graduate_from_daily_lists_keeps_it_readable_and_restores_it(
    dept_client, flag, dept_user
):
    graduate = flag.service.graduate
    list_url = reverse("records:graduate_list")
    assert "李明" in dept_client.get(list_url).content.decode()
    response = dept_client.post(
        reverse("records:graduate_archive", args=[graduate.pk]),
        {"archive_reason": "other", "archive_note": "本人出国定居"},
    )
    assert response.status_code == 302
    graduate.refresh_from_db()
    assert graduate.is_archived and graduate.archived_by == dept_user

    assert "李明" not in dept_client.get(list_url).content.decode()
    assert "李明" in dept_client.get(list_url, {"archived": "show"}).content.decode()
    assert "李明" in dept_client.get(list_url, {"archived": "only"}).content.decode()
    page = dept_client.get(reverse("records:graduate_detail", args=[graduate.pk])).content.decode()
    assert "已归档" in page and "本人出国定居" in page and "其他原因" in page
    assert dept_client.get(reverse("tracking:flag_detail", args=[flag.pk])).status_code == 200
    assert not tracking_selectors.follow_ups_due(dept_user, within_days=3650).filter(graduate=graduate)
    # Archived for a reason other than 误录: still a graduate of the school in the statistics.
    assert selectors.counted_in_statistics(Graduate.objects.all()).filter(pk=graduate.pk).exists()
    archived = HistoryEntry.objects.filter(model="records.graduate", object_id=str(graduate.pk)).first()
    assert archived.changes["archive_note"] == ["", "本人出国定居"] and archived.actor == dept_user

    dept_client.post(reverse("records:graduate_restore", args=[graduate.pk]))
    graduate.refresh_from_db()
    assert not graduate.is_archived
    assert "李明" in dept_client.get(list_url).content.decode()
    restored = HistoryEntry.objects.filter(model="records.graduate", object_id=str(graduate.pk)).first()
    assert restored.changes["archive_note"] == ["本人出国定居", ""]


def test_archiving_needs_a_reason_and_a_note(dept_client, flag):
    graduate = flag.service.graduate
    response = dept_client.post(
        reverse("records:graduate_archive", args=[graduate.pk]), {"archive_reason": ""}
    )
    assert response.status_code == 200 and "请选择" in response.content.decode()
    graduate.refresh_from_db()
    assert not graduate.is_archived


def test_a_graduate_archived_as_entered_by_mistake_leaves_the_statistics(graduate, centre_user):
    records_services.graduate_archive(graduate, reason="mistake", note="学号录错", acting_user=centre_user)
    assert not selectors.counted_in_statistics(Graduate.objects.all()).filter(pk=graduate.pk).exists()


def test_the_api_archives_and_restores(dept_api, flag):
    graduate_id = flag.service.graduate_id
    response = dept_api.post(
        f"/api/v1/graduates/{graduate_id}/archive/",
        {"archive_reason": "duplicate", "archive_note": "与 2024000009 重复"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["archived_at"]
    assert dept_api.get("/api/v1/graduates/", {"archived": "false"}).json()["count"] == 0
    assert dept_api.get("/api/v1/graduates/", {"archived": "true"}).json()["count"] == 1
    assert dept_api.post(f"/api/v1/graduates/{graduate_id}/archive/", {}, format="json").status_code == 400
    response = dept_api.post(f"/api/v1/graduates/{graduate_id}/restore/", format="json")
    assert response.status_code == 200 and response.json()["archived_at"] is None


# --- 个人信息删除 -----------------------------------------------------------------------------------------------


def test_only_an_administrator_may_erase(centre_client, dept_client, flag):
    url = reverse("records:graduate_erase", args=[flag.service.graduate_id])
    assert centre_client.get(url).status_code == 403
    assert dept_client.post(url, {"reason": "x", "confirm": "on"}).status_code == 403


def test_the_erasure_blanks_the_personal_fields_everywhere_and_keeps_the_flag(
    admin_client, flag, graduate_user
):
    graduate = flag.service.graduate
    graduate.id_number, graduate.mobile, graduate.parent_contact = (
        "11010519491231002X",
        "13912345678",
        "父 13800000000",
    )
    graduate.save()
    services.change_report_submit(
        service=flag.service,
        data={"change_type": "contact", "occurred_on": timezone.localdate(), "new_mobile": "13700001111"},
        reported_by="graduate",
        acting_user=graduate_user,
    )
    before = counts()
    url = reverse("records:graduate_erase", args=[graduate.pk])
    page = admin_client.get(url).content.decode()
    assert "身份证号" in page and "家长联系方式" in page
    assert admin_client.post(url, {"reason": ""}).status_code == 200  # a reason is required
    response = admin_client.post(url, {"reason": "本人 2026-11-20 书面申请", "confirm": "on"})
    assert response.status_code == 302

    graduate.refresh_from_db()
    assert graduate.name == f"已删除个人信息#{graduate.pk}" and graduate.personal_data_erased
    assert (graduate.id_number, graduate.mobile, graduate.qq, graduate.wechat, graduate.email) == ("",) * 5
    assert graduate.parent_contact == ""
    assert ViolationFlag.objects.filter(pk=flag.pk).exists()
    assert TrackingService.objects.filter(pk=flag.service_id).exists()
    assert {k: v for k, v in counts().items() if k != "core.HistoryEntry"} == {
        k: v for k, v in before.items() if k != "core.HistoryEntry"
    }
    assert ChangeReport.objects.get(change_type="contact").new_mobile == ""
    assert not User.objects.filter(pk=graduate_user.pk).exists()
    for secret in ("李明", "2024000001", "11010519491231002X", "13912345678", "13700001111", "13800000000"):
        for entry in HistoryEntry.objects.all():
            assert secret not in json.dumps(entry.changes, ensure_ascii=False) + entry.object_repr, entry
    log = AccessLogEntry.objects.get(action=AccessLogEntry.Action.ERASE_PERSONAL_DATA)
    assert "本人 2026-11-20 书面申请" in log.subject and "李明" not in log.subject
    erased = HistoryEntry.objects.filter(model="records.graduate", object_id=str(graduate.pk)).first()
    assert erased.changes["erase_reason"] == ["", "本人 2026-11-20 书面申请"]
    # Erased once: the page says so and a second erasure is refused.
    assert "已删除" in admin_client.get(url).content.decode()
