"""Masks of accounts.privacy for templates: {% load privacy %}{{ graduate.mobile|mask_mobile }}."""

from django import template

from gradtrack.accounts import privacy

register = template.Library()
register.filter("mask_id_number", privacy.mask_id_number)
register.filter("mask_mobile", privacy.mask_mobile)
register.filter("mask_contact", privacy.mask_contact)
