"""Masks of accounts.privacy for templates: {% load privacy %}{{ graduate.mobile|mask_mobile }}."""

from django import template

from gradtrack.accounts import privacy

register = template.Library()
register.filter("mask_id_number", privacy.mask_id_number)
register.filter("mask_mobile", privacy.mask_mobile)
register.filter("mask_contact", privacy.mask_contact)


@register.simple_tag(takes_context=True)
def shown(context, value, field: str, in_list: bool = True):
    """``value`` of the sensitive ``field`` as the signed-in user may see it (accounts.privacy.shows_in_full):
    {% shown graduate.mobile "mobile" as mobile %}; a change report's new phone is shown as a "mobile" too.
    A graduate's own record in the portal (``own_record`` in the context) is shown to them as it is."""
    if context.get("own_record"):
        return value
    request = context.get("request")
    user = getattr(request, "user", None)
    if privacy.shows_in_full(user, field, in_list=in_list):
        return value
    return privacy.mask_value(field, value)
