"""Helpers for tests of ``gradtrack daily``: a frozen day, and the command's output."""

import datetime
import io

import time_machine
from django.core.management import call_command


def at(day: datetime.date):
    """Time frozen at 10:00 Beijing time (02:00 UTC) on ``day``."""
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, 2, tzinfo=datetime.UTC), tick=False
    )


def daily() -> str:
    """Run ``gradtrack daily`` and return what it printed."""
    out = io.StringIO()
    call_command("daily", stdout=out)
    return out.getvalue()
