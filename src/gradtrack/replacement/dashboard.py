"""Re-placement's panel on the 工作台: the signed-in user's open requests by stage, each linked to its list."""

from django.urls import reverse
from django.utils.translation import gettext as _

from gradtrack.accounts import roles
from gradtrack.replacement import selectors
from gradtrack.replacement.models import ReplacementRequest


def panel(request) -> dict | None:
    user = request.user
    if not roles.is_staff_user(user):
        return None
    counts = selectors.open_counts_by_stage(user)
    url = reverse("replacement:request_list")
    items = [
        {"label": _("待报名登记"), "stage": ReplacementRequest.Stage.REGISTRATION, "tone": "primary"},
        {"label": _("待面试/笔试"), "stage": ReplacementRequest.Stage.TEST, "tone": "warning"},
        {"label": _("待安置"), "stage": ReplacementRequest.Stage.PLACEMENT, "tone": "success"},
    ]
    for item in items:
        item["count"] = counts[item["stage"]]
        item["url"] = f"{url}?stage={item['stage']}"
    return {"template": "replacement/panel.html", "order": 15, "title": _("再次就业安置"), "items": items}
