"""Grouping free-text 意见和建议 by theme (issue 14 item 2, issue 15 item 5).

The employers' suggestions (EmployerResponse.suggestions), the visits' notes and the 毕业生座谈会 opinions are
free Chinese text. A report cannot quote them all, so they are grouped by a small theme list that staff edit
(SuggestionTheme rows, seeded with DEFAULT_THEMES by migration; the page 意见主题 edits them).

Public API (plain data in, plain data out; deterministic — the same texts and themes give the same groups):

- ``Theme(name, keywords, position)`` — one theme; ``current_themes()`` reads the staff's list from the
  database (DEFAULT_THEMES when the table is empty).
- ``tag(text, themes=None) -> list[str]`` — the names of every theme the text touches, strongest first
  (``[OTHER]`` when none does). Forum opinions get these tags automatically.
- ``classify(text, themes=None) -> str`` — the strongest theme of a text, ``OTHER`` (其他) when none matches.
- ``group(texts, themes=None, representatives=3) -> list[ThemeGroup]`` — ``texts`` is a sequence of
  ``(text, source)`` pairs, the source being a label such as the employer's 单位性质 or "座谈会". Every input
  appears in exactly one group (its ``classify`` theme; blank texts are left out); groups are ordered by size,
  largest first, ties in theme order, 其他 always last.
  ``ThemeGroup(theme, items, representative, keywords)``: ``items`` are ``Quoted(text, source)`` in input
  order, ``representative`` up to ``representatives`` of them to quote (the ones touching the most keywords of
  the theme, different sources first), ``keywords`` the group's most frequent content words by Chinese word
  segmentation (jieba-rs through rjieba), so a report can state what the group is about.
- ``keywords(texts, top=5) -> list[str]`` — the most frequent content words of some texts.

How a text finds its theme: every keyword of every theme is looked for in the text; where keywords overlap
(安全 inside 安全操作规程, 吃苦 inside 吃苦耐劳) the longest one counts; the theme with the most keyword hits wins,
ties going to the theme listed first. A keyword is a plain substring, so staff can add one without knowing how
the segmenter would cut it ("注意安全" is one jieba word, yet 安全 is found in it).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import rjieba

OTHER = "其他"

# Keywords are split on these when staff type them into one field.
_KEYWORD_SEPARATORS = re.compile(r"[\s,，、;；/|]+")


@dataclass(frozen=True)
class Theme:
    name: str
    keywords: tuple[str, ...]
    position: int = 0


@dataclass(frozen=True)
class Quoted:
    text: str
    source: str = ""


@dataclass
class ThemeGroup:
    theme: str
    items: list[Quoted]
    representative: list[Quoted]
    keywords: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.items)


def split_keywords(value: str) -> tuple[str, ...]:
    """The keywords typed in one field ("实习、顶岗 校企"), blanks and repeats removed, order kept."""
    seen: dict[str, None] = {}
    for word in _KEYWORD_SEPARATORS.split(value or ""):
        if word:
            seen.setdefault(word, None)
    return tuple(seen)


DEFAULT_THEMES: tuple[Theme, ...] = (
    Theme(
        "专业技能",
        split_keywords(
            "专业技能 专业知识 技能 技术 实操 动手 操作 理论 基础知识 证书 课程 教学内容 设备 软件 编程 "
            "维修 工艺 识图 新技术"
        ),
        1,
    ),
    Theme(
        "职业素养",
        split_keywords(
            "吃苦耐劳 吃苦 敬业 责任心 责任感 工作态度 态度 纪律 素养 踏实 职业道德 守时 礼仪 耐心 主动 "
            "服从 执行力"
        ),
        2,
    ),
    Theme("沟通与团队", split_keywords("沟通 表达 团队 协作 合作精神 交流 人际 配合 集体"), 3),
    Theme(
        "实习与校企合作",
        split_keywords("实习 顶岗 跟岗 校企 订单班 订单培养 学徒 实训 对接 招聘会 共建 企业参与 岗前培训"),
        4,
    ),
    Theme(
        "稳定性",
        split_keywords("稳定 流失 跳槽 离职 频繁 留住 浮躁 坚持 心态 期望过高 眼高手低 留任"),
        5,
    ),
    Theme("安全意识", split_keywords("安全 规章 防护 事故 操作规程 劳动保护 隐患"), 6),
)

# Words too common in suggestions to say what a group is about.
_STOPWORDS = frozenset(
    split_keywords(
        "建议 希望 学生 毕业生 学校 贵校 我校 我们 你们 他们 单位 公司 企业 工作 加强 进一步 提高 注重 "
        "培养 增加 能力 方面 问题 情况 目前 今后 一些 比较 能够 可以 需要 应该 进行 没有 就是 还是 有些 "
        "整体 总体 表现 同学"
    )
)
_CONTENT_TAGS = ("n", "v", "a", "i", "l")


def current_themes() -> list[Theme]:
    """The staff's theme list (SuggestionTheme), in its order; DEFAULT_THEMES while it is empty."""
    from gradtrack.surveys.models import SuggestionTheme

    rows = [
        Theme(row.name, split_keywords(row.keywords), row.position)
        for row in SuggestionTheme.objects.order_by("position", "pk")
        if row.name != OTHER
    ]
    return rows or list(DEFAULT_THEMES)


def _ordered(themes: Iterable[Theme]) -> list[Theme]:
    return sorted((t for t in themes if t.name != OTHER), key=lambda t: t.position)


def _hits(text: str, themes: Sequence[Theme]) -> Counter[str]:
    """Keyword hits per theme name: longest keywords first, no two hits sharing a character."""
    candidates = []
    for rank, theme in enumerate(themes):
        for keyword in theme.keywords:
            for match in re.finditer(re.escape(keyword), text):
                candidates.append((-len(keyword), match.start(), rank, theme.name, keyword))
    taken = [False] * len(text)
    hits: Counter[str] = Counter()
    for negative_length, start, _rank, name, _keyword in sorted(candidates):
        end = start - negative_length
        if any(taken[start:end]):
            continue
        taken[start:end] = [True] * (end - start)
        hits[name] += 1
    return hits


def _ranked(text: str, themes: Sequence[Theme]) -> list[tuple[str, int]]:
    ordered = _ordered(themes)
    hits = _hits(text or "", ordered)
    rank = {t.name: i for i, t in enumerate(ordered)}
    return sorted(hits.items(), key=lambda item: (-item[1], rank[item[0]]))


def tag(text: str, themes: Sequence[Theme] | None = None) -> list[str]:
    """Every theme the text touches, strongest first; [OTHER] when it touches none."""
    ranked = _ranked(text, current_themes() if themes is None else themes)
    return [name for name, _count in ranked] or [OTHER]


def classify(text: str, themes: Sequence[Theme] | None = None) -> str:
    return tag(text, themes)[0]


@functools.lru_cache(maxsize=1)
def _segmenter() -> rjieba.Jieba:
    return rjieba.Jieba()


def keywords(texts: Iterable[str], top: int = 5) -> list[str]:
    """The most frequent content words (nouns, verbs, adjectives, idioms) of the texts, ties by first use."""
    counts: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    for text in texts:
        for word, flag in _segmenter().tag(text or ""):
            if len(word) < 2 or word in _STOPWORDS or not flag.startswith(_CONTENT_TAGS):
                continue
            counts[word] += 1
            first_seen.setdefault(word, len(first_seen))
    return sorted(counts, key=lambda w: (-counts[w], first_seen[w]))[:top]


def _representatives(items: list[Quoted], theme: Theme | None, count: int) -> list[Quoted]:
    """The items touching the most keywords of the theme, one per source before a second of the same."""
    if count <= 0:
        return []
    if theme is None:
        scored = sorted(range(len(items)), key=lambda i: (-len(items[i].text), i))
    else:
        scores = [_hits(item.text, [theme])[theme.name] for item in items]
        scored = sorted(range(len(items)), key=lambda i: (-scores[i], i))
    chosen: list[int] = []
    sources: set[str] = set()
    for index in scored:
        if len(chosen) < count and items[index].source not in sources:
            chosen.append(index)
            sources.add(items[index].source)
    for index in scored:
        if len(chosen) < count and index not in chosen:
            chosen.append(index)
    return [items[i] for i in sorted(chosen, key=scored.index)]


def group(
    texts: Sequence[tuple[str, str]],
    themes: Sequence[Theme] | None = None,
    representatives: int = 3,
) -> list[ThemeGroup]:
    """The texts grouped by theme, largest group first, 其他 last (see the module docstring)."""
    themes = _ordered(current_themes() if themes is None else themes)
    by_name = {t.name: t for t in themes}
    members: dict[str, list[Quoted]] = {}
    for text, source in texts:
        text = (text or "").strip()
        if not text:
            continue
        members.setdefault(classify(text, themes), []).append(Quoted(text, source or ""))
    rank = {t.name: i for i, t in enumerate(themes)}
    names = sorted(members, key=lambda n: (n == OTHER, -len(members[n]), rank.get(n, len(rank))))
    return [
        ThemeGroup(
            theme=name,
            items=members[name],
            representative=_representatives(members[name], by_name.get(name), representatives),
            keywords=keywords(q.text for q in members[name]),
        )
        for name in names
    ]
