"""Real-browser journeys: Playwright drives Debian's Chromium (/usr/bin/chromium); no browser is downloaded.

Use the ``browser`` fixture from a test marked ``@pytest.mark.browser`` together with pytest-django's
``live_server``: ``page = browser.new_page(phone=True)`` gives a 390×844 phone viewport. A failing journey
leaves a screenshot under var/screenshots/.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("GRADTRACK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
SCREENSHOTS = Path(os.environ.get("GRADTRACK_VAR_DIR", "var")) / "screenshots"


class Browser:
    def __init__(self, playwright_browser, test_name: str):
        self._browser = playwright_browser
        self._test_name = test_name
        self.pages = []

    def new_page(self, *, phone: bool = False):
        context = self._browser.new_context(
            viewport=PHONE if phone else DESKTOP,
            locale="zh-CN",
            is_mobile=phone,
            has_touch=phone,
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        self.pages.append(page)
        return page

    def screenshot_all(self) -> list[Path]:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        paths = []
        for index, page in enumerate(self.pages):
            path = SCREENSHOTS / f"{self._test_name}-{index}.png"
            try:
                page.screenshot(path=str(path), full_page=True)
                paths.append(path)
            except Exception:  # noqa: BLE001 - a page that cannot be captured must not hide the real failure
                pass
        return paths


@pytest.fixture(scope="session")
def _chromium():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package (.ci/run does)")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test body are safe
    # here because the live server runs in its own thread with its own connection.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.stash[_REPORT_KEY] = report


_REPORT_KEY = pytest.StashKey()


@pytest.fixture
def browser(request, _chromium):
    wrapper = Browser(_chromium, request.node.name.replace("/", "_"))
    yield wrapper
    report = request.node.stash.get(_REPORT_KEY, None)
    if report is not None and report.failed:
        wrapper.screenshot_all()
    for page in wrapper.pages:
        page.context.close()
