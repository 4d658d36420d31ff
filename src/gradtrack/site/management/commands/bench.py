"""``gradtrack bench [options]``: the load and scale benchmark (gradtrack.bench), in a process of its own.

The benchmark runs under its own settings (gradtrack.bench.settings: its own PostgreSQL database, a ping view),
so this command only hands its arguments on: ``gradtrack bench --help`` lists them.
"""

import subprocess
import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = _("压力测试：生成大规模数据（PostgreSQL），用 gunicorn 提供服务并并发访问，输出一张结果表。")

    def run_from_argv(self, argv):
        sys.exit(subprocess.call([sys.executable, "-m", "gradtrack.bench", *argv[2:]]))

    def handle(self, *args, **options):
        sys.exit(subprocess.call([sys.executable, "-m", "gradtrack.bench"]))
