"""gradtrack import-graduates FILE.xlsx|.xls|.csv [--dry-run] [--create-missing] [--major NAME=CODE …]: the web import
from the command line. A new major the 中职 catalogue does not know by name needs ``--major NAME=CODE`` (a
catalogue code) or ``--major NAME=校本专业``; the names still needing one are listed one line each."""

import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from gradtrack.core.concurrency import ConcurrentEditError
from gradtrack.core.models import CatalogueMajor, MajorCategory
from gradtrack.imports import reader, services
from gradtrack.imports.summary import summary_lines


class DryRun(Exception):
    """Leaves the transaction without writing anything."""


class Command(BaseCommand):
    help = "从名单文件（.xlsx、.xls 或 .csv）导入毕业生及其就业信息；有任何错误时不写入任何数据。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="名单文件（.xlsx、.xls 或 .csv，CSV 可为 UTF-8 或 GBK 编码）")
        parser.add_argument("--dry-run", action="store_true", help="只检查并列出将新建和更新的内容，不写入")
        parser.add_argument(
            "--create-missing", action="store_true", help="新建文件中出现而系统中没有的系部和专业"
        )
        parser.add_argument(
            "--major",
            metavar="NAME=CODE",
            action="append",
            default=[],
            help="不在中职专业目录中的新专业对应的目录专业代码，如 --major 数控加工=660103；"
            "校本专业写 --major 名称=校本专业；可多次使用",
        )
        parser.add_argument(
            "--major-category",
            metavar="CODE",
            help="新建校本专业的专业大类（代码或名称，如 66 或 装备制造大类）；默认参照同系部已有专业",
        )
        parser.add_argument("--user", metavar="USERNAME", help="记入修改历史的操作人（默认：系统）")

    def handle(self, *args, **options):
        started = time.perf_counter()
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("找不到文件：%(path)s") % {"path": path})
        acting_user = self._user(options["user"])
        category = self._category(options["major_category"])
        choices = self._major_choices(options["major"])
        try:
            with path.open("rb") as source:
                roster = reader.read_roster(source, file_name=path.name)
        except reader.RosterError as error:
            raise CommandError(error.message) from error
        try:
            with transaction.atomic():
                plan = services.graduate_import_plan(
                    roster,
                    create_missing=options["create_missing"],
                    major_category=category,
                    major_choices=choices,
                )
                if plan.has_problems:
                    raise CommandError(self._problems(plan))
                if options["dry_run"]:
                    self._report(plan, started, verbosity=options["verbosity"], dry_run=True)
                    raise DryRun
                services.graduate_import_apply(plan, acting_user=acting_user)
        except DryRun:
            return
        except (ConcurrentEditError, IntegrityError) as error:
            raise CommandError(_("导入期间有人修改了相关记录，未写入任何数据；请重新运行。")) from error
        self._report(plan, started, verbosity=options["verbosity"], dry_run=False)

    def _report(self, plan, started, *, verbosity: int, dry_run: bool) -> None:
        heading = _("检查通过（未写入，--dry-run）") if dry_run else _("导入完成")
        self.stdout.write(self.style.SUCCESS(f"{heading}：{plan.file_name}"))
        for line in summary_lines(plan):
            self.stdout.write(f"  {line}")
        if verbosity >= 2:
            for change in [*plan.created(), *plan.updated()]:
                action = _("新建") if change.action == "create" else _("更新")
                fields = "；".join(
                    f"{name}：{old or _('（空）')} → {new}" for name, old, new in change.fields
                )
                self.stdout.write(
                    _("  第 %(row)s 行 %(action)s%(model)s %(label)s：%(fields)s")
                    % {
                        "row": change.row,
                        "action": action,
                        "model": change.model,
                        "label": change.label,
                        "fields": fields,
                    }
                )
        self.stdout.write(_("  用时 %(seconds).1f 秒") % {"seconds": time.perf_counter() - started})

    @staticmethod
    def _problems(plan) -> str:
        lines = [
            _("%(name)s 有 %(count)s 处错误，未写入任何数据：")
            % {"name": plan.file_name, "count": len(plan.problems)}
        ]
        if plan.unmatched_majors:
            lines.append(
                _(
                    "  不在中职专业目录中的专业（每个用 --major 名称=专业代码 或 --major 名称=校本专业 指定）："
                )
            )
        for unmatched in plan.unmatched_majors.values():
            lines.append(
                _("  专业“%(name)s”（第 %(rows)s 行）：最接近 %(closest)s")
                % {
                    "name": unmatched.name,
                    "rows": "、".join(str(row) for row in unmatched.rows),
                    "closest": "、".join(f"{e.code} {e.name}" for e in unmatched.closest) or _("无"),
                }
            )
        lines += [
            _("  第 %(row)s 行，“%(column)s”：%(message)s")
            % {"row": p.row, "column": p.column, "message": p.message}
            for p in plan.problems
            if not p.unmatched_major  # listed above, one line each
        ]
        return "\n".join(lines)

    @staticmethod
    def _user(username: str | None):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as error:
            raise CommandError(_("用户“%(name)s”不存在") % {"name": username}) from error

    @staticmethod
    def _category(value: str | None):
        if not value:
            return None
        # the 2010 style "装备制造类" names the 2021 "装备制造大类"
        names = {value, value.removesuffix("类") + "大类"}
        category = MajorCategory.objects.filter(Q(code=value) | Q(name__in=names)).first()
        if category is None:
            raise CommandError(_("专业大类“%(value)s”不存在") % {"value": value})
        return category

    @staticmethod
    def _major_choices(values: list[str]) -> dict[str, str]:
        choices = {}
        for value in values:
            name, sep, code = (part.strip() for part in value.partition("="))
            if not sep or not name or not code:
                raise CommandError(
                    _("--major 应写作 名称=专业代码，如 --major 数控加工=660103：%(value)s")
                    % {"value": value}
                )
            if code in ("校本专业", "校本", services.SCHOOL_OWN):
                choices[name] = services.SCHOOL_OWN
            elif CatalogueMajor.objects.filter(code=code).exists():
                choices[name] = code
            else:
                raise CommandError(
                    _("--major %(name)s=%(code)s：中职专业目录中没有代码“%(code)s”")
                    % {"name": name, "code": code}
                )
        return choices
