"""Headless Chromium from Debian's packages, driven by Selenium (never a browser download)."""

import shutil
import tempfile
from contextlib import contextmanager

import pytest
from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
                  "--window-size=1400,1000"]


@pytest.fixture(scope="session")
def chromium():
    profile = tempfile.mkdtemp(prefix="occupancy-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    service = webdriver.ChromeService(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def browser(chromium):
    """The shared Chromium, with no cookies left from the test before (a language chosen there, say)."""
    # Every domain's cookies: delete_all_cookies() only clears the page's own, and cookies ignore ports,
    # so one test's server would otherwise hand its cookies to the next one's.
    chromium.execute_cdp_cmd("Network.clearBrowserCookies", {})
    yield chromium
    chromium.get("about:blank")  # let go of the test server's connections before its database goes
    chromium.execute_cdp_cmd("Network.clearBrowserCookies", {})


@pytest.fixture
def live_site(live_server, settings):
    """The site served by Django's live server in this process (no ASGI push), static files from the sources."""
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    return live_server.url


def wait_until(browser, condition, timeout=20, message=""):
    """Poll condition until it is truthy; an element that a live page replaced meanwhile means: not yet."""
    return WebDriverWait(browser, timeout, poll_frequency=0.1,
                         ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)).until(
        lambda driver: condition(driver), message)


@contextmanager
def window(browser, width, height, *, mobile=False):
    """Pages see a viewport of exactly this size (mobile: a phone's, with touch) inside the block."""
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 3 if mobile else 1, "mobile": mobile})
    browser.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": mobile, "maxTouchPoints": 5})
    try:
        yield
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        browser.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": False})


def sign_in_as_staff(browser, base_url, user):
    """Give the browser a session of `user`, as a finished 42 sign-in would."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    browser.get(base_url + "/healthz")  # a page of the site's origin, so the cookie can be set for it
    browser.add_cookie({"name": "sessionid", "value": client.cookies["sessionid"].value, "path": "/"})
