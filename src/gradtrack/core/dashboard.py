"""The 工作台 is assembled from panels that each capability contributes from its own app.

Each entry is a dotted path to a function ``panel(request) -> dict | None`` returning at least ``template``
(rendered with the dict as ``panel``) and ``order``; None hides the panel for that user.
"""

from django.utils.module_loading import import_string

PANELS: list[str] = [
    "gradtrack.surveys.dashboard.panel",
    "gradtrack.tracking.dashboard.panel",
    "gradtrack.replacement.dashboard.panel",
    "gradtrack.stats.dashboard.panel",
]


def panels_for(request) -> list[dict]:
    panels = [import_string(path)(request) for path in PANELS]
    return sorted((p for p in panels if p), key=lambda p: p.get("order", 100))
