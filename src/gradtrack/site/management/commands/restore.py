"""``gradtrack restore FILE [--force]``: put a backup made by ``gradtrack backup`` back, all or nothing."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gradtrack.site import backup


class Command(BaseCommand):
    help = _(
        "从 gradtrack backup 生成的文件恢复全部数据（在一个事务中，全部成功或不做任何修改）。"
        "数据库中已有数据时需加 --force。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("备份文件"))
        parser.add_argument(
            "--force", action="store_true", help=_("数据库中已有数据时仍然恢复：现有记录将被备份中的记录替换")
        )

    def handle(self, *args, file, force, **options):
        try:
            summary = backup.restore_backup(file, force=force)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("已恢复 %(rows)d 条记录（%(tables)d 个数据表）和 %(files)d 个上传文件。")
                % {"rows": summary.rows, "tables": len(summary.counts), "files": summary.media_files}
            )
        )
        if summary.replaced:
            self.stdout.write(_("恢复前数据库中的记录已被替换。登录状态已清除，请重新登录。"))
