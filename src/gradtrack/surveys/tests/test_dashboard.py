"""The 工作台 calendar flags what is left to do for each campaign."""

import datetime
from types import SimpleNamespace

import pytest

from gradtrack.surveys.dashboard import _item
from gradtrack.surveys.selectors import ProgressRow

DUE = datetime.date(2026, 8, 31)


def progress(*, visit=False, planned=10, sent=0, returned=0, visited=0):
    return SimpleNamespace(
        campaign=SimpleNamespace(is_visit=visit), employers=ProgressRow("", planned, sent, returned, visited)
    )


@pytest.mark.parametrize(
    ("today", "row", "state", "label"),
    [
        (datetime.date(2026, 8, 10), progress(sent=0), "due_soon", "即将到期"),
        (datetime.date(2026, 6, 1), progress(sent=0), None, ""),
        (datetime.date(2026, 8, 10), progress(sent=10, returned=3), "done", "邀请已发出"),
        (datetime.date(2026, 9, 10), progress(sent=10, returned=3), "done", "已截止"),
        (datetime.date(2026, 9, 10), progress(sent=4), "overdue", "已逾期"),
        (datetime.date(2026, 9, 10), progress(visit=True, visited=10), "done", "已完成走访"),
        (datetime.date(2026, 9, 10), progress(visit=True, visited=2), "overdue", "已逾期"),
    ],
)
def test_each_campaign_line_says_what_is_left(today, row, state, label):
    item = _item("x", DUE, today, progress=row)
    assert (item["state"], item["state_label"]) == (state, label)


def test_the_report_line_is_never_flagged_overdue():
    item = _item("报告", DUE, datetime.date(2026, 11, 1), tracked=False)
    assert item["state"] is None
