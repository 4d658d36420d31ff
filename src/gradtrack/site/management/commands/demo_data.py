"""``gradtrack demo-data``: build the demo school (run once by ``make run`` on the first start)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from gradtrack.records.models import Graduate
from gradtrack.site import demo


class Command(BaseCommand):
    help = _("生成演示数据：一所中职学校的系部、专业、三届毕业生、用人单位、就业记录和各角色演示账号。")

    def add_arguments(self, parser):
        parser.add_argument(
            "--graduates", type=int, default=demo.DEFAULT_GRADUATES, help=_("毕业生人数（三届合计）")
        )
        parser.add_argument("--employers", type=int, default=demo.DEFAULT_EMPLOYERS, help=_("用人单位数"))
        parser.add_argument("--seed", type=int, default=demo.DEFAULT_SEED, help=_("随机数种子"))
        parser.add_argument(
            "--force", action="store_true", help=_("数据库中已有毕业生时，先删除以前生成的演示数据再重新生成")
        )

    def handle(self, *args, graduates, employers, seed, force, **options):
        if graduates < 1 or employers < 1:
            raise CommandError(_("毕业生人数和用人单位数都应至少为 1"))
        existing = Graduate.objects.count()
        if existing and not force:
            # Not an error for `make run`: the database already holds a school, demo or real.
            self.stderr.write(
                _(
                    "数据库中已有 %(count)d 名毕业生，未生成演示数据。"
                    "如需重新生成，请运行 gradtrack demo-data --force（将先删除以前生成的演示数据，"
                    "其他数据保留）。"
                )
                % {"count": existing}
            )
            return
        started = time.monotonic()
        if existing:
            try:
                removed = demo.wipe_demo_records()
            except ProtectedError as exc:
                raise CommandError(
                    _("演示数据仍被其他记录引用（例如演示单位下录入了真实就业记录），未做任何修改：%(error)s")
                    % {"error": exc.args[0]}
                ) from exc
            self.stdout.write(
                _("已删除以前的演示数据：%(removed)s")
                % {"removed": "，".join(f"{name} {count}" for name, count in removed.items())}
            )
        school = demo.build_demo_school(graduates=graduates, employers=employers, seed=seed)
        elapsed = time.monotonic() - started
        cohorts = "，".join(f"{year}届 {count}" for year, count in school.graduates_by_cohort().items())
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "演示数据已生成（%(seconds).1f 秒）：%(departments)d 个系部，%(majors)d 个专业，"
                    "%(graduates)d 名毕业生（%(cohorts)s），%(employers)d 家用人单位，"
                    "%(jobs)d 条就业记录（在职 %(current)d），%(changes)d 次后续变动，"
                    "%(history)d 条修改历史。"
                )
                % {
                    "seconds": elapsed,
                    "departments": len(school.departments),
                    "majors": len(school.majors),
                    "graduates": len(school.graduates),
                    "cohorts": cohorts,
                    "employers": len(school.employers),
                    "jobs": len(school.jobs),
                    "current": school.current_jobs,
                    "changes": school.later_changes,
                    "history": school.history_entries,
                }
            )
        )
        if school.profile_created:
            self.stdout.write(_("学校信息已设为演示学校：%(name)s") % {"name": demo.SCHOOL["name"]})
        self.stdout.write(_("演示账号见 gradtrack demo-accounts"))
