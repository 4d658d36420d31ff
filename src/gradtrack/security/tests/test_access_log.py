"""The access log page: 系统管理员 read who exported or saw personal information."""

import pytest
from django.urls import reverse

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
