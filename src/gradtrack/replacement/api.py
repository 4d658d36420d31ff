"""API v1 endpoints of this app; api/urls.py calls register(router)."""


def register(router) -> None:
    """Add this app's viewsets to the v1 router."""
