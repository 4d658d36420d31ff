"""The call queue (回访工作台, POLICY §4): due and overdue follow-ups of the user's departments, filtered and
searched, most overdue first; one screen logs a contact with its answers, a differing answer becomes a
change to confirm there, and 下一位 moves on in the same queue."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gradtrack.records.models import Graduate
from gradtrack.testing.factories import EmploymentFactory, GraduateFactory
from gradtrack.tracking import services
from gradtrack.tracking.models import ChangeReport, FollowUpContact, TrackingService

pytestmark = pytest.mark.django_db


def due_on(service, day):
    TrackingService.objects.filter(pk=service.pk).update(next_follow_up_due=day)


@pytest.fixture
def classmate(graduate, employer, centre_user):
    """A second graduate of the same department, class 机电2班, due later than `service`."""
    other = GraduateFactory(major=graduate.major, student_no="2024000009", name="赵强", class_name="机电2班")
    start = timezone.localdate() - relativedelta(months=13)
    EmploymentFactory(graduate=other, employer=employer, start_date=start, probation_end=start)
    return services.tracking_service_start(graduate=other, acting_user=centre_user)


def queue_names(client, query=""):
    response = client.get(reverse("tracking:queue") + query)
    assert response.status_code == 200
    return [service.graduate.name for service in response.context["services"]]


def test_the_queue_shows_my_departments_due_follow_ups_most_overdue_first(
    dept_client, other_dept_user, service, other_service, classmate
):
    today = timezone.localdate()
    due_on(service, today - datetime.timedelta(days=5))
    due_on(classmate, today - datetime.timedelta(days=40))
    assert queue_names(dept_client) == ["赵强", "李明"]
    other_client = Client()
    other_client.force_login(other_dept_user)
    assert queue_names(other_client) == [other_service.graduate.name]


@pytest.mark.parametrize(
    ("query", "names"),
    [
        pytest.param("?class_name=机电2班", ["赵强"], id="班级"),
        pytest.param("?search=李明", ["李明"], id="姓名"),
        pytest.param("?search=2024000009", ["赵强"], id="学号"),
        pytest.param("?cohort=1999", [], id="届"),
        pytest.param("?search=139", ["赵强", "李明"], id="手机"),
    ],
)
def test_the_queue_filters_and_searches(dept_client, service, classmate, query, names):
    Graduate.objects.update(mobile="13900001111")
    due_on(service, timezone.localdate() - datetime.timedelta(days=5))
    due_on(classmate, timezone.localdate() - datetime.timedelta(days=40))
    assert queue_names(dept_client, query) == names


def post_contact(client, service, **data):
    return client.post(reverse("tracking:queue_contact", args=[service.pk]), data)


def test_reached_nothing_changed_rolls_the_schedule_three_months_from_today(dept_client, service):
    response = post_contact(dept_client, service, channel="phone", outcome="unchanged")
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.next_follow_up_due == timezone.localdate() + relativedelta(months=3)
    contact = service.contacts.get()
    assert contact.reached and contact.channel == "phone" and contact.answers["still_with_employer"] is True
    assert not ChangeReport.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        pytest.param({"outcome": "unchanged"}, "channel", id="§4 no channel: refused"),
        pytest.param({"channel": "phone"}, None, id="§4 neither reached nor not reached: refused"),
        pytest.param(
            {"channel": "phone", "outcome": "unchanged", "contacted_on": "2999-01-01"},
            "contacted_on",
            id="§4 the date may not be set forward",
        ),
    ],
)
def test_an_incomplete_contact_is_refused_and_nothing_is_saved(dept_client, service, data, field):
    response = post_contact(dept_client, service, **data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert (field in errors) if field else errors.get("__all__")
    assert not FollowUpContact.objects.exists()


def test_a_contact_dated_back_rolls_from_that_day(dept_client, service):
    day = timezone.localdate() - datetime.timedelta(days=10)
    post_contact(dept_client, service, channel="qq", outcome="unchanged", contacted_on=day.isoformat())
    service.refresh_from_db()
    assert service.next_follow_up_due == day + relativedelta(months=3)


def test_not_reached_leaves_the_due_date(dept_client, service):
    due = service.next_follow_up_due
    post_contact(dept_client, service, channel="phone", outcome="not_reached")
    service.refresh_from_db()
    assert service.next_follow_up_due == due and not service.contacts.get().reached


def test_a_different_salary_becomes_a_change_confirmed_on_the_same_screen(dept_client, service, job):
    response = post_contact(
        dept_client,
        service,
        channel="phone",
        outcome="answered",
        still_with_employer="1",
        post=job.post,
        monthly_salary="4800",
    )
    assert response.status_code == 302
    change = ChangeReport.objects.get()
    assert (change.change_type, change.reported_by, change.late) == ("salary", "school", True)
    page = dept_client.get(response.url).content.decode()
    assert "确认变动" in page
    dept_client.post(reverse("tracking:queue_change_confirm", args=[service.pk, change.pk]), {"due": ""})
    job.refresh_from_db()
    assert (job.starting_salary, job.monthly_salary) == (4200, 4800)


def test_next_moves_to_the_following_graduate_of_the_same_queue(dept_client, service, classmate):
    today = timezone.localdate()
    due_on(classmate, today - datetime.timedelta(days=40))
    due_on(service, today - datetime.timedelta(days=5))
    first = TrackingService.objects.get(pk=classmate.pk)
    url = reverse("tracking:queue_next") + (
        f"?after_due={first.next_follow_up_due.isoformat()}&after_no={first.graduate.student_no}"
    )
    response = dept_client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("tracking:queue_contact", args=[service.pk]))
    last = dept_client.get(
        reverse("tracking:queue_next")
        + f"?after_due={(today - datetime.timedelta(days=5)).isoformat()}&after_no={service.graduate.student_no}"
    )
    assert last.url.startswith(reverse("tracking:queue"))


def test_another_departments_graduate_is_not_found(other_dept_client, service):
    assert other_dept_client.get(reverse("tracking:queue_contact", args=[service.pk])).status_code == 404


def test_the_leader_reads_the_queue_but_cannot_log(leader_client, service):
    assert leader_client.get(reverse("tracking:queue")).status_code == 200
    assert post_contact(leader_client, service, channel="phone", outcome="unchanged").status_code == 403


def test_the_queue_shows_who_confirmed_themselves(dept_client, service, graduate_user):
    services.self_confirmation_record(service=service, acting_user=graduate_user)
    response = dept_client.get(reverse("tracking:queue"))
    assert [c.service_id for c in response.context["confirmations"]] == [service.pk]
    assert "本人确认" in response.content.decode()


def test_a_change_reported_in_the_portal_counts_as_a_contact(graduate_client, service):
    response = graduate_client.post(
        reverse("portal:change_create"),
        {"change_type": "salary", "occurred_on": timezone.localdate().isoformat(), "new_salary": "5100"},
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.contacts.get().channel == "self"
    assert service.next_follow_up_due == timezone.localdate() + relativedelta(months=3)
