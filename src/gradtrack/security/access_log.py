"""The personal-information access log (《个人信息保护法》第五十一条): every export, every full 身份证号 shown.

Views call these after deciding to disclose; the log is read by administrators on security:access_log.
"""

from django.utils.translation import gettext as _

from gradtrack.security.models import AccessLogEntry
from gradtrack.security.network import client_address


def _entry(request, *, action: str, subject: str, record_count: int) -> AccessLogEntry:
    user = request.user
    return AccessLogEntry.objects.create(
        actor=user if user.is_authenticated else None,
        actor_repr=f"{user} ({user.username})"[:160] if user.is_authenticated else _("匿名"),
        action=action,
        subject=subject[:300],
        record_count=record_count,
        path=request.get_full_path()[:500],
        address=client_address(request),
    )


def log_export(request, *, subject: str, record_count: int) -> AccessLogEntry:
    return _entry(request, action=AccessLogEntry.Action.EXPORT, subject=subject, record_count=record_count)


def log_id_number_view(request, graduate) -> AccessLogEntry:
    return _entry(
        request,
        action=AccessLogEntry.Action.VIEW_ID_NUMBER,
        subject=f"{graduate.name}（{graduate.student_no}）",
        record_count=1,
    )


def log_personal_data_erase(request, graduate, *, reason: str) -> AccessLogEntry:
    """An erasure at the graduate's request (第四十七条): the record by its id only, since the name is gone."""
    return _entry(
        request,
        action=AccessLogEntry.Action.ERASE_PERSONAL_DATA,
        subject=_("毕业生#%(id)s（理由：%(reason)s）") % {"id": graduate.pk, "reason": reason},
        record_count=1,
    )
