"""Browser tests: Debian's Chromium driven by Playwright, against a real Parley server on the test database."""

import os
import shutil

import pytest

from tests.processes import free_port, process_env, start, stop, wait_for_port

# Playwright's sync API keeps an event loop running in this thread; the test's own ORM calls (fixtures) are
# still plain synchronous code, which Django would otherwise refuse next to a running loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("PARLEY_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    message = f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("PARLEY_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(message + "; PARLEY_REQUIRE_BROWSER=1 makes that a failure")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=message))
    config.issue_config_time_warning(pytest.PytestWarning("SKIPPED browser tests: " + message), stacklevel=2)


@pytest.fixture(scope="session")
def live_parley(django_db_setup, celery_queue):
    """The URL template of a Parley web server process (gunicorn would do too) serving this run's database."""
    port = free_port()
    env = process_env(CELERY_QUEUE=celery_queue, PARLEY_URL_TEMPLATE=f"http://{{host}}:{port}")
    proc = start(["manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"], env, "test-web")
    try:
        wait_for_port(port, proc)
        yield f"http://{{host}}:{port}"
    finally:
        stop(proc)


class CheckedBrowser:
    """The browser, with every page of every context it opens listened to for Content-Security-Policy violations
    (Chromium reports each one on the console)."""

    def __init__(self, browser):
        self._browser = browser
        self.violations: list[str] = []

    def new_context(self, **kwargs):
        context = self._browser.new_context(**kwargs)
        context.on("page", self._watch)
        return context

    def _watch(self, page):
        def on_console(message):
            if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
                self.violations.append(f"{page.url}: {message.text}")

        page.on("console", on_console)

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield CheckedBrowser(browser)
        browser.close()


@pytest.fixture(autouse=True)
def _no_csp_violations(request):
    """Every browser test runs with the policy enforced (config/settings.py) and fails on any violation."""
    if "browser" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("browser")
    browser.violations.clear()
    yield
    assert not browser.violations, "Content-Security-Policy violations:\n" + "\n".join(browser.violations)


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
