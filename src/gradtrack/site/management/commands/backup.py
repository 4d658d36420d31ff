"""``gradtrack backup [--out FILE] [--reason TEXT]``: every record and uploaded file in one portable archive
(site.backup), written to the personal-information access log as made from the command line."""

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
        parser.add_argument(
            "--reason",
            default="",
            help=_("备份事由，写入个人信息访问记录（备份含全部身份证号、手机和月薪），如“每晚定时备份”"),
        )

    def handle(self, *args, out, reason, **options):
        command = "gradtrack backup" + (f" --out {out}" if out else "")
        summary = backup.create_backup(out, command=command, reason=reason)
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
