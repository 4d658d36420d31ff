"""The demo school's re-placement requests (built after the tracking service's, by gradtrack.site.demo): a 裁员 placed
free, a probation resignation waiting for its earliest placement date, a discretionary one awaiting staff's
outcome, and a denied 开除. A handful of records, made through records.services and replacement.services as staff
would make them; their history is marked as demo data so that wiping the demo removes it."""

import datetime

from dateutil.relativedelta import relativedelta

from gradtrack.core.batching import in_chunks
from gradtrack.core.demo import DEMO_SOURCE
from gradtrack.core.models import HistoryEntry
from gradtrack.records import services as records_services
from gradtrack.records.demo import DemoSchoolBuilder
from gradtrack.records.models import Employment, Graduate
from gradtrack.replacement import services
from gradtrack.replacement.models import ReplacementRequest
from gradtrack.tracking.models import TrackingService

DAY = datetime.timedelta(days=1)


def build(builder: DemoSchoolBuilder) -> None:
    """gradtrack.site.demo runs this after the records part: add re-placement requests to the demo school built by records.demo."""
    last_entry = HistoryEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ReplacementDemo(builder).build()
    HistoryEntry.objects.filter(pk__gt=last_entry).update(source=DEMO_SOURCE)


class ReplacementDemo:
    def __init__(self, builder):
        self.builder = builder
        self.today = builder.today
        self.actor = builder.actor
        self.employers = list(builder.school.employers)

    def candidates(self):
        """School-placed graduates with an active service covering the last half year and a job held since."""
        half_year_ago = self.today - relativedelta(months=6)
        graduates = Graduate.objects.filter(
            placement_mode=Graduate.PlacementMode.SCHOOL,
            replacement_requests__isnull=True,
            tracking_service__status=TrackingService.Status.ACTIVE,
            tracking_service__start_date__lte=half_year_ago,
            tracking_service__end_date__gt=self.today + relativedelta(months=4),
            jobs__end_date__isnull=True,
            jobs__start_date__lte=half_year_ago,
        ).order_by("pk")
        return graduates.distinct()

    def _current_job(self, graduate) -> Employment:
        return graduate.jobs.get(end_date__isnull=True)

    def _other_employer(self, job: Employment):
        return next(e for e in self.employers if e.pk != job.employer_id)

    def _end(self, job: Employment, *, days_ago: int, reason: str) -> Employment:
        return records_services.record_update(
            job,
            data={"end_date": self.today - days_ago * DAY, "end_reason": reason},
            acting_user=self.actor,
            source=DEMO_SOURCE,
        )

    def _open(self, job: Employment, *, days_after_end: int, opened_by=ReplacementRequest.OpenedBy.STAFF):
        return services.replacement_request_open(
            graduate=job.graduate,
            employment=job,
            opened_by=opened_by,
            acting_user=self.actor,
            request_date=min(job.end_date + days_after_end * DAY, self.today),
        )

    def _prepare(self, request: ReplacementRequest, *, passed: bool = True) -> ReplacementRequest:
        request = services.replacement_request_register(
            request=request, registered_on=request.request_date, acting_user=self.actor
        )
        services.replacement_test_record(
            request=request,
            data={
                "held_on": min(request.request_date + 7 * DAY, self.today),
                "kind": "interview",
                "organiser": "school",
                "result": "passed" if passed else "failed",
            },
            acting_user=self.actor,
        )
        request.refresh_from_db()
        return request

    def build(self) -> None:
        graduates = iter(list(self.candidates()[:4]))
        laid_off = next(graduates, None)
        if laid_off is not None:
            job = self._end(self._current_job(laid_off), days_ago=75, reason=Employment.EndReason.LAYOFF)
            request = self._prepare(self._open(job, days_after_end=3))
            services.replacement_request_place(
                request=request,
                job_data={
                    "employer": self._other_employer(job),
                    "start_date": self.today - 20 * DAY,
                    "post": job.post or "操作工",
                    "monthly_salary": job.monthly_salary,
                },
                channel=Employment.Channel.SCHOOL,
                fee_payer="",
                acting_user=self.actor,
            )
        waiting = next(graduates, None)
        if waiting is not None:
            # Left a job for another employer, then resigned from the new one during its probation.
            old = self._end(self._current_job(waiting), days_ago=60, reason=Employment.EndReason.PERSONAL)
            start = self.today - 55 * DAY
            short = records_services.employment_create(
                data={
                    "graduate": waiting,
                    "employer": self._other_employer(old),
                    "start_date": start,
                    "end_date": self.today - 20 * DAY,
                    "end_reason": Employment.EndReason.FAMILY,
                    "post": old.post,
                    "monthly_salary": old.monthly_salary,
                    "channel": Employment.Channel.OTHER,
                },
                acting_user=self.actor,
                source=DEMO_SOURCE,
            )
            self._prepare(self._open(short, days_after_end=2, opened_by=ReplacementRequest.OpenedBy.GRADUATE))
        discretionary = next(graduates, None)
        if discretionary is not None:
            job = self._end(
                self._current_job(discretionary), days_ago=30, reason=Employment.EndReason.PERSONAL
            )
            request = self._open(job, days_after_end=5, opened_by=ReplacementRequest.OpenedBy.GRADUATE)
            services.replacement_request_register(
                request=request, registered_on=request.request_date, acting_user=self.actor
            )
        expelled = (
            Employment.objects.filter(end_reason=Employment.EndReason.EXPELLED, end_date__lte=self.today)
            .exclude(graduate__replacement_requests__isnull=False)
            .order_by("pk")
            .first()
        )
        if expelled is None and (graduate := next(graduates, None)) is not None:
            expelled = self._end(
                self._current_job(graduate), days_ago=40, reason=Employment.EndReason.EXPELLED
            )
        if expelled is not None:
            self._open(expelled, days_after_end=30, opened_by=ReplacementRequest.OpenedBy.GRADUATE)


def wipe(graduate_ids: list[int]) -> dict[str, int]:
    """Delete the demo graduates' re-placement requests and their tests (they PROTECT graduates and jobs)."""
    from gradtrack.replacement.models import ReplacementTest

    removed = {}
    for model, lookup in ((ReplacementTest, "request__graduate__in"), (ReplacementRequest, "graduate__in")):
        count = 0
        for ids in in_chunks(graduate_ids):
            count += model._base_manager.filter(**{lookup: ids}).delete()[1].get(model._meta.label, 0)
        removed[str(model._meta.verbose_name)] = count
    return removed
