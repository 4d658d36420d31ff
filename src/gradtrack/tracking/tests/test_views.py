"""Staff pages: the access trio (centre, same department, other department) plus 校领导 read-only, and the
flows behind the pages (confirm a change, log a contact, resolve a flag, invite a graduate)."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gradtrack.core.models import PolicySettings
from gradtrack.tracking import services
from gradtrack.tracking.models import ChangeReport, FollowUpContact, PortalInvitation, TrackingService

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(service, salary_change, dept_user):
    flag = services.violation_flag_raise(
        service=service, description="伪造工资条", raised_on=timezone.localdate(), acting_user=dept_user
    )
    case = services.accident_case_open(
        graduate=service.graduate,
        data={"occurred_on": timezone.localdate(), "description": "工伤"},
        acting_user=dept_user,
    )
    return {"service": service, "change": salary_change, "flag": flag, "case": case}


def object_pages(records):
    service, change, flag, case = records["service"], records["change"], records["flag"], records["case"]
    graduate = service.graduate
    return [
        reverse("tracking:service_detail", args=[service.pk]),
        reverse("tracking:service_terminate", args=[service.pk]),
        reverse("tracking:change_create", args=[service.pk]),
        reverse("tracking:contact_create", args=[service.pk]),
        reverse("tracking:verification_create", args=[service.pk]),
        reverse("tracking:change_detail", args=[change.pk]),
        reverse("tracking:flag_detail", args=[flag.pk]),
        reverse("tracking:accident_detail", args=[case.pk]),
        reverse("tracking:accident_create", args=[graduate.pk]),
        reverse("tracking:invite", args=[graduate.pk]),
    ]


LIST_PAGES = [
    "tracking:service_list",
    "tracking:change_list",
    "tracking:proposal_list",
    "tracking:follow_up_list",
    "tracking:flag_list",
    "tracking:accident_list",
]
WRITE_PAGES = {
    "service_terminate",
    "change_create",
    "contact_create",
    "verification_create",
    "accident_create",
    "invite",
}


@pytest.mark.parametrize(("who", "status"), [("centre", 200), ("dept", 200), ("other_dept", 404)])
def test_object_pages_follow_the_department_scope(request, records, who, status):
    client = request.getfixturevalue(f"{who}_client")
    for url in object_pages(records):
        assert client.get(url).status_code == status, url


def test_leaders_read_the_object_pages_but_not_the_write_forms(leader_client, records):
    for url in object_pages(records):
        write = any(f"/{part}/" in url for part in ("terminate", "new", "invite"))
        assert leader_client.get(url).status_code == (403 if write else 200), url


@pytest.mark.parametrize("url_name", LIST_PAGES)
def test_lists_show_only_the_users_departments(request, records, other_service, other_change, url_name):
    url = reverse(url_name) + ("?status=all&show=all" if url_name != "tracking:follow_up_list" else "")
    client = request.getfixturevalue("client")
    for who, sees_own in (("centre", True), ("dept", True), ("other_dept", False), ("leader", True)):
        client.force_login(request.getfixturevalue(f"{who}_user"))
        response = client.get(url)
        assert response.status_code == 200
        if url_name in (
            "tracking:service_list",
            "tracking:change_list",
            "tracking:flag_list",
            "tracking:accident_list",
        ):
            assert ("李明" in response.content.decode()) is sees_own, (who, url_name)


def test_staff_confirm_a_change_and_the_job_takes_the_new_salary(dept_client, salary_change, job):
    url = reverse("tracking:change_detail", args=[salary_change.pk])
    response = dept_client.post(
        url,
        {
            "action": "confirm",
            "change_type": "salary",
            "occurred_on": salary_change.occurred_on.isoformat(),
            "new_salary": "5000",
        },
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.monthly_salary == 5000
    salary_change.refresh_from_db()
    assert salary_change.status == ChangeReport.Status.CONFIRMED


def test_a_rejection_without_a_reason_is_shown_on_the_form(dept_client, salary_change):
    response = dept_client.post(
        reverse("tracking:change_detail", args=[salary_change.pk]), {"action": "reject", "reason": ""}
    )
    assert response.status_code == 200
    assert "驳回原因" in response.content.decode()
    salary_change.refresh_from_db()
    assert salary_change.status == ChangeReport.Status.PENDING


def test_leaders_cannot_confirm_changes(leader_client, salary_change):
    response = leader_client.post(
        reverse("tracking:change_detail", args=[salary_change.pk]), {"action": "reject", "reason": "x"}
    )
    assert response.status_code == 403


def test_a_contact_logged_from_the_follow_up_list_sets_the_next_due_date(dept_client, service):
    due = service.next_follow_up_due
    response = dept_client.post(
        reverse("tracking:contact_create", args=[service.pk]),
        {
            "contacted_on": timezone.localdate().isoformat(),
            "channel": "phone",
            "reached": "1",
            "next": "follow_ups",
        },
    )
    assert response.status_code == 302 and response.url == reverse("tracking:follow_up_list")
    service.refresh_from_db()
    assert service.next_follow_up_due > max(due, timezone.localdate())
    assert FollowUpContact.objects.filter(service=service).count() == 1


def test_a_contact_for_a_terminated_service_is_refused_on_the_page(dept_client, service, dept_user):
    services.tracking_service_terminate(
        service=service,
        cause="unreported",
        evidence="x",
        decided_on=timezone.localdate(),
        acting_user=dept_user,
    )
    response = dept_client.post(
        reverse("tracking:contact_create", args=[service.pk]),
        {"contacted_on": timezone.localdate().isoformat(), "channel": "phone", "reached": "1"},
    )
    assert response.status_code == 200
    assert "终止，不再安排回访" in response.content.decode()


def test_overdue_follow_ups_come_first(service, other_service, centre_client):
    TrackingService.objects.filter(pk=service.pk).update(next_follow_up_due=timezone.localdate())
    TrackingService.objects.filter(pk=other_service.pk).update(
        next_follow_up_due=timezone.localdate() - timezone.timedelta(days=20)
    )
    content = centre_client.get(reverse("tracking:follow_up_list")).content.decode()
    assert content.index("王芳") < content.index("李明")


def test_a_flag_has_no_delete_and_is_resolved_with_a_note(dept_client, records, leader_user):
    flag = records["flag"]
    leader_client = Client()
    leader_client.force_login(leader_user)
    assert "伪造工资条" in leader_client.get(reverse("tracking:flag_list")).content.decode()
    response = dept_client.post(
        reverse("tracking:flag_detail", args=[flag.pk]), {"resolution_note": "已约谈"}
    )
    assert response.status_code == 302
    flag.refresh_from_db()
    assert not flag.is_open
    assert dept_client.post(reverse("tracking:flag_detail", args=[flag.pk]) + "delete/").status_code == 404


def test_an_accident_case_is_assigned_stepped_and_closed_from_its_page(dept_client, records, centre_user):
    url = reverse("tracking:accident_detail", args=[records["case"].pk])
    today = timezone.localdate().isoformat()
    assert dept_client.post(url, {"action": "assign", "assigned_to": centre_user.pk}).status_code == 302
    assert (
        dept_client.post(url, {"action": "step", "taken_on": today, "description": "探望"}).status_code == 302
    )
    assert (
        dept_client.post(url, {"action": "close", "closed_on": today, "outcome": "已结案"}).status_code == 302
    )
    records["case"].refresh_from_db()
    assert records["case"].assigned_to == centre_user and not records["case"].is_open


def test_an_invitation_shows_a_qr_code_and_a_one_time_link_and_can_be_emailed(
    dept_client, graduate, mailoutbox
):
    graduate.email = "liming@example.com"
    graduate.save()
    response = dept_client.post(reverse("tracking:invite", args=[graduate.pk]), {"send_email": "on"})
    content = response.content.decode()
    assert "<svg" in content and "<script" not in content.split("<main")[1].split("</main>")[0]
    link = re.search(r'href="(http://testserver/portal/invitation/[^"]+)"', content).group(1)
    assert link in mailoutbox[0].body
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert PortalInvitation.objects.get().token_hash == PortalInvitation.hash_token(token)


def test_the_graduate_page_links_the_service(dept_client, service):
    content = dept_client.get(reverse("records:graduate_detail", args=[service.graduate.pk])).content.decode()
    assert reverse("tracking:service_detail", args=[service.pk]) in content
    assert "服务中" in content


def test_a_school_placed_graduate_without_a_service_gets_one_from_the_graduate_page(dept_client, job):
    response = dept_client.post(reverse("tracking:service_start", args=[job.graduate.pk]))
    service = TrackingService.objects.get(graduate=job.graduate)
    assert response.url == reverse("tracking:service_detail", args=[service.pk])


def test_the_dashboard_panel_counts_and_links_each_list(dept_client, records):
    content = dept_client.get(reverse("site:dashboard")).content.decode()
    for label, url in [
        ("待确认的变动", reverse("tracking:change_list")),
        ("逾期回访", reverse("tracking:queue")),
        ("处理中的意外事故", reverse("tracking:accident_list")),
        ("未办结的违规记录", reverse("tracking:flag_list")),
        ("30 天内到期的服务", reverse("tracking:service_list") + "?ending=1"),
    ]:
        assert label in content and f'href="{url}"' in content


def test_the_panel_and_list_use_the_ending_days_of_the_settings(dept_client, service):
    service.end_date = timezone.localdate() + datetime.timedelta(days=45)
    service.save()
    first = dept_client.get(reverse("site:dashboard")).content.decode()
    assert re.findall(r"30 天内到期的服务.*?data-tracking-count>(\d+)<", first, re.S) == ["0"]
    policy = PolicySettings.current()
    policy.service_ending_notice_days = 60
    policy.save()
    content = dept_client.get(reverse("site:dashboard")).content.decode()
    assert re.findall(r"60 天内到期的服务.*?data-tracking-count>(\d+)<", content, re.S) == ["1"]
    listing = dept_client.get(reverse("tracking:service_list") + "?ending=1").content.decode()
    assert "60 天内到期的跟踪服务" in listing and service.graduate.name in listing


def test_the_panel_counts_only_the_users_departments(other_dept_client, records):
    content = other_dept_client.get(reverse("site:dashboard")).content.decode()
    assert re.findall(r"data-tracking-count>(\d+)<", content) == ["0"] * 5


def test_leaders_see_phones_and_reported_salaries_masked_on_the_tracking_lists(
    client, centre_user, leader_user, records, service
):
    """One masking rule for every output (accounts.privacy): 校领导 read the lists with contacts and salaries masked."""
    TrackingService.objects.filter(pk=service.pk).update(next_follow_up_due=timezone.localdate())
    mobile = service.graduate.mobile
    follow_ups, changes = reverse("tracking:follow_up_list"), reverse("tracking:change_list")
    client.force_login(centre_user)
    assert mobile in client.get(follow_ups).content.decode()
    assert "5000" in client.get(changes).content.decode()
    client.force_login(leader_user)
    leader_page = client.get(follow_ups).content.decode()
    assert service.graduate.name in leader_page and mobile not in leader_page
    leader_changes = client.get(changes).content.decode()
    assert "新月薪" in leader_changes and "5000" not in leader_changes


def test_the_invitation_page_states_the_link_lifetime_of_the_settings(dept_client, graduate):
    policy = PolicySettings.current()
    policy.portal_invitation_days = 9
    policy.save()
    page = dept_client.get(reverse("tracking:invite", args=[graduate.pk])).content.decode()
    assert "9 天内有效" in page
