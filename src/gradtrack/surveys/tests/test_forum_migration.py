"""An existing database migrates forward onto forum opinions (surveys 0004_special_visit_forum_opinions): a
forum's one 意见和建议 text becomes one opinion a line, and going back joins them again."""

import datetime

import pytest

from gradtrack.testing.migrations import latest as latest_migrations
from gradtrack.testing.migrations import migrate as _migrate

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("surveys", "0003_special_suggestion_themes")]
AFTER = [("surveys", "0004_special_visit_forum_opinions")]


def test_a_forums_suggestion_lines_become_opinions_and_back():
    latest = latest_migrations()
    try:
        old = _migrate(BEFORE)
        campaign = old.get_model("surveys", "Campaign").objects.create(
            year=2025,
            kind="site_visit",
            opens_on=datetime.date(2025, 7, 1),
            closes_on=datetime.date(2025, 9, 1),
            report_due=datetime.date(2025, 9, 15),
            percent=5,
        )
        old.get_model("surveys", "Forum").objects.create(
            campaign=campaign,
            held_on=datetime.date(2025, 8, 20),
            place="报告厅",
            attendees="毕业生 20 人",
            minutes="座谈",
            suggestions="希望更新实训设备\n\n建议延长顶岗实习",
        )

        new = _migrate(AFTER)
        opinions = new.get_model("surveys", "ForumOpinion").objects.order_by("position")
        assert [(o.position, o.text) for o in opinions] == [(1, "希望更新实训设备"), (2, "建议延长顶岗实习")]

        back = _migrate(BEFORE)
        assert (
            back.get_model("surveys", "Forum").objects.get().suggestions
            == "希望更新实训设备\n建议延长顶岗实习"
        )
    finally:
        _migrate(latest)
