"""The whole demo school of ``gradtrack demo-data``: the records part (records.demo), then each later
capability's part in the order they rely on one another, in one transaction — all of it or nothing."""

import datetime

from django.db import transaction
from django.utils import timezone

from gradtrack.core import figures_cache
from gradtrack.core.demo import DEMO_SOURCE, DemoAccountStatus
from gradtrack.core.models import HistoryEntry
from gradtrack.gradsurveys import demo as gradsurveys_demo
from gradtrack.records import demo as records_demo
from gradtrack.records import services as records_services
from gradtrack.records.demo import DEFAULT_EMPLOYERS, DEFAULT_GRADUATES, DEFAULT_SEED, SCHOOL, DemoSchool
from gradtrack.records.models import Graduate
from gradtrack.replacement import demo as replacement_demo
from gradtrack.stats import demo as stats_demo
from gradtrack.surveys import demo as surveys_demo
from gradtrack.tracking import demo as tracking_demo

__all__ = [
    "DEFAULT_EMPLOYERS",
    "DEFAULT_GRADUATES",
    "DEFAULT_SEED",
    "SCHOOL",
    "build_demo_school",
    "demo_account_status",
    "wipe_demo_records",
]

# Each takes the records builder once its school exists; each may rely on the ones before it (re-placement
# on the tracking services, the statistics' report round on everything).
LATER_PARTS = [
    tracking_demo.build,
    replacement_demo.build,
    surveys_demo.build,
    gradsurveys_demo.build,
    stats_demo.build,
]


@transaction.atomic
def build_demo_school(
    *,
    graduates: int = DEFAULT_GRADUATES,
    employers: int = DEFAULT_EMPLOYERS,
    seed: int = DEFAULT_SEED,
    today: datetime.date | None = None,
) -> DemoSchool:
    builder = records_demo.DemoSchoolBuilder(
        graduates=graduates, employers=employers, seed=seed, today=today or timezone.localdate()
    )
    school = builder.build()
    for build_part in LATER_PARTS:
        build_part(builder)
    _archived_graduate(builder)
    return school


ARCHIVE_NOTE = "本人已出国定居，不再需要跟踪服务；档案与跟踪记录按规定保留。"


def _archived_graduate(builder: records_demo.DemoSchoolBuilder) -> None:
    """One archived graduate whose service has contacts, so that `make run` shows 归档 and why it is not a
    delete (POLICY §1): the first such graduate of the oldest cohort."""
    ids = [graduate.pk for graduate in builder.school.graduates]
    if not ids:
        return
    graduate = (
        Graduate.objects.filter(pk__gte=min(ids), pk__lte=max(ids), tracking_service__contacts__isnull=False)
        .order_by("graduation_year", "student_no")
        .first()
    )
    if graduate is not None:
        records_services.graduate_archive(
            graduate,
            reason=Graduate.ArchiveReason.OTHER,
            note=ARCHIVE_NOTE,
            acting_user=builder.actor,
            source=DEMO_SOURCE,
        )


def demo_account_status() -> list[DemoAccountStatus]:
    """Every demo account that exists (staff, then the graduates' portal accounts) for demo-accounts."""
    return records_demo.demo_account_status() + tracking_demo.demo_portal_accounts()


@transaction.atomic
def wipe_demo_records() -> dict[str, int]:
    """Delete what demo-data made (found by its creation history) and that history; accounts stay.

    Raises ``django.db.models.ProtectedError`` when other records still refer to demo records.
    """
    graduate_ids = records_demo.demo_graduate_ids()
    # Tracking history PROTECTs graduates and jobs (POLICY §1): the later parts' records go first, re-placement
    # before tracking (a request refers to jobs a change may also refer to), then the records.
    removed = {
        **gradsurveys_demo.wipe(graduate_ids),
        **replacement_demo.wipe(graduate_ids),
        **tracking_demo.wipe(graduate_ids),
    }
    removed.update(surveys_demo.wipe())
    removed.update(records_demo.wipe_demo_records())
    removed.update(stats_demo.wipe())
    HistoryEntry.objects.filter(source=DEMO_SOURCE).delete()
    transaction.on_commit(figures_cache.forget_all)
    return removed
