"""The tracking service's panel on the 工作台: what is waiting for the signed-in user, each linked to its list."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gradtrack.accounts import roles
from gradtrack.core import figures_cache
from gradtrack.core.models import PolicySettings
from gradtrack.records import selectors as records_selectors
from gradtrack.tracking import selectors


def panel(request) -> dict | None:
    user = request.user
    if not roles.is_staff_user(user):
        return None
    today = timezone.localdate()
    ending_days = PolicySettings.current().service_ending_notice_days
    counts = figures_cache.cached(
        "tracking-panel",
        [records_selectors.visibility_key(user), ending_days],
        lambda: [
            selectors.pending_changes(user).count(),
            selectors.overdue_follow_ups(user, today).count(),
            selectors.accidents_visible_to(user).filter(closed_on__isnull=True).count(),
            selectors.flags_visible_to(user).filter(resolved_at__isnull=True).count(),
            selectors.services_ending_soon(user, today, days=ending_days).count(),
        ],
    )
    items = [
        {
            "label": _("待确认的变动"),
            "url": reverse("tracking:change_list"),
            "tone": "warning",
        },
        {
            "label": _("逾期回访"),
            "url": reverse("tracking:queue"),
            "tone": "danger",
        },
        {
            "label": _("处理中的意外事故"),
            "url": reverse("tracking:accident_list"),
            "tone": "warning",
        },
        {
            "label": _("未办结的违规记录"),
            "url": reverse("tracking:flag_list"),
            "tone": "danger",
        },
        {
            "label": _("%(days)s 天内到期的服务") % {"days": ending_days},
            "url": reverse("tracking:service_list") + "?ending=1",
            "tone": "info",
        },
    ]
    for item, count in zip(items, counts, strict=True):
        item["count"] = count
    return {"template": "tracking/panel.html", "order": 10, "items": items}
