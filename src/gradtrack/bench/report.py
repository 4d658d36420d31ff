"""The benchmark's one table, as plain text (Markdown), with each figure against its target."""

from dataclasses import dataclass, field

from gradtrack.bench.scale import Scale


@dataclass
class Figures:
    scale: Scale
    small: Scale
    clients: int
    workers: int
    pages: list = field(default_factory=list)
    generated: dict = field(default_factory=dict)
    generation_seconds: float = 0.0
    report_seconds: float | None = None
    cold_stats_seconds: float | None = None
    report_note: str = "未测"
    import_rows: int = 0
    import_result: dict = field(default_factory=dict)
    worker_peak_kb: int = 0
    bench_peak_kb: int = 0


def ms(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1000:.0f}"


def ratio(value: float | None, base: float | None) -> str:
    return "—" if value is None or not base else f"{value / base:.1f}×"


def mb(kb: int) -> str:
    return f"{kb / 1024:.0f} MB"


def figure_row(label: str, value: str, target: str = "", conclusion: str = "") -> list[str]:
    """A row of the table for one figure (the report, the import, memory): only the first column is filled."""
    return [label, value, "", "", "", "", "", target, conclusion]


def verdict(ok: bool | None) -> str:
    return {True: "达标", False: "未达标", None: "—"}[ok]


def render(figures: Figures, target) -> str:
    ping = next((p.sample for p in figures.pages if p.key == "ping" and p.sample), None)
    generated = figures.generated
    header = (
        f"压测结果：{generated.get('graduates', 0):,} 名毕业生，{generated.get('jobs', 0):,} 条就业记录，"
        f"{generated.get('changes', 0):,} 条变动通报（{generated.get('services', 0):,} 项跟踪服务），"
        f"{generated.get('history', 0):,} 条修改历史，{generated.get('employers', 0):,} 家用人单位"
        f"（生成用时 {figures.generation_seconds:.0f} 秒）；gunicorn {figures.workers} 个工作进程，"
        f"{figures.clients} 个并发客户端；SQL 查询数在 {figures.small.graduates:,} 与 "
        f"{generated.get('graduates', 0):,} 名毕业生两种数据量下统计。"
    )
    rows = [
        [
            "项目",
            "p50 ms",
            "p95 ms",
            "p50 / ping",
            "p95 / ping",
            "SQL（小 → 大）",
            "请求数（错误）",
            "目标",
            "结论",
        ]
    ]
    for page in figures.pages:
        sample = page.sample
        small, full = page.queries.get("small"), page.queries.get("full")
        if sample is None:
            rows.append([page.label, "—", "—", "—", "—", "—", "—", "—", page.note or "n/a"])
            continue
        queries = "—" if full is None else f"{small} → {full}"
        if page.key == "ping":
            rows.append(
                [
                    page.label,
                    ms(sample.p50),
                    ms(sample.p95),
                    "1.0×",
                    "1.0×",
                    queries,
                    f"{sample.count}（{len(sample.errors)}）",
                    "基准",
                    "",
                ]
            )
            continue
        ok = (
            sample.p95 is not None
            and sample.p95 * 1000 <= target.p95_ms
            and full is not None
            and full <= target.queries
            and (small is None or full <= small)
            and not sample.errors
        )
        rows.append(
            [
                page.label,
                ms(sample.p50),
                ms(sample.p95),
                ratio(sample.p50, ping.p50 if ping else None),
                ratio(sample.p95, ping.p95 if ping else None),
                queries,
                f"{sample.count}（{len(sample.errors)}）",
                f"p95 ≤ {target.p95_ms:.0f} ms，≤ {target.queries} 条 SQL 且不随数据增长",
                verdict(ok),
            ]
        )
    if figures.cold_stats_seconds is not None:
        rows.append(
            figure_row(
                "统计页数据首次计算（数据变动后的第一次访问；此后直至下一次修改都从缓存读取）",
                f"{figures.cold_stats_seconds * 1000:.0f} ms",
            )
        )
    seconds = figures.report_seconds
    rows.append(
        figure_row(
            f"全校报告生成（{figures.report_note}）",
            "—" if seconds is None else f"{seconds:.1f} s",
            f"≤ {target.report_s:.0f} s",
            verdict(None if seconds is None else seconds <= target.report_s),
        )
    )
    result = figures.import_result
    if figures.import_rows:
        if "total" in result:
            detail = (
                f"读取 {result['read']:.1f} s + 校验 {result['plan']:.1f} s + 写入 {result['apply']:.1f} s"
            )
            rows.append(
                figure_row(
                    f"导入 {figures.import_rows:,} 行名单（{detail}）",
                    f"{result['total']:.1f} s",
                    f"≤ {target.import_s:.0f} s",
                    verdict(result["total"] <= target.import_s),
                )
            )
        else:
            rows.append(
                figure_row(f"导入 {figures.import_rows:,} 行名单", "失败", conclusion=result.get("error", ""))
            )
    memory = f"gunicorn 工作进程 {mb(figures.worker_peak_kb)}"
    if "max_rss_kb" in result:
        memory += f"；导入进程 {mb(result['max_rss_kb'])}"
    memory += f"；压测进程（含数据生成）{mb(figures.bench_peak_kb)}"
    rows.append(figure_row(f"内存峰值（{memory}）", ""))
    return header + "\n\n" + table(rows)


def table(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "|".join("---" for _ in rows[0]) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows[1:]]
    return "\n".join(lines)
