"""Re-placement requests in the graduate portal."""

app_name = "portal_replacement"
urlpatterns: list = []
