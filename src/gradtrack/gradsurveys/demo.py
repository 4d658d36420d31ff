"""The demo school's 毕业生调查 (built by gradtrack.site.demo after the survey calendar): the newest cohort's 半年后
wave, open today, with every graduate invited and some of them answered through the same service as the form —
one with a salary that differs from the file, so a pending change waits in 待确认变动. The demo portal account's
graduate has not answered yet, so `make run` shows the form in the portal."""

import datetime

from django.utils import timezone

from gradtrack.accounts.models import User
from gradtrack.core.batching import in_chunks
from gradtrack.core.demo import DEMO_SOURCE
from gradtrack.core.models import Destination, HistoryEntry
from gradtrack.gradsurveys import services
from gradtrack.gradsurveys.models import GraduateResponse, Matching, Wave, WaveInvitation
from gradtrack.records.demo import DemoSchoolBuilder
from gradtrack.surveys.models import Rating
from gradtrack.tracking.models import TrackingService

ANSWER_SHARE = 0.2  # of the invited graduates, on the wave's first day
RATINGS = [(Rating.EXCELLENT, 0.3), (Rating.GOOD, 0.48), (Rating.FAIR, 0.18), (Rating.POOR, 0.04)]
MATCHINGS = [(Matching.FULLY, 0.42), (Matching.MOSTLY, 0.33), (Matching.LITTLE, 0.17), (Matching.NOT, 0.08)]
SUGGESTIONS = (
    "希望学校多开设与企业实际岗位对接的实训课程。",
    "就业指导老师很负责，建议毕业前多组织几场专场招聘会。",
    "希望增加职业资格证书的培训和考试机会。",
    "",
    "",
    "建议加强计算机和办公软件的教学。",
    "感谢老师们的帮助，希望学校定期组织校友交流。",
    "",
)
RAISE = 600  # the one answer that differs from the file: a raise the graduate has not reported


def _pick(rng, pairs):
    roll, total = rng.random(), 0.0
    for value, weight in pairs:
        total += weight
        if roll < total:
            return value
    return pairs[-1][0]


def build(builder: DemoSchoolBuilder) -> None:
    graduates = builder.school.graduates
    if not graduates:
        return
    cohort = max(g.graduation_year for g in graduates)
    if Wave.objects.filter(cohort=cohort, kind=Wave.Kind.SIX_MONTHS).exists():
        return
    last_entry = HistoryEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    today = builder.today
    opens, closes = services.wave_dates(cohort, Wave.Kind.SIX_MONTHS)
    if not opens <= today <= closes:  # a demo built on another day still shows an open wave
        opens, closes = today, today + (closes - opens)
    wave = services.wave_create(
        cohort=cohort, kind=Wave.Kind.SIX_MONTHS, acting_user=builder.actor, opens_on=opens, closes_on=closes
    )
    _answer(builder, wave)
    HistoryEntry.objects.filter(pk__gt=last_entry).update(source=DEMO_SOURCE)


def _answer(builder: DemoSchoolBuilder, wave: Wave) -> None:
    rng = builder.rng
    portal_graduates = User.objects.filter(role=User.Role.GRADUATE, graduate__isnull=False).values(
        "graduate_id"
    )
    invitations = list(
        WaveInvitation.objects.filter(wave=wave)
        .exclude(graduate__in=portal_graduates)
        .select_related("graduate__destination")
        .order_by("graduate__student_no")
    )
    active = set(
        TrackingService.objects.filter(
            status=TrackingService.Status.ACTIVE, graduate__in=[i.graduate_id for i in invitations]
        ).values_list("graduate_id", flat=True)
    )
    raised = False
    for invitation in invitations:
        if rng.random() >= ANSWER_SHARE:
            continue
        answers = services.prefilled_answers(invitation.graduate)
        employed = answers.get("status") == Destination.Group.EMPLOYED
        if not answers.get("status") or (employed and not answers.get("employer_name")):
            continue
        answers.update(
            teaching_rating=_pick(rng, RATINGS),
            guidance_rating=_pick(rng, RATINGS),
            suggestions=SUGGESTIONS[rng.randrange(len(SUGGESTIONS))],
        )
        if employed:
            answers.update(matching=_pick(rng, MATCHINGS), job_rating=_pick(rng, RATINGS))
            if not raised and invitation.graduate_id in active and answers.get("monthly_salary") is not None:
                answers["monthly_salary"] += RAISE
                raised = True
        source = GraduateResponse.Source.LINK if rng.random() < 0.7 else GraduateResponse.Source.PORTAL
        services.response_submit(invitation=invitation, data=answers, source=source)
    sent_at = datetime.datetime.combine(wave.opens_on, datetime.time(8))
    WaveInvitation.objects.filter(wave=wave).exclude(email="").update(sent_at=timezone.make_aware(sent_at))


def wipe(graduate_ids: list[int]) -> dict[str, int]:
    """The demo graduates' invitations and answers; waves left with no invitation go too."""
    removed = {}
    for model, lookup in ((GraduateResponse, "invitation__graduate__in"), (WaveInvitation, "graduate__in")):
        count = 0
        for ids in in_chunks(graduate_ids):
            count += model.objects.filter(**{lookup: ids}).delete()[1].get(model._meta.label, 0)
        removed[str(model._meta.verbose_name)] = count
    Wave.objects.filter(invitations__isnull=True).delete()
    return removed


def demo_survey_link() -> str | None:
    """A personal link (path) of the open demo wave that is still to be answered, for `gradtrack demo-accounts`."""
    today = timezone.localdate()
    portal_graduates = User.objects.filter(role=User.Role.GRADUATE, graduate__isnull=False).values(
        "graduate_id"
    )
    invitation = (
        WaveInvitation.objects.filter(
            wave__opens_on__lte=today,
            wave__closes_on__gte=today,
            response__isnull=True,
            graduate__jobs__end_date__isnull=True,
            graduate__jobs__isnull=False,
        )
        .exclude(graduate__in=portal_graduates)
        .order_by("graduate__student_no")
        .first()
    )
    return services.invitation_path(invitation) if invitation else None
