"""The demo school's tracking service (built by gradtrack.site.demo after records.demo): services for school-placed graduates,
follow-up contacts over time (a few overdue), change reports in every state (one reported late), two
verifications and a 违规记录, an accident case, a terminated service, and a graduate portal account.

Bulk work (services, contacts) is written with bulk_create so that `make run` stays fast; the handful of
scenario records go through tracking.services, as staff would make them."""

import datetime
import itertools
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.contrib.auth.hashers import check_password, make_password
from django.utils.translation import gettext as _

from gradtrack.accounts import services as accounts_services
from gradtrack.accounts.models import User
from gradtrack.core import history
from gradtrack.core.batching import in_chunks
from gradtrack.core.demo import DEMO_PASSWORD, DEMO_SOURCE, DemoAccountStatus
from gradtrack.core.models import HistoryEntry
from gradtrack.records import services as records_services
from gradtrack.records.demo import DemoSchoolBuilder
from gradtrack.records.models import Employment, Graduate
from gradtrack.tracking import rules, services
from gradtrack.tracking.models import FollowUpContact, TrackingService

STORY_DAYS = 210
CHANNELS = [
    (FollowUpContact.Channel.PHONE, 0.55),
    (FollowUpContact.Channel.WECHAT, 0.2),
    (FollowUpContact.Channel.QQ, 0.1),
    (FollowUpContact.Channel.EMAIL, 0.05),
    (FollowUpContact.Channel.VISIT, 0.1),
]
CONTACT_NOTES = (
    "工作稳定，对岗位满意。",
    "已转正，正在参加企业内部培训。",
    "反映加班较多，已与企业沟通。",
    "本人表示暂无变动。",
    "通过班组长了解到工作表现良好。",
)


def _weighted(rng, pairs):
    total = sum(weight for _value, weight in pairs)
    pick = rng.uniform(0, total)
    for value, weight in pairs:
        pick -= weight
        if pick <= 0:
            return value
    return pairs[-1][0]


def build(builder: DemoSchoolBuilder) -> None:
    """gradtrack.site.demo runs this after the records part: add the tracking service to the demo school built by records.demo."""
    TrackingDemo(builder).build()


@dataclass
class TrackingDemo:
    builder: object

    @property
    def today(self) -> datetime.date:
        return self.builder.today

    def build(self) -> None:
        service_list = self.services()
        self.contacts(service_list)
        last_entry = HistoryEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        self.scenarios(service_list)
        # What the services wrote for the stories is demo data too: wiping the demo removes its history.
        HistoryEntry.objects.filter(pk__gt=last_entry).update(source=DEMO_SOURCE)
        self.portal_account()

    def _staff_for(self, graduate: Graduate) -> User:
        if not hasattr(self, "_staff_by_department"):
            self._staff_by_department = {}
            for user in self.builder.school.users.values():
                if user.role == User.Role.DEPARTMENT:
                    for department in user.departments.all():
                        self._staff_by_department.setdefault(department.pk, user)
        return self._staff_by_department.get(graduate.department_id, self.builder.actor)

    def services(self) -> list[TrackingService]:
        policy = self.builder.policy
        first_school_job: dict[int, Employment] = {}
        expulsions: dict[int, Employment] = {}
        for job in self.builder.school.jobs:
            if job.graduate.placement_mode != Graduate.PlacementMode.SCHOOL:
                continue
            if job.school_arranged:
                earlier = first_school_job.get(job.graduate_id)
                if earlier is None or job.start_date < earlier.start_date:
                    first_school_job[job.graduate_id] = job
            if job.end_reason == Employment.EndReason.EXPELLED and job.end_date:
                expulsions[job.graduate_id] = job
        created = []
        for graduate_id, job in first_school_job.items():
            period = rules.service_period(job.start_date, service_years=policy.service_years)
            service = TrackingService(graduate_id=graduate_id, start_date=period.start, end_date=period.end)
            service.graduate = job.graduate
            expelled = expulsions.get(graduate_id)
            if expelled is not None and period.covers(expelled.end_date) and expelled.end_date <= self.today:
                service.status = TrackingService.Status.TERMINATED
                service.termination_cause = TrackingService.TerminationCause.EXPELLED
                service.terminated_on = expelled.end_date
                service.termination_evidence = _("就业记录：%(employer)s，%(date)s 被企业开除") % {
                    "employer": expelled.employer.name,
                    "date": expelled.end_date,
                }
            elif rules.service_status_on(period, self.today) == rules.ServiceStatus.EXPIRED:
                service.status = TrackingService.Status.EXPIRED
            created.append(service)
        TrackingService.objects.bulk_create(created, batch_size=500)
        entries = [
            history.entry_for(
                service,
                HistoryEntry.Action.CREATE,
                {name: ["", value] for name, value in history.snapshot(service).items() if value},
                self.builder.actor,
                DEMO_SOURCE,
            )
            for service in created
        ]
        HistoryEntry.objects.bulk_create(entries, batch_size=500)
        return created

    def contacts(self, service_list: list[TrackingService]) -> None:
        """Quarterly contacts up to today; about one service in six has missed its latest follow-up."""
        rng = self.builder.rng
        months = self.builder.policy.follow_up_months
        contacts = []
        changed = []
        for service in service_list:
            period = services.period_of(service)
            staff = self._staff_for(service.graduate)
            due = rules.first_follow_up_due(period, follow_up_months=months)
            skips_latest = rng.random() < 0.17
            last_end = (
                self.today if service.status == TrackingService.Status.ACTIVE else service.terminated_on
            )
            while due is not None and due <= last_end:
                if skips_latest and due + relativedelta(months=months) > self.today:
                    break
                contacted_on = min(self.today, due + datetime.timedelta(days=rng.randint(-5, 12)))
                reached = rng.random() < 0.85
                contacts.append(
                    FollowUpContact(
                        service=service,
                        contacted_on=contacted_on,
                        channel=_weighted(rng, CHANNELS),
                        staff=staff,
                        reached=reached,
                        notes=rng.choice(CONTACT_NOTES) if reached else _("电话未接通，已留言。"),
                    )
                )
                if not reached:
                    # A second attempt a few days later usually gets through.
                    retry_on = min(self.today, contacted_on + datetime.timedelta(days=rng.randint(2, 6)))
                    contacts.append(
                        FollowUpContact(
                            service=service,
                            contacted_on=retry_on,
                            channel=FollowUpContact.Channel.WECHAT,
                            staff=staff,
                            reached=True,
                            notes=rng.choice(CONTACT_NOTES),
                        )
                    )
                    contacted_on = retry_on
                due = rules.follow_up_due_after_contact(
                    period,
                    follow_up_months=months,
                    current_due=due,
                    last_reached_on=None,
                    contacted_on=contacted_on,
                    reached=True,
                )
            if service.status == TrackingService.Status.ACTIVE:
                service.next_follow_up_due = due
                changed.append(service)
        FollowUpContact.objects.bulk_create(contacts, batch_size=1000)
        TrackingService.objects.bulk_update(changed, ["next_follow_up_due"], batch_size=500)

    def scenarios(self, service_list: list[TrackingService]) -> None:
        """A few stories staff will meet on the first day, made through the services."""
        active = [
            s
            for s in service_list
            if s.status == TrackingService.Status.ACTIVE
            and any(j.graduate_id == s.graduate_id and j.end_date is None for j in self.builder.school.jobs)
        ]
        active.sort(key=lambda s: s.graduate.student_no)
        if not active:
            return
        rng = self.builder.rng
        today = self.today
        # Stories are written by the centre's demo account (the demo's history names one actor for edits).
        centre = self.builder.actor
        # The portal's demo graduate (first of the newest cohort) keeps a clean file.
        cohort = max(s.graduate.graduation_year for s in active)
        portal = next(s for s in active if s.graduate.graduation_year == cohort)
        self.portal_service = portal
        # Stories reach up to 200 days back, so they use services that had started by then.
        old_enough = today - datetime.timedelta(days=STORY_DAYS)
        stories = [s for s in active if s is not portal and s.start_date <= old_enough]
        if len(stories) < 12:
            return
        rng.shuffle(stories)
        pick = iter(stories)

        def salary_of(service):
            job = service.graduate.jobs.get(end_date__isnull=True)
            return job.monthly_salary or Decimal(4000)

        def report(service, change_type, days_ago, by="graduate", reported_after=None, **values):
            occurred = today - datetime.timedelta(days=days_ago)
            reported = today if reported_after is None else occurred + datetime.timedelta(days=reported_after)
            return services.change_report_submit(
                service=service,
                data={"change_type": change_type, "occurred_on": occurred, **values},
                reported_by=by,
                reported_on=reported,
                acting_user=self.builder.actor if by != "graduate" else None,
            )

        # 待确认: what graduates reported this week.
        for _index in range(4):
            service = next(pick)
            kind = rng.choice(["salary", "promotion", "contact"])
            if kind == "salary":
                report(service, "salary", rng.randint(3, 20), new_salary=salary_of(service) + 300)
            elif kind == "promotion":
                report(service, "promotion", rng.randint(3, 20), new_title="班组长", details="考核优秀")
            else:
                report(service, "contact", rng.randint(1, 10), new_mobile=self.builder._mobile())
        # 已驳回.
        service = next(pick)
        change = report(service, "award", 15, details="获评季度优秀员工")
        services.change_report_reject(
            change=change,
            acting_user=centre,
            reason=_("企业未能提供证明，请补充材料"),
        )
        # One reported late: confirmed, so the system proposes termination for staff to decide.
        service = next(pick)
        change = report(service, "transfer", 75, reported_after=65, new_post="仓库管理员")
        services.change_report_confirm(change=change, acting_user=centre)
        # Verifications: one consistent, one finding a falsified report (违规记录, reported to leaders).
        service = next(pick)
        services.verification_record(
            service=service,
            data={
                "verified_on": today - datetime.timedelta(days=20),
                "outcome": "consistent",
                "notes": "与企业人事核对，一致",
            },
            acting_user=centre,
        )
        service = next(pick)
        services.verification_record(
            service=service,
            data={
                "verified_on": today - datetime.timedelta(days=12),
                "outcome": "violation",
                "notes": "本人通报的调资与企业提供的工资表不符，疑似伪造工资条。",
            },
            acting_user=centre,
        )
        # An accident case, assigned and with a first step.
        service = next(pick)
        staff = self._staff_for(service.graduate)
        case = services.accident_case_open(
            graduate=service.graduate,
            data={
                "occurred_on": today - datetime.timedelta(days=9),
                "description": "操作设备时右手受伤，已送医。",
            },
            acting_user=centre,
        )
        services.accident_case_assign(case=case, assignee=staff, acting_user=self.builder.actor)
        services.accident_step_add(
            case=case,
            data={
                "taken_on": today - datetime.timedelta(days=8),
                "description": "陪同家属到医院，与企业商谈工伤认定。",
            },
            acting_user=centre,
        )
        # A service terminated for a change found by the school and never reported.
        service = next(pick)
        current_employer = service.graduate.jobs.get(end_date__isnull=True).employer_id
        # A demo employer, so that wiping the demo data removes everything this story made.
        new_employer = next(e for e in self.builder.school.employers if e.pk != current_employer)
        change = report(
            service,
            "job_change",
            120,
            by="school",
            reported_after=80,
            new_employer_name=new_employer.name,
            new_salary=Decimal(3800),
        )
        services.change_report_confirm(change=change, acting_user=centre, note=_("回访时由家长告知"))
        services.termination_proposal_decide(
            change=change,
            terminate=True,
            note=_("跳槽四个月未通报，经系部讨论确认终止。"),
            decided_on=today - datetime.timedelta(days=30),
            acting_user=centre,
        )
        # 已确认 raises, written last (the newest edits of the demo files are raises).
        for _index in range(3):
            service = next(pick)
            change = report(
                service,
                "salary",
                rng.randint(40, 200),
                reported_after=rng.randint(2, 20),
                new_salary=salary_of(service) + 500,
            )
            services.change_report_confirm(change=change, acting_user=centre, note=_("已与企业核实"))
        # The queue's stories come last and only where stories are left (their raises are raises too).
        self.queue_stories(pick)

    def queue_stories(self, pick) -> None:
        """The 回访工作台 in use (§4): graduates who confirmed themselves in the portal, contacts whose answers
        found a change (one confirmed, one waiting on the contact screen), a job with two dated raises, and
        this morning's calls, which took overdue graduates off the queue."""
        stories = list(itertools.islice(pick, 9))
        if len(stories) < 9:
            return
        today = self.today
        rng = self.builder.rng
        for days_ago, service in zip((2, 5, 11, 26), stories[:4], strict=True):
            services.self_confirmation_record(
                service=service, acting_user=None, confirmed_on=today - datetime.timedelta(days=days_ago)
            )
        for service, confirm in ((stories[4], True), (stories[5], False)):
            staff = self._staff_for(service.graduate)
            job = service.graduate.jobs.get(end_date__isnull=True)
            _contact, changes = services.follow_up_contact_answered(
                service=service,
                data={
                    "contacted_on": today - datetime.timedelta(days=1),
                    "channel": "phone",
                    "reached": True,
                },
                answers=rules.ContactAnswers(
                    still_with_employer=True,
                    post=job.post,
                    monthly_salary=(job.monthly_salary or Decimal(4000)) + 400,
                ),
                acting_user=staff,
            )
            if confirm:
                for change in changes:
                    services.change_report_confirm(change=change, acting_user=self.builder.actor)
        # A salary timeline with two raises.
        job = stories[6].graduate.jobs.get(end_date__isnull=True)
        salary = job.monthly_salary or Decimal(4000)
        for months_ago, raise_by in ((8, 300), (2, 400)):
            salary += raise_by
            records_services.employment_salary_change(
                employment=job,
                monthly_salary=salary,
                effective_on=max(job.start_date, today - relativedelta(months=months_ago)),
                acting_user=self.builder.actor,
                source="demo",
                note=_("企业调薪"),
            )
        # This morning's calls: the overdue graduates of one department, reached, nothing changed.
        overdue = TrackingService.objects.filter(
            status=TrackingService.Status.ACTIVE,
            next_follow_up_due__lt=today,
            graduate__department_id=stories[7].graduate.department_id,
        ).select_related("graduate")
        for service in list(overdue.order_by("next_follow_up_due", "graduate__student_no")[:5]):
            services.follow_up_contact_answered(
                service=service,
                data={
                    "contacted_on": today,
                    "channel": rng.choice(["phone", "wechat"]),
                    "reached": True,
                    "notes": _("本人表示暂无变动。"),
                },
                answers=None,
                acting_user=self._staff_for(service.graduate),
            )

    def portal_account(self) -> None:
        """The first graduate of the newest cohort with an active service signs in with the demo password."""
        service = getattr(self, "portal_service", None) or (
            TrackingService.objects.filter(status=TrackingService.Status.ACTIVE)
            .select_related("graduate")
            .order_by("-graduate__graduation_year", "graduate__student_no")
            .first()
        )
        if service is None:
            return
        graduate = service.graduate
        user = User.objects.filter(graduate=graduate).first() or User(
            username=accounts_services.portal_username(graduate),
            role=User.Role.GRADUATE,
            graduate=graduate,
            last_name=graduate.name,
        )
        user.password = make_password(DEMO_PASSWORD)
        user.save()


def demo_portal_accounts() -> list[DemoAccountStatus]:
    """Graduate portal accounts that still have the demo password, for `gradtrack demo-accounts`."""
    accounts = []
    users = User.objects.filter(role=User.Role.GRADUATE, username__startswith="graduate-").select_related(
        "graduate__department"
    )
    for user in users.order_by("graduate__student_no")[:3]:
        if not check_password(DEMO_PASSWORD, user.password):
            continue
        accounts.append(
            DemoAccountStatus(
                username=user.graduate.student_no,
                role=_("毕业生（手机访问 /portal/，学号登录）"),
                departments=user.graduate.department.name,
                has_demo_password=True,
            )
        )
    return accounts


def wipe(graduate_ids: list[int]) -> dict[str, int]:
    """Delete the tracking records of the demo's graduates, each kind before the kinds it refers to, so that
    their services, jobs and graduates may go (the foreign keys PROTECT them, POLICY §1). The demo wipe is
    the one place that removes 违规记录: the demo's own, through the unguarded base manager."""
    from gradtrack.tracking.models import (
        AccidentCase,
        AccidentStep,
        ChangeReport,
        Verification,
        ViolationFlag,
    )

    removed = {}
    kinds = [
        (AccidentStep, "case__graduate__in"),
        (AccidentCase, "graduate__in"),
        (ViolationFlag, "service__graduate__in"),
        (Verification, "service__graduate__in"),
        (FollowUpContact, "service__graduate__in"),
        (ChangeReport, "service__graduate__in"),
    ]
    for model, lookup in kinds:
        count = 0
        for ids in in_chunks(graduate_ids):
            count += model._base_manager.filter(**{lookup: ids}).delete()[1].get(model._meta.label, 0)
        removed[str(model._meta.verbose_name)] = count
    return removed
