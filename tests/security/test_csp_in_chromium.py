"""In a real headless Chromium: no page breaks the Content-Security-Policy, in English and French, and an
injected script is blocked rather than run."""

import pytest
from django.contrib.auth.models import Permission
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from occupancy.displays import create_display
from occupancy.models import Seat
from tests.accessibility.test_every_page_browser import STAFF_PAGES
from tests.browser import sign_in_as_staff, wait_until
from tests.conftest import manage_env, test_database_url_for_subprocesses
from tests.maps.conftest import make_campus, sit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any script of each page (and is not itself subject to the page's policy): every violation the
# browser sees is kept on window.__violations, in the order it happened.
LISTEN = """window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => window.__violations.push(
  `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} (${event.disposition})`));"""
PAYLOAD = '<img src=x onerror="window.__ran = 1"><script>window.__ran = 2</script>'


@pytest.fixture
def site(served_site, staff_user, browser):
    campus = make_campus(clusters=("e1", "e2"), extra_hosts=["lab-imac-07"])
    sit(campus, "e1r1p2", "jdoe", begun_minutes_ago=11 * 60)
    staff_user.user_permissions.add(Permission.objects.get(codename="edit_layout"))
    listener = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": LISTEN})
    yield served_site(manage_env(DATABASE_URL=test_database_url_for_subprocesses()))
    browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", listener)


def violations(browser):
    seen = browser.execute_script("return window.__violations || []")
    console = [entry["message"] for entry in browser.get_log("browser")
               if "Content Security Policy" in entry["message"]]
    return seen + console


def open_page(browser, url):
    browser.get(url)
    wait_until(browser, lambda b: b.execute_script("return document.readyState") == "complete", message=url)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_no_page_breaks_the_policy(browser, site, staff_user, language):
    _, token = create_display(created_by="amartin", name="Hall", campus=Seat.objects.first().campus,
                              show_logins=True)
    seat = Seat.objects.get(host="e1r1p2").id
    found = {}

    open_page(browser, site + "/accounts/login/")
    browser.add_cookie({"name": "django_language", "value": language, "path": "/"})
    for path in ["/accounts/login/", "/accounts/intra42/login/", "/kiosk/revoked-or-unknown/"]:
        open_page(browser, site + path)
        found[path] = violations(browser)
    sign_in_as_staff(browser, site, staff_user)
    browser.add_cookie({"name": "django_language", "value": language, "path": "/"})
    for path in [*STAFF_PAGES, "/charts/forecast/", "/accounts/logout/", "/no-such-page/", f"/kiosk/{token}/"]:
        open_page(browser, site + path.format(seat=seat))
        if "/kiosk/" in path or path in ("/campus/1/", "/campus/1/cluster/e1/"):
            wait_until(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "svg .seat"), message=f"{path} drawn")
        if path.startswith("/charts/") and "registrations" not in path:
            wait_until(browser, lambda b: b.execute_script("return !!window.Chart"), message=f"{path} charts")
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == language, path
        found[path] = violations(browser)

    assert {path: seen for path, seen in found.items() if seen} == {}


def test_a_seat_note_with_a_script_is_neither_run_nor_allowed(browser, site, staff_user):
    seat = Seat.objects.get(host="e1r1p2")
    sign_in_as_staff(browser, site, staff_user)
    open_page(browser, f"{site}/seat/{seat.id}/")
    Select(browser.find_element(By.NAME, "state")).select_by_value("out_of_service")
    note = browser.find_element(By.NAME, "note")
    note.clear()
    note.send_keys(PAYLOAD)
    note.submit()
    wait_until(browser, lambda b: PAYLOAD in b.find_element(By.TAG_NAME, "dl").text, message="note shown")

    for path in (f"/seat/{seat.id}/", "/campus/1/cluster/e1/"):
        open_page(browser, site + path)
        assert browser.execute_script("return window.__ran") is None, path

    # Were a template to let it through as markup, the policy blocks it and says so.
    browser.execute_script("document.body.insertAdjacentHTML('beforeend', arguments[0])", PAYLOAD)
    wait_until(browser, lambda b: any("script-src" in seen for seen in violations(b)), message="blocked")
    assert browser.execute_script("return window.__ran") is None
    assert all("(enforce)" in seen for seen in browser.execute_script("return window.__violations"))
