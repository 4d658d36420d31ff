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


def portal_sign_in(page, live_server, graduate_user, password: str) -> None:
    """Sign in to the graduate portal with 学号 and password and wait for its home page."""
    csp.watch(page)
    page.goto(f"{live_server.url}/portal/login/")
    page.get_by_label("学号").fill(graduate_user.graduate.student_no)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/portal/")
