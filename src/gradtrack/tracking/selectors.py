"""Which tracking records a user sees, built on records.selectors.graduates_visible_to: staff see the
services of the graduates they see; a graduate's portal account sees only its own graduate's records."""

import datetime

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from gradtrack.accounts import roles
from gradtrack.accounts.models import User
from gradtrack.records import selectors
from gradtrack.records.models import Graduate
from gradtrack.tracking.models import (
    AccidentCase,
    ChangeReport,
    FollowUpContact,
    TrackingService,
    Verification,
    ViolationFlag,
)


def portal_graduate(user) -> Graduate | None:
    """The graduate behind a portal account, or None for anyone else. An archived graduate's account is
    paused (POLICY §1: archived files leave the daily work) until the file is restored."""
    if not (user and user.is_authenticated and user.is_active and user.role == User.Role.GRADUATE):
        return None
    graduate = user.graduate
    if graduate is None or graduate.is_archived:
        return None
    return graduate


def _graduates(user) -> QuerySet[Graduate]:
    graduate = portal_graduate(user)
    if graduate is not None:
        return Graduate.objects.filter(pk=graduate.pk)
    return selectors.graduates_visible_to(user)


def services_visible_to(user) -> QuerySet[TrackingService]:
    return TrackingService.objects.filter(graduate__in=_graduates(user))


def changes_visible_to(user) -> QuerySet[ChangeReport]:
    return ChangeReport.objects.filter(service__graduate__in=_graduates(user))


def contacts_visible_to(user) -> QuerySet[FollowUpContact]:
    if not roles.is_staff_user(user):
        return FollowUpContact.objects.none()
    return FollowUpContact.objects.filter(service__graduate__in=selectors.graduates_visible_to(user))


def verifications_visible_to(user) -> QuerySet[Verification]:
    if not roles.is_staff_user(user):
        return Verification.objects.none()
    return Verification.objects.filter(service__graduate__in=selectors.graduates_visible_to(user))


def flags_visible_to(user) -> QuerySet[ViolationFlag]:
    if not roles.is_staff_user(user):
        return ViolationFlag.objects.none()
    return ViolationFlag.objects.filter(service__graduate__in=selectors.graduates_visible_to(user))


def accidents_visible_to(user) -> QuerySet[AccidentCase]:
    if not roles.is_staff_user(user):
        return AccidentCase.objects.none()
    return AccidentCase.objects.filter(graduate__in=selectors.graduates_visible_to(user))


def pending_changes(user) -> QuerySet[ChangeReport]:
    return changes_visible_to(user).filter(status=ChangeReport.Status.PENDING)


def termination_proposals(user) -> QuerySet[ChangeReport]:
    """§2: confirmed changes reported late (or found by the school) of services still active."""
    return changes_visible_to(user).filter(
        status=ChangeReport.Status.CONFIRMED,
        late=True,
        proposal_outcome="",
        service__status=TrackingService.Status.ACTIVE,
    )


def follow_ups_due(
    user, today: datetime.date | None = None, *, within_days: int = 0
) -> QuerySet[TrackingService]:
    """Active services whose follow-up is due by today (+ within_days), overdue first; not of archived
    graduates (a daily list, POLICY §1)."""
    today = today or timezone.localdate()
    return (
        services_visible_to(user)
        .filter(graduate__archived_at__isnull=True)
        .filter(
            status=TrackingService.Status.ACTIVE,
            next_follow_up_due__isnull=False,
            next_follow_up_due__lte=today + datetime.timedelta(days=within_days),
        )
        .order_by("next_follow_up_due", "graduate__student_no")
    )


def overdue_follow_ups(user, today: datetime.date | None = None) -> QuerySet[TrackingService]:
    today = today or timezone.localdate()
    return follow_ups_due(user, today).filter(next_follow_up_due__lt=today)


def services_ending_soon(user, today: datetime.date | None = None, *, days: int) -> QuerySet[TrackingService]:
    """Active services whose last covered day falls within the next `days` days (not archived graduates')."""
    today = today or timezone.localdate()
    return (
        services_visible_to(user)
        .filter(graduate__archived_at__isnull=True)
        .filter(
            status=TrackingService.Status.ACTIVE,
            end_date__gt=today,
            end_date__lte=today + datetime.timedelta(days=days + 1),
        )
        .order_by("end_date")
    )


def follow_up_queue(
    user,
    today: datetime.date | None = None,
    *,
    department: int | None = None,
    major: int | None = None,
    class_name: str = "",
    cohort: int | None = None,
    search: str = "",
) -> QuerySet[TrackingService]:
    """The call queue (回访工作台): the due and overdue follow-ups of the graduates the user sees, narrowed by
    系/专业/班级/届 and a search of 姓名/学号/手机, most overdue first, with each one's last contact."""
    queue = follow_ups_due(user, today).select_related("graduate__department", "graduate__major")
    if department:
        queue = queue.filter(graduate__department_id=department)
    if major:
        queue = queue.filter(graduate__major_id=major)
    if class_name:
        queue = queue.filter(graduate__class_name=class_name)
    if cohort:
        queue = queue.filter(graduate__graduation_year=cohort)
    if search := (search or "").strip():
        queue = queue.filter(
            Q(graduate__name__icontains=search)
            | Q(graduate__student_no__icontains=search)
            | Q(graduate__mobile__icontains=search)
        )
    last = FollowUpContact.objects.filter(service=OuterRef("pk")).order_by("-contacted_on", "-pk")
    return queue.annotate(
        last_contacted_on=Subquery(last.values("contacted_on")[:1]),
        last_channel=Subquery(last.values("channel")[:1]),
    )


def next_in_queue(queue: QuerySet[TrackingService], *, due: datetime.date, student_no: str):
    """下一位: the first service of the queue after the one that was due on `due` (its order key)."""
    return (
        queue.filter(
            Q(next_follow_up_due__gt=due) | Q(next_follow_up_due=due, graduate__student_no__gt=student_no)
        )
        .order_by("next_follow_up_due", "graduate__student_no")
        .first()
    )


def self_confirmations(user, *, since: datetime.date) -> QuerySet[FollowUpContact]:
    """The graduates who confirmed themselves in the portal (本人确认) since a day, newest first."""
    return (
        contacts_visible_to(user)
        .filter(channel=FollowUpContact.Channel.SELF, contacted_on__gte=since)
        .select_related("service__graduate")
        .order_by("-contacted_on", "-pk")
    )
