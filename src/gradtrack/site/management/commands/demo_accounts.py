"""``gradtrack demo-accounts``: the demo accounts and their password, printed by every ``make run``."""

import os
import unicodedata

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from gradtrack.core.demo import DEMO_PASSWORD
from gradtrack.gradsurveys.demo import demo_survey_link
from gradtrack.site import demo


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


class Command(BaseCommand):
    help = _("列出演示账号、角色、所属系部和演示密码，以及访问地址。")

    def add_arguments(self, parser):
        parser.add_argument(
            "--port",
            default=os.environ.get("PORT") or "8000",
            help=_("访问地址中的端口（默认取环境变量 PORT）"),
        )

    def handle(self, *args, port, **options):
        accounts = demo.demo_account_status()
        if not accounts:
            self.stdout.write(_("没有演示账号。运行 gradtrack demo-data 生成演示数据和演示账号。"))
            return
        changed = _("（已修改，不再是演示密码）")
        headers = [_("用户名"), _("角色"), _("所属系部"), _("密码")]
        rows = [
            [a.username, a.role, a.departments or "—", DEMO_PASSWORD if a.has_demo_password else changed]
            for a in accounts
        ]
        widths = [max(display_width(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
        self.stdout.write("")
        self.stdout.write(_("演示账号："))
        for row in [headers, *rows]:
            cells = (pad(cell, width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write(("  " + "  ".join(cells)).rstrip())
        self.stdout.write("")
        self.stdout.write(_("访问地址：http://127.0.0.1:%(port)s/") % {"port": port})
        link = demo_survey_link()
        if link:
            self.stdout.write(
                _("毕业生调查个人链接（示例，手机打开，无需登录）：http://127.0.0.1:%(port)s%(link)s")
                % {"port": port, "link": link}
            )
        if not any(a.has_demo_password for a in accounts):
            self.stdout.write(_("所有演示账号的密码都已修改，这里不再显示。"))
        self.stdout.write("")
