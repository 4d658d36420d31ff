"""The re-placement requests of one graduate, for the staff graduate page and the portal home (one line each:
{% load replacement_tags %}{% graduate_replacement_requests graduate %} / {% portal_replacement_requests graduate %}).
The graduate itself comes from the page, which has already fetched it within the user's scope."""

from django import template

from gradtrack.replacement import selectors

register = template.Library()


@register.inclusion_tag("replacement/_graduate_requests.html", takes_context=True)
def graduate_replacement_requests(context, graduate):
    return {
        "graduate": graduate,
        "requests": graduate.replacement_requests.select_related("employment__employer").order_by(
            "-request_date", "-pk"
        ),
        "has_ended_job": selectors.ended_jobs_of(graduate).exists(),
        "can_write": context.get("can_write", False),
    }


@register.inclusion_tag("replacement/_portal_requests.html")
def portal_replacement_requests(graduate):
    return {
        "requests": graduate.replacement_requests.select_related("employment__employer").order_by(
            "-request_date", "-pk"
        ),
        "has_ended_job": selectors.ended_jobs_of(graduate).exists(),
    }
