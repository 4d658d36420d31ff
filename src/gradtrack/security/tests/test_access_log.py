"""The access log page: 系统管理员 read who exported or saw personal information."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gradtrack.security.models import AccessLogEntry

URL = reverse("security:access_log")


@pytest.mark.parametrize(("who", "status"), [("admin", 200), ("centre", 403), ("dept", 403), ("leader", 403)])
def test_only_administrators_open_the_access_log(login_as, who, status):
    assert login_as(who).get(URL).status_code == status


def test_an_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_log_lists_exports_and_id_number_views_newest_first(login_as, identified_graduate, admin_user):
    centre = login_as("centre")
    centre.get(reverse("records:graduate_detail", args=[identified_graduate.pk]))
    centre.get(reverse("records:graduate_export"))
    html = login_as("admin").get(URL).content.decode()
    assert html.index("导出") < html.index("查看完整身份证号")
    assert "李明（2024000001）" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"action": "export"}, 1),
        ({"action": "view_id_number"}, 1),
        ({"q": "李明"}, 1),
        ({"q": "centre"}, 2),
        ({"since": "2999-01-01"}, 0),
        ({"since": "not-a-date"}, 0),
    ],
)
def test_the_log_is_filtered(login_as, identified_graduate, query, expected):
    centre = login_as("centre")
    centre.get(reverse("records:graduate_detail", args=[identified_graduate.pk]))
    centre.get(reverse("records:graduate_export"))
    response = login_as("admin").get(URL, query)
    assert response.status_code == 200
    assert len(response.context["entries"]) == expected


def test_a_menu_entry_leads_administrators_to_the_log(login_as):
    assert URL in login_as("admin").get(reverse("site:dashboard")).content.decode()
    assert URL not in login_as("centre").get(reverse("site:dashboard")).content.decode()


def test_entries_keep_the_actors_name_after_the_account_is_deleted(
    login_as, identified_graduate, centre_user
):
    login_as("centre").get(reverse("records:graduate_export"))
    centre_user.delete()
    entry = AccessLogEntry.objects.get()
    assert entry.actor is None
    assert "centre" in entry.actor_repr


# --- Every kind of read, filtered and exported ---------------------------------------------------------------


@pytest.fixture
def reads(login_as, identified_graduate, centre_user, leader_user):
    """A centre API list (phones), a centre export, a leader export, and a backup from the command line."""
    from gradtrack.security import access_log
    from gradtrack.testing.api import bearer_client

    bearer_client(centre_user).get("/api/v1/graduates/")
    login_as("centre").get(reverse("records:graduate_export"))
    login_as("leader").get(reverse("records:graduate_export"))
    access_log.log_backup(
        subject="全部数据备份", record_count=1, command="gradtrack backup", reason="迁移服务器"
    )
    return {"centre": centre_user, "leader": leader_user}


def test_the_log_is_filtered_by_user_kind_field_and_dates(login_as, reads):
    admin = login_as("admin")

    def count(**query):
        response = admin.get(URL, query)
        assert response.status_code == 200
        return len(response.context["entries"])

    assert count() == 4
    assert count(actor=reads["centre"].pk) == 2
    assert count(actor=reads["leader"].pk) == 1
    assert count(actor="cli") == 1
    assert count(action="api_read") == 1
    assert count(action="backup") == 1
    assert count(field="id_number") == 1  # only the backup holds 身份证号
    assert count(field="mobile") == 3  # the API list, the centre's export and the backup (not the leader's)
    today = timezone.localdate().isoformat()
    assert count(since=today, until=today) == 4
    assert count(until="2000-01-01") == 0
    assert count(actor="999999") == 0  # not a user the log names: an invalid filter shows nothing


def test_a_reversed_date_range_is_refused_in_chinese(login_as, reads):
    response = login_as("admin").get(URL, {"since": "2026-12-31", "until": "2026-01-01"})
    assert "截止日期不能早于起始日期" in response.content.decode()
    assert len(response.context["entries"]) == 0


def test_the_page_shows_fields_and_reasons(login_as, reads):
    html = login_as("admin").get(URL).content.decode()
    assert "迁移服务器" in html
    assert "命令行（操作系统用户" in html
    assert "接口读取" in html


def test_the_log_exports_the_filtered_entries_as_xlsx_and_logs_the_export(login_as, reads):
    response = login_as("admin").get(reverse("security:access_log_export"), {"actor": "cli"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("时间", "操作人", "操作", "内容", "记录数")
    assert len(rows) == 2
    assert rows[1][2] == "备份" and rows[1][6] == "迁移服务器"
    assert AccessLogEntry.objects.filter(subject="个人信息访问记录（Excel）").count() == 1


@pytest.mark.parametrize("who", ["centre", "dept", "leader"])
def test_only_administrators_export_the_log(login_as, who):
    assert login_as(who).get(reverse("security:access_log_export")).status_code == 403
