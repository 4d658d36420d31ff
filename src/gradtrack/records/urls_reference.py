"""Reference data: departments and majors."""

urlpatterns: list = []
