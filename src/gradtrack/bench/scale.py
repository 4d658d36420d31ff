"""How big the benchmark's school is (no Django imports: read before Django starts)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    graduates: int
    jobs: int
    changes: int  # change reports (tracking.ChangeReport, POLICY §3)
    employers: int
    history: int = 0  # history entries (core.HistoryEntry): a creation entry per graduate and job, then edits

    @classmethod
    def of(cls, factor: float = 1.0, **overrides: int | None) -> "Scale":
        """The issue's size (100,000 graduates, 300,000 jobs, 1,000,000 changes) times ``factor``; as many
        history entries as changes, and never fewer than one creation entry per graduate and job."""
        graduates = overrides.get("graduates") or max(50, round(100_000 * factor))
        jobs = overrides.get("jobs") or round(graduates * 3)
        changes = overrides.get("changes") or round(graduates * 10)
        employers = overrides.get("employers") or max(20, graduates // 20)
        history = overrides.get("history") or changes
        return cls(
            graduates=graduates,
            jobs=jobs,
            changes=changes,
            employers=employers,
            history=max(history, graduates + jobs),
        )
