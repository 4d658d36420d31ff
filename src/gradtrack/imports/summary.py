"""The counts of an import plan or result as users read them (the web pages and the command share them)."""

from django.utils.translation import gettext_lazy as _

COUNT_LABELS = {
    "graduates_created": _("新建毕业生"),
    "graduates_updated": _("更新毕业生"),
    "jobs_created": _("新建在职记录"),
    "jobs_updated": _("更新在职记录"),
    "jobs_ended": _("结束原在职记录"),
    "employers_created": _("新建用人单位"),
    "employers_updated": _("补充用人单位信息"),
    "departments_created": _("新建系部"),
    "majors_created": _("新建专业"),
}


def labelled_counts(counts: dict[str, int]) -> list[tuple[str, int]]:
    return [(str(label), counts.get(key, 0)) for key, label in COUNT_LABELS.items()]


def summary_lines(plan) -> list[str]:
    lines = [
        f"读取数据行 {plan.rows_read} 行；无变化 {plan.unchanged_rows} 行；"
        f"重复行（内容相同，已忽略）{len(plan.duplicate_rows)} 行；跳过签字/说明行 {len(plan.skipped_rows)} 行"
    ]
    lines += [f"{label} {count}" for label, count in labelled_counts(plan.counts) if count]
    if plan.is_empty:
        lines.append("没有需要新建或更新的内容")
    if plan.ignored_headers:
        lines.append("未识别、已忽略的列：" + "、".join(plan.ignored_headers))
    return lines
