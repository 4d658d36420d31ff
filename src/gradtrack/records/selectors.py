"""The one place that decides which records a user sees (POLICY §11). Every page and endpoint starts here."""

from django.db.models import QuerySet

from gradtrack.accounts import roles
from gradtrack.records.models import Department, Employer, Employment, Graduate, Major


def departments_visible_to(user) -> QuerySet[Department]:
    if roles.sees_whole_school(user):
        return Department.objects.all()
    if roles.is_staff_user(user):
        return Department.objects.filter(staff=user)
    return Department.objects.none()


def visibility_key(user) -> str:
    """Names what ``user`` sees, for caching figures computed from it: "all" or the departments' ids."""
    if user is None or roles.sees_whole_school(user):
        return "all"
    ids = departments_visible_to(user).order_by("pk").values_list("pk", flat=True)
    return "departments:" + ",".join(str(pk) for pk in ids)


def majors_visible_to(user) -> QuerySet[Major]:
    return Major.objects.filter(department__in=departments_visible_to(user))


def graduates_visible_to(user) -> QuerySet[Graduate]:
    if roles.sees_whole_school(user):
        return Graduate.objects.all()
    return Graduate.objects.filter(department__in=departments_visible_to(user))


def employments_visible_to(user) -> QuerySet[Employment]:
    if roles.sees_whole_school(user):
        # No "graduate IN (every graduate)" semi-join: it doubled the cost of counting an employer's jobs.
        return Employment.objects.all()
    return Employment.objects.filter(graduate__in=graduates_visible_to(user))


def employers_visible_to(user) -> QuerySet[Employer]:
    """Employers are a shared directory of every staff member; their graduates stay scoped (employments)."""
    if roles.is_staff_user(user):
        return Employer.objects.all()
    return Employer.objects.none()


def not_archived(graduates: QuerySet[Graduate]) -> QuerySet[Graduate]:
    """The daily lists (graduates list, queues, 工作台 counts, new survey samples) leave archived graduates out
    (POLICY §1); their pages, history and the statistics still read them."""
    return graduates.filter(archived_at__isnull=True)


def counted_in_statistics(graduates: QuerySet[Graduate]) -> QuerySet[Graduate]:
    """The graduates the statistics count: all but those archived as entered by mistake or twice
    (Graduate.NOT_COUNTED_REASONS; README, "Decisions the policy leaves open")."""
    return graduates.exclude(archived_at__isnull=False, archive_reason__in=Graduate.NOT_COUNTED_REASONS)
