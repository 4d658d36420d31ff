"""``gradtrack backup [--out FILE]``: every record and uploaded file in one portable archive (core.backup)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from gradtrack.site import backup


class Command(BaseCommand):
    help = _(
        "备份全部数据和上传文件到一个 .tar.gz 文件（SQLite 与 PostgreSQL 通用），用 gradtrack restore 恢复。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--out", help=_("备份文件路径（默认 var/backups/gradtrack-日期-时间.tar.gz）"), default=None
        )

    def handle(self, *args, out, **options):
        summary = backup.create_backup(out)
        self.stdout.write(
            self.style.SUCCESS(
                _("已备份 %(rows)d 条记录（%(tables)d 个数据表）和 %(files)d 个上传文件：%(path)s")
                % {
                    "rows": summary.rows,
                    "tables": len(summary.counts),
                    "files": summary.media_files,
                    "path": summary.path,
                }
            )
        )
