"""The graduate portal (phone first): graduates sign in with 学号 + password and see only their own file."""

app_name = "portal"
urlpatterns: list = []
