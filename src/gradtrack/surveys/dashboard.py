"""The 工作台 panel of the survey calendar (site.dashboard.PANELS): what is due this year and how far each
campaign is."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gradtrack.accounts import roles
from gradtrack.core.models import PolicySettings
from gradtrack.surveys import selectors, services
from gradtrack.surveys.models import Campaign

DUE_SOON_DAYS = 30


def _item(
    label: str,
    due: datetime.date,
    today: datetime.date,
    *,
    progress=None,
    url="",
    missing=False,
    tracked=True,
):
    """One line of the calendar; its state says what is left to do (None: nothing to flag)."""
    state, state_label = None, ""
    if progress is not None:
        row = progress.employers
        if progress.campaign.is_visit:
            finished = row.visited >= row.planned
            finished_label = _("已完成走访")
        else:
            finished = row.sent >= row.planned
            finished_label = _("已截止") if today > due else _("邀请已发出")
        if finished:
            state, state_label = "done", finished_label
    if state is None and tracked and today > due:
        state, state_label = "overdue", _("已逾期")
    elif state is None and today <= due <= today + datetime.timedelta(days=DUE_SOON_DAYS):
        state, state_label = "due_soon", _("即将到期")
    return {
        "label": label,
        "due": due,
        "url": url,
        "progress": progress,
        "missing": missing,
        "state": state,
        "state_label": state_label,
    }


def panel(request) -> dict | None:
    if not roles.is_staff_user(request.user):
        return None
    today = timezone.localdate()
    policy = PolicySettings.current()
    campaigns = {c.kind: c for c in selectors.campaigns_visible_to(request.user).filter(year=today.year)}
    items = []
    for kind, label in Campaign.Kind.choices:
        campaign = campaigns.get(kind)
        if campaign:
            items.append(
                _item(
                    str(campaign),
                    campaign.closes_on,
                    today,
                    progress=selectors.campaign_progress(campaign, request.user),
                    url=reverse("surveys:campaign_detail", args=[campaign.pk]),
                )
            )
        else:
            _opens, closes = services.campaign_dates(today.year, kind, policy)
            items.append(_item(f"{today.year}年{label}", closes, today, missing=True))
    items.append(
        _item(
            _("综合性专题报告（纸质和电子文档）"),
            policy.date_in(today.year, policy.survey_report_deadline),
            today,
            tracked=False,  # written and submitted outside the survey pages
        )
    )
    return {"template": "surveys/dashboard_panel.html", "order": 20, "year": today.year, "items": items}
