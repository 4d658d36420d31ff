"""The 毕业生调查's part of ``gradtrack daily``: mail the personal link to graduates of open waves who have an
e-mail address, and remind the non-respondents only (gradsurveys.services.invitations_send_due). Like the
employer reminders (surveys.daily) it needs GRADTRACK_SITE_URL for the links; without it nothing is sent."""

import datetime

from gradtrack.gradsurveys import services
from gradtrack.gradsurveys.models import WaveInvitation
from gradtrack.surveys.daily import site_url


def graduate_link(invitation: WaveInvitation) -> str:
    return site_url() + services.invitation_path(invitation)


def remind_graduates(today: datetime.date) -> dict[str, int] | None:
    """How many invitations and reminders were sent; None when no site address is configured."""
    if not site_url():
        return None
    return services.invitations_send_due(today=today, link_for=graduate_link)
