"""The 9-15 综合性专题报告 (POLICY §三(二)4, issue 14 item 4): the report on the year's site visits and the
毕业生座谈会, due on 9月15日, with its own structure —

一、走访概况 (the visit plan of the site-visit campaign: graduates to cover, planned and visited, by 系部),
二、用人单位综合评价 (the visits' 整体评价 and what the employers said), 三、毕业生工作适应情况,
四、毕业生座谈会情况 (each forum and every opinion voiced), 五、意见建议 (the visits', the forums' and the
employer forms' suggestions grouped by theme with surveys.themes), 六、改进措施 (the themes the most suggestions
concern and the visits rated 一般 or 差, to follow up) — then the 落款 and an appendix listing every suggestion.

Every sentence states a figure computed here or quotes what staff recorded; none is invented. The frame
(cover, contents, page numbers, 落款) is stats.docframe's. ``stats.documents.build_report`` sends kind
"comprehensive" here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gradtrack.core.models import SchoolProfile
from gradtrack.records.models import Employer
from gradtrack.stats.docframe import TEXT_WIDTH, ReportFrame, chinese_date
from gradtrack.stats.selectors import Scope
from gradtrack.surveys import selectors as survey_selectors
from gradtrack.surveys import themes
from gradtrack.surveys.models import Campaign, EmployerResponse, Forum, ForumOpinion, Rating, Visit

TITLE = "用人单位、毕业生就业跟踪综合性专题报告"
COVER_TITLE = (
    "用人单位、毕业生就业跟踪\n综合性专题报告"  # two lines on the cover, not a wrapped last character
)
FORM, VISIT, FORUM = "登记表", "走访", "座谈会"
GOOD_RATINGS = (Rating.EXCELLENT, Rating.GOOD)
WEAK_RATINGS = (Rating.FAIR, Rating.POOR)
REPRESENTATIVES = 3


@dataclass
class PlanRow:
    label: str
    employed: int = 0  # graduates of the cohort with a current job
    planned: int = 0  # of them, at an employer of the visit plan
    visited: int = 0  # of them, at an employer visited


@dataclass
class YearFigures:
    """What the comparison with the year before needs."""

    visits: int = 0
    rated: int = 0
    rated_good: int = 0
    opinions: int = 0

    @property
    def good_percent(self) -> float | None:
        return round(100 * self.rated_good / self.rated, 1) if self.rated else None


@dataclass
class SpecialReportData:
    scope: Scope
    year: int
    campaign: Campaign | None
    target: int = 0
    plan_rows: list[PlanRow] = field(default_factory=list)
    planned_employers: int = 0
    visits: list[Visit] = field(default_factory=list)
    forums: list[Forum] = field(default_factory=list)
    opinions: dict[int, list[ForumOpinion]] = field(default_factory=dict)  # by forum id
    suggestions: list[tuple[str, str, str | None]] = field(default_factory=list)  # (text, source, theme)
    groups: list[themes.ThemeGroup] = field(default_factory=list)
    figures: YearFigures = field(default_factory=YearFigures)
    previous: YearFigures | None = None

    @property
    def title(self) -> str:
        return _("%(scope)s%(year)s届%(kind)s") % {
            "scope": self.scope.label,
            "year": self.year,
            "kind": TITLE,
        }

    @property
    def issuer(self) -> str:
        if self.scope.kind == "school":
            return SchoolProfile.current().office
        return self.scope.label


# --- Reading the records -----------------------------------------------------------------------------------


def _campaign(year: int) -> Campaign | None:
    return Campaign.objects.filter(year=year, kind=Campaign.Kind.SITE_VISIT).first()


def _scope_employers(scope: Scope, campaign: Campaign) -> QuerySet[Employer] | None:
    """The employers of the scope's graduates of the cohort (None for the whole school: no filter)."""
    if scope.kind == "school":
        return None
    jobs = survey_selectors.cohort_jobs(campaign).filter(graduate__in=scope.graduates())
    return Employer.objects.filter(pk__in=jobs.values("employer_id"))


def _visits(scope: Scope, campaign: Campaign) -> QuerySet[Visit]:
    visits = Visit.objects.filter(trip__campaign=campaign).select_related(
        "employer__nature", "trip__department"
    )
    employers = _scope_employers(scope, campaign)
    if employers is not None:
        visits = visits.filter(employer__in=employers)
    return visits.order_by("visited_on", "pk")


def _forums(campaign: Campaign) -> list[Forum]:
    return list(campaign.forums.order_by("held_on", "pk"))


def _opinions(forums: list[Forum]) -> dict[int, list[ForumOpinion]]:
    rows = (
        ForumOpinion.objects.filter(forum__in=forums)
        .select_related("graduate__major")
        .prefetch_related("themes")
        .order_by("forum", "position", "pk")
    )
    by_forum: dict[int, list[ForumOpinion]] = {forum.pk: [] for forum in forums}
    for opinion in rows:
        by_forum[opinion.forum_id].append(opinion)
    return by_forum


def opinion_theme(opinion: ForumOpinion, listed: list[themes.Theme]) -> str | None:
    """The theme an opinion is counted under: its strongest tag (staff's tags win); None to classify it."""
    tagged = {theme.name for theme in opinion.themes.all()}
    if not tagged:
        return themes.OTHER if opinion.themes_by_staff else None
    ranked = [name for name in themes.tag(opinion.text, listed) if name in tagged]
    order = {t.name: t.position for t in listed}
    return ranked[0] if ranked else min(tagged, key=lambda name: (order.get(name, 999), name))


def nature_label(employer: Employer) -> str:
    return employer.nature.name if employer.nature_id else _("用人单位")


def _form_suggestions(scope: Scope, year: int, campaign: Campaign) -> list[tuple[str, str, None]]:
    responses = EmployerResponse.objects.filter(
        invitation__campaign__year=year, submitted_at__isnull=False
    ).exclude(suggestions="")
    employers = _scope_employers(scope, campaign)
    if employers is not None:
        responses = responses.filter(invitation__employer__in=employers)
    rows = []
    for response in responses.order_by("invitation__campaign__kind", "submitted_at", "pk"):
        nature = response.get_nature_display() or _("用人单位")
        rows.append((response.suggestions, f"{FORM}（{nature}）", None))
    return rows


def _plan_rows(scope: Scope, campaign: Campaign, visited: set[int]) -> list[PlanRow]:
    planned = set(campaign.plan_entries.values_list("employer_id", flat=True))
    jobs = survey_selectors.cohort_jobs(campaign).filter(graduate__in=scope.graduates())
    rows: dict[str, PlanRow] = {}
    for employer_id, department in jobs.values_list("employer_id", "graduate__department__name").order_by(
        "graduate__department__code"
    ):
        row = rows.setdefault(department or _("未分系部"), PlanRow(department or _("未分系部")))
        row.employed += 1
        row.planned += employer_id in planned
        row.visited += employer_id in visited
    return list(rows.values())


def _year_figures(visits: list[Visit], opinions: int) -> YearFigures:
    rated = [v for v in visits if v.evaluation]
    return YearFigures(
        visits=len(visits),
        rated=len(rated),
        rated_good=sum(v.evaluation in GOOD_RATINGS for v in rated),
        opinions=opinions,
    )


def special_report_data(scope: Scope, year: int) -> SpecialReportData:
    campaign = _campaign(year)
    data = SpecialReportData(scope, year, campaign)
    if campaign is None:
        return data
    listed = themes.current_themes()
    data.visits = list(_visits(scope, campaign))
    data.forums = _forums(campaign)
    data.opinions = _opinions(data.forums)
    visited = {visit.employer_id for visit in data.visits}
    data.plan_rows = _plan_rows(scope, campaign, visited)
    data.planned_employers = campaign.plan_entries.count()
    data.target = survey_selectors.plan_coverage(campaign).target if scope.kind == "school" else 0
    suggestions = _form_suggestions(scope, year, campaign)
    suggestions += [
        (visit.suggestions, f"{VISIT}（{nature_label(visit.employer)}）", None)
        for visit in data.visits
        if visit.suggestions
    ]
    suggestions += [
        (opinion.text, FORUM, opinion_theme(opinion, listed))
        for forum in data.forums
        for opinion in data.opinions[forum.pk]
    ]
    data.suggestions = suggestions
    data.groups = themes.group(suggestions, listed, representatives=REPRESENTATIVES)
    opinion_count = sum(len(rows) for rows in data.opinions.values())
    data.figures = _year_figures(data.visits, opinion_count)
    before = _campaign(year - 1)
    if before is not None:
        visits_before = list(_visits(scope, before))
        opinions_before = ForumOpinion.objects.filter(forum__campaign=before).count()
        if visits_before or opinions_before:
            data.previous = _year_figures(visits_before, opinions_before)
    return data


# --- Sentences (figures only) ------------------------------------------------------------------------------


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def change_in_points(now: float | None, before: float | None) -> str:
    """ "，比上年提高 2.5 个百分点" / "下降" / "与上年持平"; empty without both figures."""
    if now is None or before is None:
        return ""
    points = round(now - before, 1)
    if points > 0:
        return _("，比上年提高 %(p)s 个百分点") % {"p": f"{points:.1f}"}
    if points < 0:
        return _("，比上年下降 %(p)s 个百分点") % {"p": f"{-points:.1f}"}
    return _("，与上年持平")


def change_in_count(now: int, before: int | None, unit: str) -> str:
    if before is None:
        return ""
    if now == before:
        return _("，与上年持平")
    word = _("增加") if now > before else _("减少")
    return _("，比上年%(word)s %(n)s %(unit)s") % {"word": word, "n": abs(now - before), "unit": unit}


def overview_sentences(data: SpecialReportData) -> list[str]:
    employed = sum(row.employed for row in data.plan_rows)
    planned = sum(row.planned for row in data.plan_rows)
    visited = sum(row.visited for row in data.plan_rows)
    employers = len({visit.employer_id for visit in data.visits})
    previous = data.previous.visits if data.previous else None
    sentences = [
        _(
            "%(year)s届毕业生中在岗 %(employed)s 人。按应届毕业生 %(percent)s%% 的比例实地走访用人单位，"
            "走访计划含用人单位 %(plan)s 家，覆盖在岗毕业生 %(planned)s 人。"
        )
        % {
            "year": data.year,
            "employed": employed,
            "percent": data.campaign.percent,
            "plan": data.planned_employers,
            "planned": planned,
        },
        _(
            "截至报告日，共记录走访 %(visits)s 次，走访用人单位 %(employers)s 家%(change)s，"
            "覆盖在岗毕业生 %(visited)s 人，占计划覆盖人数的 %(share)s。"
        )
        % {
            "visits": len(data.visits),
            "employers": employers,
            "change": change_in_count(len(data.visits), previous, _("次")),
            "visited": visited,
            "share": percent(visited, planned),
        },
    ]
    if data.target:
        met = _("已达到") if visited >= data.target else _("尚未达到")
        sentences.append(
            _("按比例应覆盖 %(target)s 人，走访覆盖%(met)s要求。") % {"target": data.target, "met": met}
        )
    return sentences


def evaluation_counts(visits: list[Visit]) -> Counter[str]:
    return Counter(visit.evaluation or "" for visit in visits)


def evaluation_sentences(data: SpecialReportData) -> list[str]:
    counts = evaluation_counts(data.visits)
    rated = data.figures.rated
    if not rated:
        return [_("走访记录中尚无用人单位的整体评价。")]
    parts = "、".join(
        _("%(label)s %(n)s 家") % {"label": label, "n": counts[value]}
        for value, label in Rating.choices
        if counts[value]
    )
    before = data.previous.good_percent if data.previous else None
    return [
        _("记录整体评价的走访单位 %(rated)s 家，其中%(parts)s；评价为优秀或良好的占 %(good)s%(change)s。")
        % {
            "rated": rated,
            "parts": parts,
            "good": percent(data.figures.rated_good, rated),
            "change": change_in_points(data.figures.good_percent, before),
        }
    ]


def suggestion_sentence(group: themes.ThemeGroup) -> str:
    origins = Counter(quoted.source.split("（")[0] for quoted in group.items)
    parts = "、".join(
        _("%(origin)s %(n)s 条") % {"origin": origin, "n": origins[origin]}
        for origin in (FORM, VISIT, FORUM)
        if origins[origin]
    )
    sentence = _("共 %(n)s 条（%(parts)s）") % {"n": group.size, "parts": parts}
    if group.keywords:
        sentence += _("，出现较多的词语：%(words)s") % {"words": "、".join(group.keywords)}
    return sentence + "。"


# --- The document ------------------------------------------------------------------------------------------


def _table(frame: ReportFrame, headers: list[str], rows: list[list], widths: list[float] | None = None):
    """frame.table, with the relative widths also written to the table grid (w:gridCol), which LibreOffice
    follows where it ignores the cells' widths: a text column gets the room its quotations need."""
    table = frame.table(headers, rows, widths=widths)
    if widths:
        total = sum(widths)
        for column, share in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
            column.w = int(TEXT_WIDTH * share / total)
    return table


def _rating_label(value: str) -> str:
    return str(Rating(value).label) if value else _("未评价")


def _speaker(opinion: ForumOpinion) -> str:
    if opinion.graduate_id and opinion.graduate.major_id:
        return _("%(major)s专业毕业生") % {"major": opinion.graduate.major.name}
    return _("毕业生")


def write_overview(frame: ReportFrame, data: SpecialReportData) -> None:
    frame.heading(_("走访概况"))
    for sentence in overview_sentences(data):
        frame.paragraph(sentence)
    if data.plan_rows:
        frame.table(
            [_("系部"), _("在岗毕业生"), _("计划覆盖"), _("已走访覆盖"), _("完成比例")],
            [
                [row.label, row.employed, row.planned, row.visited, percent(row.visited, row.planned)]
                for row in data.plan_rows
            ],
        )
    if data.visits:
        _table(
            frame,
            [_("序号"), _("走访日期"), _("单位性质"), _("系部"), _("走访人员"), _("接待人员")],
            [
                [
                    index,
                    visit.visited_on.strftime("%Y-%m-%d"),
                    nature_label(visit.employer),
                    visit.trip.department.name if visit.trip.department_id else _("学校"),
                    visit.visitors,
                    visit.met_whom,
                ]
                for index, visit in enumerate(data.visits, 1)
            ],
            widths=[0.6, 1.2, 1.2, 1.2, 1.6, 1.6],
        )


def write_evaluation(frame: ReportFrame, data: SpecialReportData) -> None:
    frame.heading(_("用人单位综合评价"))
    for sentence in evaluation_sentences(data):
        frame.paragraph(sentence)
    counts = evaluation_counts(data.visits)
    if data.visits:
        rows = [
            [label, counts[value], percent(counts[value], len(data.visits))]
            for value, label in Rating.choices
        ]
        rows.append([_("未评价"), counts[""], percent(counts[""], len(data.visits))])
        frame.table([_("整体评价"), _("单位数"), _("占比")], rows)
    assessed = [visit for visit in data.visits if visit.assessment]
    if assessed:
        frame.paragraph(_("走访中用人单位的综合评价（共 %(n)s 家）：") % {"n": len(assessed)})
        _table(
            frame,
            [_("序号"), _("单位性质"), _("整体评价"), _("综合评价")],
            [
                [index, nature_label(v.employer), _rating_label(v.evaluation), v.assessment]
                for index, v in enumerate(assessed, 1)
            ],
            widths=[0.6, 1.2, 1, 5],
        )


def write_adaptation(frame: ReportFrame, data: SpecialReportData) -> None:
    frame.heading(_("毕业生工作适应情况"))
    recorded = [visit for visit in data.visits if visit.graduates_situation]
    if not recorded:
        frame.paragraph(_("尚无走访记录。"))
        return
    employed = sum(row.visited for row in data.plan_rows)
    frame.paragraph(
        _("走访的 %(n)s 家用人单位共有%(year)s届毕业生 %(employed)s 人在岗，各单位反映的工作适应情况如下。")
        % {"n": len({v.employer_id for v in recorded}), "year": data.year, "employed": employed}
    )
    _table(
        frame,
        [_("序号"), _("单位性质"), _("走访日期"), _("工作适应情况")],
        [
            [index, nature_label(v.employer), v.visited_on.strftime("%Y-%m-%d"), v.graduates_situation]
            for index, v in enumerate(recorded, 1)
        ],
        widths=[0.6, 1.2, 1.2, 5],
    )


def write_forums(frame: ReportFrame, data: SpecialReportData) -> None:
    frame.heading(_("毕业生座谈会情况"))
    if not data.forums:
        frame.paragraph(_("本年度尚未记录毕业生座谈会。"))
        return
    total = data.figures.opinions
    before = data.previous.opinions if data.previous else None
    frame.paragraph(
        _("本年度召开毕业生座谈会 %(n)s 次，记录毕业生意见和建议 %(opinions)s 条%(change)s。")
        % {"n": len(data.forums), "opinions": total, "change": change_in_count(total, before, _("条"))}
    )
    listed = themes.current_themes()
    for forum in data.forums:
        frame.subheading(
            _("%(day)s 座谈会（%(place)s）") % {"day": chinese_date(forum.held_on), "place": forum.place}
        )
        frame.paragraph(_("参加人员：%(who)s") % {"who": forum.attendees})
        frame.paragraph(_("会议情况：%(minutes)s") % {"minutes": forum.minutes})
        opinions = data.opinions.get(forum.pk, [])
        if opinions:
            _table(
                frame,
                [_("序号"), _("发言人"), _("意见和建议"), _("主题")],
                [
                    [
                        index,
                        _speaker(opinion),
                        opinion.text,
                        opinion_theme(opinion, listed) or themes.classify(opinion.text, listed),
                    ]
                    for index, opinion in enumerate(opinions, 1)
                ],
                widths=[0.6, 1.4, 5, 1.2],
            )


def write_suggestions(frame: ReportFrame, data: SpecialReportData) -> None:
    frame.heading(_("意见建议"))
    total = sum(group.size for group in data.groups)
    if not total:
        frame.paragraph(_("本年度尚未收到意见和建议。"))
        return
    origins = Counter(
        text_source[1].split("（")[0] for text_source in data.suggestions if text_source[0].strip()
    )
    frame.paragraph(
        _(
            "本年度共收集意见和建议 %(total)s 条：用人单位登记表 %(forms)s 条、走访 %(visits)s 条、毕业生座谈会 "
            "%(forums)s 条；按主题归类如下（每条只归入一个主题，全部意见见附表）。"
        )
        % {"total": total, "forms": origins[FORM], "visits": origins[VISIT], "forums": origins[FORUM]}
    )
    frame.table(
        [_("主题"), _("条数"), _("占比")],
        [[group.theme, group.size, percent(group.size, total)] for group in data.groups],
    )
    for group in data.groups:
        frame.subheading(_("%(theme)s（%(n)s 条）") % {"theme": group.theme, "n": group.size})
        frame.paragraph(suggestion_sentence(group))
        for quoted in group.representative:
            frame.paragraph(_("“%(text)s”（%(source)s）") % {"text": quoted.text, "source": quoted.source})


def staff_improvements(scope: Scope, year: int) -> str:
    """The 问题与改进措施 staff wrote for the year (stats.models.ReportText of the written reports, issue 14 item
    3, when that model is there): the 专题报告 states the same measures as the 就业跟踪报告."""
    from gradtrack.stats import models as stats_models

    report_text = getattr(stats_models, "ReportText", None)
    if report_text is None or scope.kind not in ("school", "dept"):
        return ""
    rows = report_text.objects.filter(year=year)
    rows = (
        rows.filter(department__isnull=True)
        if scope.kind == "school"
        else rows.filter(department__code=scope.code)
    )
    row = rows.first()
    return (row.improvements or "").strip() if row else ""


def write_measures(frame: ReportFrame, data: SpecialReportData) -> None:
    frame.heading(_("改进措施"))
    ranked = [group for group in data.groups if group.theme != themes.OTHER]
    if ranked:
        frame.paragraph(
            _("按意见条数，用人单位和毕业生意见较集中的方面依次为：%(list)s。")
            % {"list": "、".join(_("%(t)s（%(n)s 条）") % {"t": g.theme, "n": g.size} for g in ranked)}
        )
    weak = [visit for visit in data.visits if visit.evaluation in WEAK_RATINGS]
    if weak:
        frame.paragraph(
            _("整体评价为一般或差的走访单位 %(n)s 家（%(list)s）。")
            % {"n": len(weak), "list": "、".join(sorted({nature_label(v.employer) for v in weak}))}
        )
    written = staff_improvements(data.scope, data.year)
    for line in written.splitlines():
        if line.strip():
            frame.paragraph(line.strip())
    if not (ranked or weak or written):
        frame.paragraph(_("本年度的走访和座谈会未反映需要改进的具体方面。"))


def write_appendix(frame: ReportFrame, data: SpecialReportData) -> None:
    rows = [
        [index, quoted.source, group.theme, quoted.text]
        for index, (group, quoted) in enumerate(
            ((group, quoted) for group in data.groups for quoted in group.items), 1
        )
    ]
    if not rows:
        return
    frame.appendix(_("附表 意见和建议汇总"))
    _table(frame, [_("序号"), _("来源"), _("主题"), _("意见和建议")], rows, widths=[0.6, 1.6, 1.2, 5])


def build_special_docx(data: SpecialReportData, *, pages: dict[str, int] | None = None) -> ReportFrame:
    """The report written into a ReportFrame (``frame.save()`` gives the .docx)."""
    today = timezone.localdate()
    frame = ReportFrame()
    frame.cover(
        title=(data.scope.label if data.scope.kind != "school" else "") + COVER_TITLE,
        year=data.year,
        issuer=data.issuer,
        date=today,
    )
    frame.contents()
    if data.campaign is None:
        frame.heading(_("走访概况"))
        frame.paragraph(
            _("%(year)s年度尚未建立实地走访活动，没有可报告的走访和座谈会记录。") % {"year": data.year}
        )
    else:
        write_overview(frame, data)
        write_evaluation(frame, data)
        write_adaptation(frame, data)
        write_forums(frame, data)
        write_suggestions(frame, data)
        write_measures(frame, data)
    frame.signature(issuer=data.issuer, date=today)
    if data.campaign is not None:
        write_appendix(frame, data)
    return frame


def build_special_report(scope: Scope, year: int, file_format: str):
    """The 专题报告 as a .docx or .pdf (a stats.documents.BuiltReport), contents with page numbers in a PDF."""
    from gradtrack.stats import docframe, documents

    data = special_report_data(scope, year)
    frame = build_special_docx(data)
    if file_format == "pdf":
        content = docframe.pdf_with_contents_pages(frame, documents.docx_to_pdf)
    else:
        content = frame.save()
    graduates = sum(row.employed for row in data.plan_rows)
    return documents.BuiltReport(
        f"{data.title}.{file_format}", content, documents.CONTENT_TYPES[file_format], graduates
    )
