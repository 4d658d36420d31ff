"""Writes of the stats app: report rounds, department submissions and the staff-written text of the reports,
each with its history entry."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gradtrack.accounts import roles
from gradtrack.core import history
from gradtrack.records import selectors
from gradtrack.records.models import Department
from gradtrack.stats.models import DepartmentReport, ReportRound, ReportText

REPORT_SUFFIXES = (".docx", ".pdf")
REPORT_MAX_BYTES = 20 * 1024 * 1024


@transaction.atomic
def report_round_create(*, year: int, title: str, deadline, notes: str = "", acting_user) -> ReportRound:
    if not roles.can_manage_reference_data(acting_user):
        raise PermissionDenied
    report_round = ReportRound.objects.create(
        year=year, title=title, deadline=deadline, notes=notes, created_by=acting_user
    )
    history.record_create(report_round, actor=acting_user)
    return report_round


def _check_file(name: str, size: int) -> None:
    if not name.lower().endswith(REPORT_SUFFIXES):
        raise ValidationError({"file": _("报告应为 .docx 或 .pdf 文件。")})
    if size > REPORT_MAX_BYTES:
        raise ValidationError({"file": _("文件过大（不超过 20 MB）。")})
    if size == 0:
        raise ValidationError({"file": _("文件为空。")})


@transaction.atomic
def department_report_submit(
    *,
    report_round: ReportRound,
    department: Department,
    content: bytes,
    filename: str,
    generated: bool,
    notes: str = "",
    acting_user,
) -> DepartmentReport:
    """Submit (or resubmit, replacing the earlier file) a department's report for a round."""
    if not roles.can_write(acting_user):
        raise PermissionDenied
    if not selectors.departments_visible_to(acting_user).filter(pk=department.pk).exists():
        raise PermissionDenied
    _check_file(filename, len(content))
    report = (
        DepartmentReport.objects.select_for_update().filter(round=report_round, department=department).first()
    )
    before = history.snapshot(report) if report else None
    old_file_name = report.file.name if report else None
    if report is None:
        report = DepartmentReport(round=report_round, department=department)
    report.original_name = filename[:200]
    report.generated = generated
    report.notes = notes
    report.submitted_by = acting_user
    report.submitted_at = timezone.now()
    report.file.save(filename, ContentFile(content), save=False)
    report.save()
    if before is None:
        history.record_create(report, actor=acting_user)
    else:
        history.record_update(report, before, actor=acting_user)
        if old_file_name and old_file_name != report.file.name:
            storage = report.file.storage
            transaction.on_commit(lambda: storage.delete(old_file_name))
    return report


def can_write_report_text(user, department: Department | None) -> bool:
    """The school's text: staff who write and see the whole school; a department's: its own staff too."""
    if not roles.can_write(user):
        return False
    if department is None:
        return roles.sees_whole_school(user)
    return selectors.departments_visible_to(user).filter(pk=department.pk).exists()


@transaction.atomic
def report_text_save(
    *, year: int, department: Department | None, foreword: str, improvements: str, acting_user
) -> ReportText:
    """Save the 前言 and 问题与改进措施 of a year's report (the school's, or a department's), with history."""
    if not can_write_report_text(acting_user, department):
        raise PermissionDenied
    # No ordering: the default one joins the department, which PostgreSQL cannot lock on its nullable side.
    text = (
        ReportText.objects.select_for_update().filter(year=year, department=department).order_by("pk").first()
    )
    before = history.snapshot(text) if text else None
    if text is None:
        text = ReportText(year=year, department=department)
    text.foreword = (foreword or "").strip()
    text.improvements = (improvements or "").strip()
    text.updated_by = acting_user
    text.save()
    if before is None:
        history.record_create(text, actor=acting_user)
    else:
        history.record_update(text, before, actor=acting_user)
    return text
