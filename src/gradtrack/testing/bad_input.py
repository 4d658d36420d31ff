"""Hostile and malformed values for the bad-input suites, and a way to re-post a page's own forms.

Each suite sends these to every form or endpoint and expects a clear refusal or an inert stored value, never a
server error (the test client re-raises any exception a view lets escape).
"""

from datetime import date, datetime
from decimal import Decimal

from django import forms
from django.db.models import Model

XSS = '<script>alert("xss")</script>"><img src=x onerror=alert(1)>'
SQL = "' OR '1'='1'; DROP TABLE records_graduate; --"

BAD_VALUES = {
    "xss": [XSS],
    "sql": [SQL],
    "huge": ["九" * 20_000],  # 60,000 bytes: past every max_length, and past SQLite's LIKE pattern limit
    "wrong_type": ["abc", "1e309", "2024-13-45"],
    "overflow": ["99999999999999999999999"],
    "control_characters": ["abc\x00def", "\u202egnp.exe😀\t=1+1"],
    "empty": [" "],
}
# Sent to each field on its own (the rest valid), so a value can get past validation and be stored: the stored
# value must come back escaped, and NUL must never reach PostgreSQL. The other kinds go to every field at once
# (each field validates independently, so one request exercises them all).
PER_FIELD_VALUES = [XSS, "abc\x00def"]


def posted_value(value):
    """A form value as the browser would send it back."""
    if value is None or value is False:
        return None
    if value is True:
        return "on"
    if isinstance(value, Model):
        return str(value.pk)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal | int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return [posted_value(item) for item in value]
    return str(value)


def forms_in(context) -> list[forms.BaseForm]:
    """The forms a page rendered (its context's Form instances), filter forms excluded."""
    found = []
    for key in context.keys():
        value = context.get(key)
        if isinstance(value, forms.BaseForm) and "filter" not in key and value not in found:
            found.append(value)
    return found


def payload_of(form: forms.BaseForm) -> dict:
    """What submitting the page's form unchanged would post."""
    data = {}
    for bound in form:
        value = posted_value(bound.value())
        if value is not None:
            data[bound.html_name] = value
    return data


def contains_raw_script(html: str) -> bool:
    """True if a stored XSS payload came back unescaped."""
    return "<script>alert(" in html or "<img src=x onerror" in html
