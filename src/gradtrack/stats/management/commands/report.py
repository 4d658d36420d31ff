"""``gradtrack report --year Y --scope school|dept:<code> --format docx|pdf --out FILE``: a report as a file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from gradtrack.stats import documents
from gradtrack.stats.selectors import resolve_scope


class Command(BaseCommand):
    help = "生成就业统计报告（.docx 或 .pdf）：全校就业跟踪报告、9-15 综合性专题报告或系部毕业生质量跟踪调查报告。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="应届届别，例如 2026")
        parser.add_argument(
            "--scope",
            default="school",
            help="school（全校）、dept:<系部代码>、category:<专业大类代码>或 major:<专业代码>",
        )
        parser.add_argument(
            "--format", dest="file_format", choices=sorted(documents.CONTENT_TYPES), default="docx"
        )
        parser.add_argument(
            "--kind",
            choices=sorted(documents.KINDS),
            help="报告类型；默认全校为 tracking（就业跟踪报告），系部为 department（毕业生质量跟踪调查报告）",
        )
        parser.add_argument("--out", required=True, help="输出文件路径")
        parser.add_argument(
            "--name-employers",
            action="store_true",
            help="引用用人单位意见和建议时注明单位名称（默认只注明单位性质）",
        )

    def handle(self, *args, year, scope, file_format, kind, out, name_employers=False, **options):
        try:
            resolved = resolve_scope(None, scope)
        except (ValueError, Http404) as error:
            raise CommandError(str(error)) from error
        kind = kind or ("tracking" if resolved.kind == "school" else "department")
        try:
            report = documents.build_report(resolved, year, kind, file_format, name_employers=name_employers)
        except documents.DocumentError as error:
            raise CommandError(str(error)) from error
        path = Path(out)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(report.content)
        self.stdout.write(f"{report.filename} → {path}（{len(report.content):,} 字节）")
