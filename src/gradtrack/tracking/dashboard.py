"""The tracking service's panel on the 工作台: what is waiting for the signed-in user, each linked to its list."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gradtrack.accounts import roles
from gradtrack.tracking import selectors

ENDING_WITHIN_DAYS = 30


def panel(request) -> dict | None:
    user = request.user
    if not roles.is_staff_user(user):
        return None
    today = timezone.localdate()
    items = [
        {
            "label": _("待确认的变动"),
            "count": selectors.pending_changes(user).count(),
            "url": reverse("tracking:change_list"),
            "tone": "warning",
        },
        {
            "label": _("逾期回访"),
            "count": selectors.overdue_follow_ups(user, today).count(),
            "url": reverse("tracking:follow_up_list") + "?overdue=1",
            "tone": "danger",
        },
        {
            "label": _("处理中的意外事故"),
            "count": selectors.accidents_visible_to(user).filter(closed_on__isnull=True).count(),
            "url": reverse("tracking:accident_list"),
            "tone": "warning",
        },
        {
            "label": _("未办结的违规记录"),
            "count": selectors.flags_visible_to(user).filter(resolved_at__isnull=True).count(),
            "url": reverse("tracking:flag_list"),
            "tone": "danger",
        },
        {
            "label": _("%(days)s 天内到期的服务") % {"days": ENDING_WITHIN_DAYS},
            "count": selectors.services_ending_soon(user, today, ENDING_WITHIN_DAYS).count(),
            "url": reverse("tracking:service_list") + "?ending=1",
            "tone": "info",
        },
    ]
    return {"template": "tracking/panel.html", "order": 10, "items": items}
