"""Playwright for Python driving Debian's Chromium against the live test server."""

import os
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = "/usr/bin/chromium"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # themselves are synchronous and safe. Set only while the browser runs.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser, request, live_server):
    context = browser.new_context(locale="bg-BG", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        # A screenshot is kept on failure, for the CI log to point at.
        shots = Path(settings.BASE_DIR) / "var" / "e2e-screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / f"{request.node.name}.png"), full_page=True)
    context.close()
