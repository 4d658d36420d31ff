"""One 10,000-row import, timed in a process of its own so that its peak memory is its own.

python -m gradtrack.bench.importrun ROSTER.xlsx   (with the benchmark's settings; prints one JSON line)
"""

import json
import os
import resource
import sys
import time


def main(path: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gradtrack.bench.settings")
    import django

    django.setup()
    from django.conf import settings

    from gradtrack.accounts.models import User
    from gradtrack.bench.dataset import CENTRE_USERNAME
    from gradtrack.core.models import MajorCategory
    from gradtrack.imports import reader, services

    user = User.objects.get(username=CENTRE_USERNAME)
    category = MajorCategory.objects.order_by("code").first()
    started = time.perf_counter()
    with open(path, "rb") as source:
        roster = reader.read_roster(
            source, file_name=os.path.basename(path), max_rows=settings.IMPORT_MAX_ROWS
        )
    read = time.perf_counter()
    plan = services.graduate_import_plan(roster, create_missing=True, major_category=category)
    planned = time.perf_counter()
    if plan.problems:
        print(
            json.dumps({"problems": len(plan.problems), "first": str(plan.problems[0])}, ensure_ascii=False)
        )
        sys.exit(1)
    services.graduate_import_apply(plan, acting_user=user)
    applied = time.perf_counter()
    print(
        json.dumps(
            {
                "rows": len(roster.rows),
                "read": read - started,
                "plan": planned - read,
                "apply": applied - planned,
                "total": applied - started,
                "counts": plan.counts,
                "max_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
