"""The counts of an import plan or result as users read them (the web pages and the command share them)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

COUNT_LABELS = {
    "graduates_created": gettext_lazy("新建毕业生"),
    "graduates_updated": gettext_lazy("更新毕业生"),
    "jobs_created": gettext_lazy("新建在职记录"),
    "jobs_updated": gettext_lazy("更新在职记录"),
    "jobs_ended": gettext_lazy("结束原在职记录"),
    "employers_created": gettext_lazy("新建用人单位"),
    "employers_updated": gettext_lazy("补充用人单位信息"),
    "departments_created": gettext_lazy("新建系部"),
    "majors_created": gettext_lazy("新建专业"),
}


def labelled_counts(counts: dict[str, int]) -> list[tuple[str, int]]:
    return [(str(label), counts.get(key, 0)) for key, label in COUNT_LABELS.items()]


def summary_lines(plan) -> list[str]:
    lines = [
        _(
            "读取数据行 %(rows)s 行；无变化 %(unchanged)s 行；重复行（内容相同，已忽略）%(duplicates)s 行；"
            "跳过签字/说明行 %(skipped)s 行"
        )
        % {
            "rows": plan.rows_read,
            "unchanged": plan.unchanged_rows,
            "duplicates": len(plan.duplicate_rows),
            "skipped": len(plan.skipped_rows),
        }
    ]
    lines += [f"{label} {count}" for label, count in labelled_counts(plan.counts) if count]
    if plan.is_empty:
        lines.append(_("没有需要新建或更新的内容"))
    if plan.ignored_headers:
        lines.append(_("未识别、已忽略的列：") + "、".join(plan.ignored_headers))
    return lines
