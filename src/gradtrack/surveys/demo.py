"""The demo school's survey calendar (built by gradtrack.site.demo after records.demo): the three campaigns of the last cohort's year
with their plans drawn per POLICY §7 (each meets its target), invitations sent, a good share of responses
(online, paper and fax) with believable ratings and comments over the themes of surveys.themes, an approved
trip with its visits (整体评价, suggestions, notes), and a graduate forum with a dozen opinions; the year before
is surveyed and visited the same way, so that the reports compare two cohorts. ``wipe`` removes the trips and
forums it made.

Invitations, responses and their rows are written with bulk_create so that `make run` stays fast; campaigns,
plans, the trip, its approval, the visits and the forum go through surveys.services, as staff would."""

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from gradtrack.accounts.models import User
from gradtrack.core.demo import DEMO_SOURCE
from gradtrack.core.models import EmployerNature, HistoryEntry
from gradtrack.records.demo import DemoSchoolBuilder
from gradtrack.surveys import selectors, services
from gradtrack.surveys.models import (
    RATING_FIELDS,
    Campaign,
    EmployerResponse,
    Forum,
    Invitation,
    Rating,
    ResponseGraduate,
    Trip,
)

RESPONSE_SHARE = 0.72  # of the invitations sent
SOURCES = [
    (EmployerResponse.Source.ONLINE, 0.62),
    (EmployerResponse.Source.PAPER, 0.26),
    (EmployerResponse.Source.FAX, 0.12),
]
Q, S = EmployerResponse.Quality, EmployerResponse.Satisfaction
# A good school: mostly 良好/优秀, some 一般, rarely 差; items vary around the employer's overall view. The overall
# quality (整体质量水平) and satisfaction (整体满意度) are two questions: each is drawn on its own around the same
# view, so they agree more often than not, yet an employer may rate quality 较高 and still be 很满意 (or not).
MOODS = {
    "pleased": (
        [(Rating.EXCELLENT, 0.5), (Rating.GOOD, 0.42), (Rating.FAIR, 0.08)],
        [(Q.HIGH, 0.6), (Q.FAIRLY_HIGH, 0.4)],
        [(S.VERY, 0.55), (S.SATISFIED, 0.45)],
    ),
    "content": (
        [(Rating.EXCELLENT, 0.2), (Rating.GOOD, 0.6), (Rating.FAIR, 0.18), (Rating.POOR, 0.02)],
        [(Q.HIGH, 0.15), (Q.FAIRLY_HIGH, 0.6), (Q.AVERAGE, 0.25)],
        [(S.VERY, 0.2), (S.SATISFIED, 0.68), (S.INDIFFERENT, 0.12)],
    ),
    "reserved": (
        [(Rating.GOOD, 0.4), (Rating.FAIR, 0.5), (Rating.POOR, 0.1)],
        [(Q.FAIRLY_HIGH, 0.3), (Q.AVERAGE, 0.6), (Q.LOW, 0.1)],
        [(S.SATISFIED, 0.45), (S.INDIFFERENT, 0.43), (S.DISSATISFIED, 0.12)],
    ),
}
MOOD_SHARES = [("pleased", 0.3), ("content", 0.55), ("reserved", 0.15)]
NATURE_BY_CODE = {"10": "agency", "29": "institution", "31": "state_owned", "39": "private"}
SUGGESTIONS = (
    "希望学校加强学生的安全生产意识教育，毕业生上手快，但规范操作还需强化。",
    "建议增加顶岗实习时间，让学生提前熟悉企业的生产节奏。",
    "毕业生吃苦耐劳、服从安排，希望继续推荐优秀学生来我单位。",
    "部分学生沟通表达能力较弱，建议在校期间多开展团队协作训练。",
    "建议学校与企业共同开发实训课程，把新设备、新工艺引入课堂。",
    "毕业生稳定性有待提高，希望学校加强职业生涯规划指导。",
    "计算机和办公软件应用能力可以进一步加强。",
    "",
    "对学校的就业服务工作很满意，希望保持联系。",
    "希望学校定期回访，及时了解毕业生的思想动态。",
    "新员工入职一年内离职的较多，希望学校引导学生合理确定待遇期望。",
    "希望学生识图和实操基础再扎实一些，进厂后能更快独立上岗。",
    "建议开设订单班，按我单位岗位要求联合培养。",
    "个别毕业生工作态度不够踏实，责任心有待加强。",
    "车间作业须严格遵守操作规程，希望学校把劳动保护知识纳入教学。",
)
# What employers said during the visits (整体评价 drawn like the forms' overall view, see MOODS).
VISIT_EVALUATIONS = [(Rating.EXCELLENT, 0.35), (Rating.GOOD, 0.45), (Rating.FAIR, 0.17), (Rating.POOR, 0.03)]
VISIT_ASSESSMENTS = {
    Rating.EXCELLENT: (
        "毕业生踏实肯干，专业基础扎实，已有人担任班组长。",
        "对我校毕业生非常满意，希望扩大招聘人数。",
    ),
    Rating.GOOD: ("对我校毕业生总体满意，希望继续合作。", "毕业生适应较快，个别岗位技能还需提高。"),
    Rating.FAIR: ("毕业生基础尚可，但流动较大，岗位稳定性一般。", "部分毕业生对倒班和纪律要求不太适应。"),
    Rating.POOR: ("今年入职的毕业生多数已离职，单位对稳定性意见较大。",),
}
VISIT_SITUATIONS = (
    "毕业生已度过适应期，多数已转正，个别担任班组长。",
    "毕业生工作态度端正，技能掌握较快，住宿和生活安排良好。",
    "个别毕业生对倒班不太适应，已与本人和企业沟通。",
    "毕业生能按时完成岗位任务，师傅带徒效果较好。",
)
# Taken in turn (a visit's words are not drawn at random so that even a small demo has some of each).
VISIT_SUGGESTIONS = (
    "希望学校多安排学生到企业跟岗实习，提前熟悉岗位。",
    "建议加强学生安全意识教育，严格执行操作规程。",
    "希望毕业生加强与班组同事的沟通协作。",
    "建议学校增加新设备的实训课时。",
    "",
    "希望学校引导学生树立稳定就业的观念，不要频繁跳槽。",
)
VISIT_NOTES = (
    "单位希望参加学校下一届毕业生供需见面会。",
    "",
    "已与单位约定明年继续接收顶岗实习学生。",
    "",
)
# A dozen opinions of the 毕业生座谈会: some by named graduates (linked to their record), some from the notes.
FORUM_OPINIONS = (
    "希望学校多提供技能提升培训和职业资格证书的信息。",
    "建议建立毕业生微信群，方便通报工作变动和招聘信息。",
    "在校时的实训设备比企业的旧，希望更新实训设备。",
    "顶岗实习时间短，刚熟悉岗位就结束了，建议延长实习时间。",
    "刚入职时和老员工沟通不多，希望在校期间多锻炼表达和团队合作。",
    "倒班辛苦，有同学坚持不下来离职了，希望学校提前讲清岗位的真实情况。",
    "车间安全培训很重要，建议学校实训课也按企业安全规范要求。",
    "希望学校继续做好跟踪服务，遇到劳动纠纷时能帮忙协调。",
    "建议学校多请往届毕业生回校分享工作经验。",
    "企业看重吃苦耐劳和责任心，学校应加强职业素养教育。",
    "希望学校与更多本地企业开展校企合作，增加订单班名额。",
    "工资待遇和期望有差距，建议就业指导课讲讲起薪的实际情况。",
)
# Days the demo's 应届 employer round stays open after the demo day (issue 15: the form can be tried today).
OPEN_ROUND_DAYS_LEFT = 19
CONTACTS = ("王经理", "李主任", "张部长", "刘主管", "陈经理", "杨主任", "赵科长", "周经理")


def wipe() -> dict[str, int]:
    """The demo's trips (with their visits) and forums (with their opinions), found by their creation history;
    gradtrack.site.demo runs it before the records' wipe. Campaigns stay (staff may have worked in them)."""
    made = HistoryEntry.objects.filter(source=DEMO_SOURCE, action=HistoryEntry.Action.CREATE)
    removed = {}
    for model in (Forum, Trip):
        ids = made.filter(model=model._meta.label_lower).values_list("object_id", flat=True)
        count, _by_model = model.objects.filter(pk__in=[int(pk) for pk in ids]).delete()
        removed[str(model._meta.verbose_name)] = count
    return removed


def build(builder: DemoSchoolBuilder) -> None:
    """gradtrack.site.demo runs this after the records part: add the survey calendar to the demo school built by records.demo."""
    SurveyDemo(builder).build()


@dataclass
class SurveyDemo:
    builder: object

    @property
    def rng(self):
        return self.builder.rng

    @property
    def year(self) -> int:
        return (
            max(g.graduation_year for g in self.builder.school.graduates)
            if self.builder.school.graduates
            else (self.builder.today.year)
        )

    def _at(self, day: datetime.date, hour: int = 9) -> datetime.datetime:
        day = min(day, self.builder.today)
        return timezone.make_aware(
            datetime.datetime(day.year, day.month, day.day, hour, self.rng.randrange(60))
        )

    def _pick(self, pairs):
        roll, total = self.rng.random(), 0.0
        for value, weight in pairs:
            total += weight
            if roll < total:
                return value
        return pairs[-1][0]

    def build(self) -> None:
        actor = self.builder.actor
        last_entry = HistoryEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        # Campaigns a wipe of the demo records left empty (their employers were demo employers) are rebuilt.
        Campaign.objects.filter(
            year__in=(self.year, self.year - 1), plan_entries__isnull=True, invitations__isnull=True
        ).delete()
        if Campaign.objects.filter(year=self.year).count() == len(Campaign.Kind.values):
            return
        campaigns = {c.kind: c for c in services.campaigns_create_for_year(year=self.year, acting_user=actor)}
        for kind in (Campaign.Kind.PAST_COHORTS, Campaign.Kind.CURRENT_COHORT):
            if kind in campaigns:
                self.survey(campaigns[kind])
        if Campaign.Kind.SITE_VISIT in campaigns:
            self.site_visits(campaigns[Campaign.Kind.SITE_VISIT])
        self.year_before()
        if Campaign.Kind.CURRENT_COHORT in campaigns:
            self.open_employer_round(campaigns[Campaign.Kind.CURRENT_COHORT])
        HistoryEntry.objects.filter(pk__gt=last_entry).update(source=DEMO_SOURCE)

    # Questionnaires

    def survey(self, campaign: Campaign) -> None:
        today = self.builder.today
        if campaign.opens_on > today:
            return  # not yet time to send: the plan stays open for staff
        send_day = min(campaign.opens_on + datetime.timedelta(days=2), today)
        Campaign.objects.filter(pk=campaign.pk).update(plan_frozen_at=self._at(send_day, 8))
        entries = list(campaign.plan_entries.select_related("employer"))
        invitations = Invitation.objects.bulk_create(
            Invitation(
                campaign=campaign,
                employer=entry.employer,
                public_id=f"demo{campaign.pk}x{entry.employer_id}x{self.rng.getrandbits(40):x}",
                email=entry.employer.email,
                sent_at=self._at(send_day),
            )
            for entry in entries
        )
        natures = {n.code: n for n in EmployerNature.objects.all()}
        window = max(1, (min(campaign.closes_on, today) - send_day).days)
        responses, answered = [], []
        for invitation in invitations:
            opened = self.rng.random() < 0.9
            if opened:
                invitation.opened_at = self._at(
                    send_day + datetime.timedelta(days=self.rng.randrange(window)), 10
                )
            if opened and self.rng.random() < RESPONSE_SHARE / 0.9:
                submitted = max(invitation.opened_at, invitation.sent_at) + datetime.timedelta(
                    hours=self.rng.randrange(2, 240)
                )
                invitation.submitted_at = min(submitted, self._at(min(campaign.closes_on, today), 17))
                responses.append(self._response(invitation, natures))
                answered.append(invitation)
            elif invitation.email and self.rng.random() < 0.6:
                invitation.last_reminded_at = self._at(send_day + datetime.timedelta(days=window // 2))
                invitation.reminder_count = 1
        Invitation.objects.bulk_update(
            invitations, ["opened_at", "submitted_at", "last_reminded_at", "reminder_count"], batch_size=500
        )
        EmployerResponse.objects.bulk_create(responses)
        rows = []
        for invitation, response in zip(answered, responses, strict=True):
            for position, row in enumerate(services.prefilled_rows(invitation), start=1):
                rows.append(
                    ResponseGraduate(
                        response=response,
                        position=position,
                        **{k: v for k, v in row.items() if k in services.ROW_FIELDS or k == "graduate_id"},
                    )
                )
        ResponseGraduate.objects.bulk_create(rows, batch_size=1000)

    def _response(self, invitation: Invitation, natures) -> EmployerResponse:
        employer = invitation.employer
        ratings, qualities, satisfactions = MOODS[self._pick(MOOD_SHARES)]
        nature = NATURE_BY_CODE.get(employer.nature.code if employer.nature_id else "", "other")
        if nature == "private" and self.rng.random() < 0.3:
            nature = "joint_stock"
        employed_now = selectors.cohort_jobs(invitation.campaign).filter(employer=employer).count()
        hired = employed_now + self.rng.randrange(0, 4)
        still = min(hired, employed_now + self.rng.randrange(0, 2))
        source = self._pick(SOURCES)
        contact = employer.contact_person or self.rng.choice(CONTACTS)
        staff = self.builder.actor if source != EmployerResponse.Source.ONLINE else None
        response = EmployerResponse(
            invitation=invitation,
            source=source,
            unit_name=employer.name,
            stamp_confirmation=contact,
            contact_person=contact,
            contact_phone=employer.contact_phone or "0812-3300000",
            nature=nature,
            nature_code=natures.get(EmployerResponse.NATURE_CODES[nature]),
            quality=self._pick(qualities),
            satisfaction=self._pick(satisfactions),
            hired_count=hired,
            still_employed_count=still,
            suggestions=self.rng.choice(SUGGESTIONS),
            submitted_at=invitation.submitted_at,
            entered_by=staff,
        )
        for name in RATING_FIELDS:
            setattr(response, name, self._pick(ratings))
        return response

    # Site visits

    def site_visits(self, campaign: Campaign) -> None:
        today = self.builder.today
        employers = [entry.employer for entry in campaign.plan_entries.select_related("employer")]
        if not employers or campaign.opens_on > today:
            return
        users = self.builder.school.users
        leader = users.get("leader") or User.objects.filter(role=User.Role.LEADER).first()
        if leader is None:
            return
        planned = min(campaign.closes_on - datetime.timedelta(days=20), today)
        trip = services.trip_request(
            campaign=campaign,
            data={
                "destination": "攀枝花市区及米易县用人单位",
                "people": "就业指导中心刘静、各系就业干事",
                "planned_date": planned,
                "estimated_cost": 300 * len(employers) + 500,
                "purpose": "走访应届毕业生较多的用人单位，了解毕业生的工作适应情况和单位的综合评价。",
            },
            employers=employers,
            acting_user=self.builder.actor,
        )
        services.trip_decide(trip=trip, approve=True, note="同意，按出差规定执行。", acting_user=leader)
        # The request and its approval came before the trip (the services stamp them with the time of the run).
        requested = self._at(planned - datetime.timedelta(days=10), 10)
        decided = self._at(planned - datetime.timedelta(days=6), 15)
        Trip.objects.filter(pk=trip.pk).update(requested_at=requested, decided_at=decided)
        for index, employer in enumerate(employers):
            visited_on = min(planned + datetime.timedelta(days=index // 3), campaign.closes_on, today)
            services.visit_record(
                trip=trip,
                employer=employer,
                data=self.visit_data(employer, visited_on, index),
                acting_user=self.builder.actor,
            )
        self.forum(campaign)

    def visit_data(self, employer, visited_on: datetime.date, index: int) -> dict:
        """What the visitors recorded: whom they met, how the graduates adapt, the 整体评价 and its words."""
        evaluation = self._pick(VISIT_EVALUATIONS)
        return {
            "visited_on": visited_on,
            "visitors": "刘静、" + self.rng.choice(("王老师", "李老师", "张老师")),
            "met_whom": f"人力资源部{employer.contact_person or self.rng.choice(CONTACTS)}",
            "graduates_situation": self.rng.choice(VISIT_SITUATIONS),
            "evaluation": evaluation,
            "assessment": self.rng.choice(VISIT_ASSESSMENTS[evaluation]),
            "suggestions": VISIT_SUGGESTIONS[index % len(VISIT_SUGGESTIONS)],
            "notes": VISIT_NOTES[index % len(VISIT_NOTES)],
        }

    def forum(self, campaign: Campaign) -> None:
        """The 毕业生座谈会 with a dozen opinions: four by graduates of the cohort by name, the rest from notes."""
        today = self.builder.today
        cohort = sorted(
            (g for g in self.builder.school.graduates if g.graduation_year == campaign.year),
            key=lambda g: g.student_no,
        )
        speakers = self.rng.sample(cohort, min(4, len(cohort)))
        opinions = [
            {"speaker": graduate.name, "graduate": graduate, "text": text}
            for graduate, text in zip(speakers, FORUM_OPINIONS, strict=False)
        ]
        notes = "\n".join(FORUM_OPINIONS[len(opinions) :])
        services.forum_record(
            campaign=campaign,
            data={
                "held_on": min(campaign.closes_on - datetime.timedelta(days=5), today),
                "place": "学校行政楼三楼会议室",
                "attendees": "分管校领导、就业指导中心、各系负责人，应届毕业生代表 24 人",
                "minutes": "转达学校领导的问候；毕业生代表介绍入职以来的工作和生活情况；就业指导中心解答跟踪服务、"
                "再次安置等问题。",
                "opinion_notes": notes,
            },
            opinions=opinions,
            acting_user=self.builder.actor,
        )

    # The year before: its campaigns answered and visited too, so that the reports compare two cohorts.

    def year_before(self) -> None:
        year = self.year - 1
        if Campaign.objects.filter(year=year).exists():
            return
        if not any(g.graduation_year == year for g in self.builder.school.graduates):
            return
        campaigns = {
            c.kind: c for c in services.campaigns_create_for_year(year=year, acting_user=self.builder.actor)
        }
        for kind in (Campaign.Kind.PAST_COHORTS, Campaign.Kind.CURRENT_COHORT):
            self.survey(campaigns[kind])
        self.site_visits(campaigns[Campaign.Kind.SITE_VISIT])

    # An employer campaign open today (issue 15): the 应届 form's deadline extended for the late answers, so
    # `make run` shows the form working — the largest employer (about twenty prefilled graduates) not yet
    # answered, one employer half-way (step 1 saved as a draft), the others' answers as they came in.

    def open_employer_round(self, campaign: Campaign) -> None:
        today = self.builder.today
        campaign.refresh_from_db()
        if campaign.opens_on > today or campaign.plan_frozen_at is None:
            return
        if campaign.closes_on < today + datetime.timedelta(days=OPEN_ROUND_DAYS_LEFT):
            Campaign.objects.filter(pk=campaign.pk).update(
                closes_on=today + datetime.timedelta(days=OPEN_ROUND_DAYS_LEFT)
            )
            campaign.refresh_from_db()
        invitations = list(campaign.invitations.select_related("employer", "campaign"))
        if not invitations:
            return
        sizes = {
            row["employer_id"]: row["n"]
            for row in selectors.cohort_jobs(campaign).values("employer_id").annotate(n=Count("pk"))
        }
        invitations.sort(key=lambda invitation: -sizes.get(invitation.employer_id, 0))
        largest, *others = invitations
        self._reopen(largest)
        pending = [i for i in others if i.submitted_at is None and sizes.get(i.employer_id)]
        if pending:
            half_way = pending[0]
            Invitation.objects.filter(pk=half_way.pk).update(opened_at=self._at(today, 8))
            half_way.refresh_from_db()
            rows = services.prefilled_rows(half_way)
            if len(rows) > 1:
                rows[-1] = {**rows[-1], "status": ResponseGraduate.Status.LEFT}
            services.response_save_draft(invitation=half_way, data={}, rows=rows)

    def _reopen(self, invitation: Invitation) -> None:
        """The invitation not yet answered (its answer, if the draw gave one, had not come in yet)."""
        EmployerResponse.objects.filter(invitation=invitation).delete()
        Invitation.objects.filter(pk=invitation.pk).update(submitted_at=None, opened_at=None)
