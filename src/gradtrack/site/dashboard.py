"""The 工作台 is assembled from panels that each capability contributes from its own app.

Each is a function ``panel(request) -> dict | None`` returning at least ``template`` (rendered with the dict as
``panel``) and ``order``; None hides the panel for that user.
"""

from gradtrack.replacement import dashboard as replacement_dashboard
from gradtrack.stats import dashboard as stats_dashboard
from gradtrack.surveys import dashboard as surveys_dashboard
from gradtrack.tracking import dashboard as tracking_dashboard

PANELS = [
    surveys_dashboard.panel,
    tracking_dashboard.panel,
    replacement_dashboard.panel,
    stats_dashboard.panel,
]


def panels_for(request) -> list[dict]:
    panels = [panel(request) for panel in PANELS]
    return sorted((p for p in panels if p), key=lambda p: p.get("order", 100))
