"""Steps the browser journeys share."""

from gradtrack.testing import csp


def sign_in(page, live_server, user, password: str, *, next_path: str = "/") -> None:
    """Sign in through the login form (as staff do) and wait for `next_path`."""
    csp.watch(page)
    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}{next_path}")
