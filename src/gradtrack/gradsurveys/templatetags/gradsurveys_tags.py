"""{% load gradsurveys_tags %}: the portal's card of open surveys ({% portal_graduate_surveys graduate %}) and the
毕业生满意度 panel of the statistics page ({% graduate_satisfaction_panel stats %}), one line in each page."""

from django import template
from django.utils import timezone

from gradtrack.gradsurveys import selectors
from gradtrack.gradsurveys.models import WaveInvitation

register = template.Library()


@register.inclusion_tag("gradsurveys/_portal_card.html")
def portal_graduate_surveys(graduate):
    today = timezone.localdate()
    invitations = (
        WaveInvitation.objects.filter(
            graduate=graduate, wave__opens_on__lte=today, wave__closes_on__gte=today
        )
        .select_related("wave", "response")
        .order_by("wave__opens_on")
    )
    return {"invitations": invitations}


@register.inclusion_tag("gradsurveys/_figures.html")
def graduate_satisfaction_panel(stats):
    """The statistics' scope and cohorts (stats.selectors.Statistics), already within what the user sees."""
    return {"figures": selectors.graduate_satisfaction(stats.scope.graduates(), cohorts=stats.cohorts.years)}
