"""Employment files: graduates, employers and jobs."""

urlpatterns: list = []
