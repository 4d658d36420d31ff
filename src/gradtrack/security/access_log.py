"""The personal-information access log (《个人信息保护法》第五十一条): every read of sensitive fields
(accounts.privacy.SENSITIVE_FIELDS) in bulk or in full — exports, a full 身份证号 shown, API lists and records
that carry them unmasked, downloaded documents with personal data, backups (the command line included).

Outputs call these after deciding to disclose, one row per request (never per record), with who, what, how
many records, which fields and, where one was asked, why. The log is read by administrators on
security:access_log.
"""

import getpass
import os

from django.utils.translation import gettext as _

from gradtrack.accounts import privacy
from gradtrack.security.models import AccessLogEntry
from gradtrack.security.network import client_address


def _entry(
    request,
    *,
    action: str,
    subject: str,
    record_count: int,
    fields=(),
    reason: str = "",
) -> AccessLogEntry:
    user = request.user
    return AccessLogEntry.objects.create(
        actor=user if user.is_authenticated else None,
        actor_repr=f"{user} ({user.username})"[:160] if user.is_authenticated else _("匿名"),
        action=action,
        subject=subject[:300],
        record_count=record_count,
        fields=privacy.field_labels(fields)[:200],
        reason=reason[:300],
        path=request.get_full_path()[:500],
        address=client_address(request),
    )


def log_export(request, *, subject: str, record_count: int, fields=(), reason: str = "") -> AccessLogEntry:
    return _entry(
        request, action=AccessLogEntry.Action.EXPORT, **_what(subject, record_count, fields, reason)
    )


def log_id_number_view(request, graduate, *, fields=("id_number",)) -> AccessLogEntry:
    subject = f"{graduate.name}（{graduate.student_no}）"
    return _entry(request, action=AccessLogEntry.Action.VIEW_ID_NUMBER, **_what(subject, 1, fields))


def log_api_read(request, *, subject: str, record_count: int, fields) -> AccessLogEntry:
    """An API list or record that carried ``fields`` unmasked in ``record_count`` records."""
    return _entry(request, action=AccessLogEntry.Action.API_READ, **_what(subject, record_count, fields))


def log_download(request, *, subject: str, record_count: int, fields=(), reason: str = "") -> AccessLogEntry:
    """A document with personal data (a letter listing graduates, a report) was downloaded."""
    return _entry(
        request, action=AccessLogEntry.Action.DOWNLOAD, **_what(subject, record_count, fields, reason)
    )


def _what(subject: str, record_count: int, fields=(), reason: str = "") -> dict:
    return {"subject": subject, "record_count": record_count, "fields": fields, "reason": reason}


def command_line_actor() -> str:
    """ "命令行（操作系统用户 gradtrack）": who ran a command, as far as the machine knows."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (a container) and no LOGNAME/USER
        name = str(os.getuid()) if hasattr(os, "getuid") else "?"
    return _("命令行（操作系统用户 %(name)s）") % {"name": name}


def log_command(
    *, action: str, subject: str, record_count: int, fields=(), command: str = "", reason: str = ""
) -> AccessLogEntry:
    """A read by a management command (``gradtrack backup``): no request, no signed-in user."""
    return AccessLogEntry.objects.create(
        actor=None,
        actor_repr=command_line_actor()[:160],
        action=action,
        subject=subject[:300],
        record_count=record_count,
        fields=privacy.field_labels(fields)[:200],
        reason=reason[:300],
        path=command[:500],
        address=None,
    )


def log_backup(
    *, subject: str, record_count: int, request=None, command: str = "", reason: str = ""
) -> AccessLogEntry:
    """A backup: every record, every 身份证号, phone and salary — from a page (``request``) or the command line."""
    what = _what(subject, record_count, tuple(privacy.SENSITIVE_FIELDS), reason)
    if request is not None:
        return _entry(request, action=AccessLogEntry.Action.BACKUP, **what)
    return log_command(action=AccessLogEntry.Action.BACKUP, command=command, **what)


def log_personal_data_erase(request, graduate, *, reason: str) -> AccessLogEntry:
    """An erasure at the graduate's request (第四十七条): the record by its id only, since the name is gone."""
    return _entry(
        request,
        action=AccessLogEntry.Action.ERASE_PERSONAL_DATA,
        subject=_("毕业生#%(id)s（理由：%(reason)s）") % {"id": graduate.pk, "reason": reason},
        record_count=1,
    )
