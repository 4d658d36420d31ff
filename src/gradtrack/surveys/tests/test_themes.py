"""Grouping 意见和建议 by theme (surveys.themes, issue 14 item 2): which theme a suggestion falls in, groups that
hold every suggestion once, and the staff's theme list in the database deciding the grouping."""

import pytest

from gradtrack.surveys import themes
from gradtrack.surveys.models import SuggestionTheme
from gradtrack.surveys.themes import DEFAULT_THEMES, OTHER, Quoted, Theme


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("希望加强学生的实操训练，多接触企业现在用的设备", "专业技能"),
        ("学生吃苦耐劳精神有待加强，工作态度要端正", "职业素养"),
        ("部分同学与同事沟通不够主动，团队协作意识弱", "沟通与团队"),
        ("建议延长顶岗实习时间，开设订单班", "实习与校企合作"),
        ("新员工跳槽频繁，一年内离职的较多", "稳定性"),
        ("车间作业要严格遵守安全操作规程", "安全意识"),
        ("感谢学校一直以来的支持", OTHER),
        ("", OTHER),
    ],
    ids=[
        "skills: 实操 and 设备",
        "attitude: 吃苦耐劳 counts once, with 态度",
        "teamwork: 沟通, 团队 and 协作 outweigh 主动",
        "internship: 顶岗, 实习, 订单班",
        "retention: 跳槽, 频繁, 离职",
        "safety: 操作规程 is one hit, 操作 (skills) inside it is not counted",
        "no keyword: 其他",
        "blank: 其他",
    ],
)
def test_a_suggestion_falls_in_the_theme_with_most_keyword_hits(text, expected):
    assert themes.classify(text, DEFAULT_THEMES) == expected


def test_tag_lists_every_theme_a_text_touches_strongest_first():
    text = "建议多安排顶岗实习和跟岗实训，也要加强安全教育"
    assert themes.tag(text, DEFAULT_THEMES) == ["实习与校企合作", "安全意识"]


def test_a_tie_goes_to_the_theme_listed_first():
    listed = [Theme("乙", ("沟通",), 2), Theme("甲", ("实习",), 1)]
    assert themes.classify("沟通和实习", listed) == "甲"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("实习、顶岗 校企", ("实习", "顶岗", "校企")),
        ("实习,实习，  跟岗\n学徒", ("实习", "跟岗", "学徒")),
        ("", ()),
    ],
)
def test_keywords_typed_in_one_field(value, expected):
    assert themes.split_keywords(value) == expected


SUGGESTIONS = [
    ("希望加强学生的实操训练", "国有企业"),
    ("专业技能还需提高，尤其是识图", "私营企业"),
    ("建议延长顶岗实习时间", "私营企业"),
    ("新员工离职的较多，希望学校做好就业观教育", "股份公司"),
    ("感谢学校一直以来的支持", "事业单位"),
    ("学生的动手能力和专业知识都不错，希望保持", "私营企业"),
    ("", "机关"),
]


def test_every_suggestion_appears_in_exactly_one_group_largest_first_other_last():
    groups = themes.group(SUGGESTIONS, DEFAULT_THEMES)

    assert [(g.theme, g.size) for g in groups] == [
        ("专业技能", 3),
        ("实习与校企合作", 1),
        ("稳定性", 1),
        (OTHER, 1),
    ]
    grouped = [(q.text, q.source) for g in groups for q in g.items]
    assert sorted(grouped) == sorted(s for s in SUGGESTIONS if s[0])


def test_representatives_touch_most_keywords_and_differ_in_source_first():
    group = themes.group(SUGGESTIONS, DEFAULT_THEMES, representatives=2)[0]
    assert group.representative == [
        Quoted("专业技能还需提高，尤其是识图", "私营企业"),
        Quoted("希望加强学生的实操训练", "国有企业"),
    ]
    assert themes.group(SUGGESTIONS, DEFAULT_THEMES, representatives=0)[0].representative == []


def test_a_group_states_its_most_frequent_words():
    texts = ["顶岗实习时间太短", "实习岗位和专业不对口", "希望实习前做岗前培训"]
    assert themes.keywords(texts, top=2)[0] == "实习"
    group = themes.group([(t, "") for t in texts], DEFAULT_THEMES)[0]
    assert group.keywords[0] == "实习"
    assert "希望" not in group.keywords


def test_grouping_is_deterministic():
    shuffled = list(reversed(SUGGESTIONS))
    first = themes.group(shuffled, DEFAULT_THEMES)
    assert themes.group(shuffled, DEFAULT_THEMES) == first


@pytest.mark.django_db
def test_the_migration_seeds_the_default_list_and_staff_edits_decide():
    assert [t.name for t in themes.current_themes()] == [t.name for t in DEFAULT_THEMES]
    assert themes.classify("希望多组织文体活动") == OTHER

    SuggestionTheme.objects.create(name="校园文化", keywords="文体、社团", position=9)
    assert themes.classify("希望多组织文体活动") == "校园文化"

    SuggestionTheme.objects.filter(name="安全意识").update(keywords="隐患")
    assert themes.classify("注意安全") == OTHER


@pytest.mark.django_db
def test_an_empty_list_falls_back_to_the_defaults():
    SuggestionTheme.objects.all().delete()
    assert themes.current_themes() == list(DEFAULT_THEMES)
