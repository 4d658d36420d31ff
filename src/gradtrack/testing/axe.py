"""axe-core (from the npm registry, node_modules/axe-core) run inside a page of the browser journeys.

The script is evaluated through Playwright rather than added as a <script> tag: the pages' Content-Security-
Policy forbids inline script, and the checks run with that policy in force.
"""

from functools import cache
from pathlib import Path

from django.conf import settings

BLOCKING_IMPACTS = ("serious", "critical")


@cache
def axe_source() -> str:
    path = Path(settings.NODE_MODULES) / "axe-core" / "axe.min.js"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `npm ci` (make test does)")
    return path.read_text(encoding="utf-8")


def violations(page, impacts=BLOCKING_IMPACTS) -> list[dict]:
    """The WCAG 2.x A/AA violations of the page as it is now, of the given impacts."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    result = page.evaluate(
        """async () => await window.axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
            resultTypes: ["violations"],
        })"""
    )
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [
                (node["target"], node.get("failureSummary", "").split("\n")[-1].strip())
                for node in violation["nodes"]
            ],
        }
        for violation in result["violations"]
        if violation["impact"] in impacts
    ]


def describe(found: list[dict]) -> str:
    lines = []
    for violation in found:
        lines.append(f"{violation['impact']}: {violation['id']} — {violation['help']}")
        lines.extend(f"  {target}: {why}" for target, why in violation["nodes"])
    return "\n".join(lines)
