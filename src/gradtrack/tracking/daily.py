"""The daily run of the tracking service (`gradtrack daily`, from cron): open missing services, expire
services past their last covered day, terminate after an expulsion, keep follow-up dates in step, and send
reminders — staff their overdue follow-ups, graduates once a service year their duty to report changes, and
each quarter, when their follow-up falls due, "您的工作有变化吗？" (answered in the portal, §4 本人确认).

Idempotent: every reminder is recorded (ReminderSent) in the same transaction as its sending, so a second
run in the same period sends nothing."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from gradtrack.accounts.models import User
from gradtrack.core.batching import in_chunks
from gradtrack.core.models import PolicySettings
from gradtrack.records.models import Employment
from gradtrack.tracking import selectors, services
from gradtrack.tracking.models import ReminderSent, TrackingService

STAFF_OVERDUE = "staff_overdue"
GRADUATE_DUTY = "graduate_duty"
GRADUATE_CONFIRM = "graduate_confirm"
REMINDER_ROLES = (User.Role.CENTRE, User.Role.DEPARTMENT)
LISTED_IN_MAIL = 50
REMINDER_BATCH = 1000


@dataclass
class DailySummary:
    services_opened: int = 0
    services_updated: int = 0
    services_terminated: int = 0
    staff_reminders: int = 0
    graduate_reminders: int = 0
    confirmation_requests: int = 0


def run_daily(today: datetime.date | None = None) -> DailySummary:
    today = today or timezone.localdate()
    summary = DailySummary()
    summary.services_opened = services.tracking_services_sync(today=today)
    summary.services_terminated = terminate_after_expulsions(today)
    for service in services_to_refresh(today).iterator():
        if services.tracking_service_refresh(service=service, today=today):
            summary.services_updated += 1
    summary.staff_reminders = remind_staff(today)
    summary.graduate_reminders = remind_graduates(today)
    summary.confirmation_requests = ask_graduates_to_confirm(today)
    return summary


def services_to_refresh(today: datetime.date):
    """The only active services tracking.services.tracking_service_refresh can change: past their last covered
    day, or without a next follow-up date. Every other row is left unread and unlocked, so a run with nothing
    to change costs a few queries at any size instead of a transaction per active service."""
    return TrackingService.objects.filter(status=TrackingService.Status.ACTIVE).filter(
        Q(end_date__lte=today) | Q(next_follow_up_due__isnull=True)
    )


def terminate_after_expulsions(today: datetime.date) -> int:
    """§二.10 for what the job-saved hook could not do at once: an expulsion written without it, or dated
    ahead and due today. Each active service of an expelled graduate goes through the one rule
    (tracking.services.tracking_service_terminate_if_expelled)."""
    expelled = Employment.objects.filter(end_reason=Employment.EndReason.EXPELLED, end_date__isnull=False)
    candidates = TrackingService.objects.filter(
        status=TrackingService.Status.ACTIVE, graduate__in=expelled.values("graduate")
    )
    return sum(
        services.tracking_service_terminate_if_expelled(service=service, acting_user=None, today=today)
        for service in list(candidates)
    )


def _send_once(*, kind: str, recipient: str, period: str, subject: str, body: str, to: str) -> bool:
    with transaction.atomic():
        _record, created = ReminderSent.objects.get_or_create(kind=kind, recipient=recipient, period=period)
        if created:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    return created


def remind_staff(today: datetime.date) -> int:
    sent = 0
    staff = User.objects.filter(is_active=True, role__in=REMINDER_ROLES).exclude(email="")
    for user in staff:
        overdue = list(
            selectors.overdue_follow_ups(user, today).select_related("graduate")[: LISTED_IN_MAIL + 1]
        )
        if not overdue:
            continue
        body = render_to_string(
            "tracking/email/staff_overdue.txt",
            {"user": user, "services": overdue[:LISTED_IN_MAIL], "more": len(overdue) > LISTED_IN_MAIL},
        )
        if _send_once(
            kind=STAFF_OVERDUE,
            recipient=f"user:{user.pk}",
            period=today.isoformat(),
            subject=_("逾期回访提醒（%(date)s）") % {"date": today.isoformat()},
            body=body,
            to=user.email,
        ):
            sent += 1
    return sent


def remind_graduates(today: datetime.date) -> int:
    """Once in every year of the service (from its start), a reminder of the duty to report changes.

    The period names each service's own year, so it is worked out in Python; those already reminded are found
    with one query per batch of services, and only the others are loaded and written to."""
    policy = PolicySettings.current()
    sent = 0
    active = TrackingService.objects.filter(
        status=TrackingService.Status.ACTIVE, start_date__lte=today, end_date__gt=today
    ).exclude(graduate__email="")
    rows = active.order_by("pk").values_list("pk", "graduate_id", "start_date")
    for batch in in_chunks(rows.iterator(chunk_size=REMINDER_BATCH), REMINDER_BATCH):
        periods = {
            pk: (f"graduate:{graduate_id}", f"{start.isoformat()}+{_full_years(start, today)}")
            for pk, graduate_id, start in batch
        }
        already = set(
            ReminderSent.objects.filter(
                kind=GRADUATE_DUTY, recipient__in={recipient for recipient, _period in periods.values()}
            ).values_list("recipient", "period")
        )
        missing = [pk for pk, key in periods.items() if key not in already]
        for service in TrackingService.objects.filter(pk__in=missing).select_related("graduate"):
            recipient, period = periods[service.pk]
            body = render_to_string(
                "tracking/email/graduate_duty.txt",
                {"service": service, "graduate": service.graduate, "policy": policy},
            )
            if _send_once(
                kind=GRADUATE_DUTY,
                recipient=recipient,
                period=period,
                subject=_("毕业生就业跟踪服务：请及时通报就业变动"),
                body=body,
                to=service.graduate.email,
            ):
                sent += 1
    return sent


def _full_years(start: datetime.date, today: datetime.date) -> int:
    years = today.year - start.year
    if (today.month, today.day) < (start.month, start.day):
        years -= 1
    return max(0, years)


def ask_graduates_to_confirm(today: datetime.date) -> int:
    """§4: once per due follow-up of an active service, "您的工作有变化吗？" by e-mail, answered in the portal with
    one tap (无变化, a contact 本人确认) or a change report. The period is the due date, so the next quarter's
    due date asks again and a second run on the same day asks nothing."""
    sent = 0
    due = (
        TrackingService.objects.filter(
            status=TrackingService.Status.ACTIVE, next_follow_up_due__lte=today, end_date__gt=today
        )
        .exclude(graduate__email="")
        # Those already asked for this due date are skipped in SQL, not one get_or_create each.
        .exclude(
            Exists(
                ReminderSent.objects.filter(
                    kind=GRADUATE_CONFIRM,
                    recipient=Concat(Value("graduate:"), Cast(OuterRef("graduate_id"), CharField())),
                    period=Concat(Value("due:"), Cast(OuterRef("next_follow_up_due"), CharField())),
                )
            )
        )
    )
    site_url = (getattr(settings, "GRADTRACK_SITE_URL", "") or "").rstrip("/")
    for service in due.select_related("graduate"):
        body = render_to_string(
            "tracking/email/graduate_confirm.txt",
            {
                "service": service,
                "graduate": service.graduate,
                "portal_url": f"{site_url}/portal/" if site_url else "",
            },
        )
        if _send_once(
            kind=GRADUATE_CONFIRM,
            recipient=f"graduate:{service.graduate_id}",
            period=f"due:{service.next_follow_up_due.isoformat()}",
            subject=_("您的工作有变化吗？"),
            body=body,
            to=service.graduate.email,
        ):
            sent += 1
    return sent
