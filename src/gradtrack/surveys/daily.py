"""The survey calendar's part of ``gradtrack daily``: remind employers who have not answered (POLICY §7–§8).

A reminder carries the employer's link, so it needs the address the school publishes the app under:
``GRADTRACK_SITE_URL`` (e.g. https://jiuye.example.edu.cn). Without it the daily run sends no survey reminders
and says so; staff can still send them with the button on a campaign's page.
"""

import datetime

from django.conf import settings

from gradtrack.surveys import services
from gradtrack.surveys.models import Invitation


def site_url() -> str:
    return (getattr(settings, "GRADTRACK_SITE_URL", "") or "").rstrip("/")


def employer_link(invitation: Invitation) -> str:
    return site_url() + services.invitation_path(invitation)


def remind_employers(today: datetime.date) -> int | None:
    """How many employers were reminded; None when no site address is configured."""
    if not site_url():
        return None
    return services.invitations_remind_due(today=today, link_for=employer_link)
