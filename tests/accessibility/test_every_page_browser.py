"""In a real headless Chromium: axe-core (pinned in package.json) finds no serious or critical
accessibility violation on any page, in English and in French, in light and dark."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from selenium.webdriver.common.by import By

from occupancy.displays import create_display
from occupancy.models import Seat
from tests.browser import sign_in_as_staff, wait_until
from tests.conftest import manage_env, test_database_url_for_subprocesses
from tests.maps.conftest import make_campus, sit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
STAFF_PAGES = ["/campus/1/", "/campus/1/cluster/e1/", "/campus/1/drift/", "/campus/1/layout/", "/seat/{seat}/",
               "/user/jdoe/", "/charts/", "/charts/pools/", "/charts/sessions/", "/charts/registrations/",
               "/displays/", "/status/", "/campus/1/cluster/zz9/"]


def serious_violations(browser):
    """What axe-core finds serious or critical on the open page: one line per rule, with a few of its nodes."""
    if not browser.execute_script("return typeof axe !== 'undefined'"):
        browser.execute_script(AXE.read_text())
    return browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        axe.run(document, { resultTypes: ["violations"] }).then((results) => done(results.violations
          .filter((v) => ["serious", "critical"].includes(v.impact))
          .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")} ${n.html.slice(0, 160)}`)
                                                    .join(" | ")}`)));
    """)


@pytest.mark.parametrize("language, theme", [("en", "light"), ("fr", "dark")])
def test_axe_finds_no_serious_violation_on_any_page(browser, served_site, staff_user, language, theme):
    campus = make_campus(clusters=("e1", "e2"), extra_hosts=["lab-imac-07"])
    sit(campus, "e1r1p2", "jdoe", begun_minutes_ago=11 * 60)
    Seat.objects.filter(host="e1r2p2").update(state="out_of_service", note="broken screen")
    _, token = create_display(created_by="amartin", name="Hall", campus=campus, show_logins=True)
    staff_user.user_permissions.add(Permission.objects.get(codename="edit_layout"))
    site = served_site(manage_env(DATABASE_URL=test_database_url_for_subprocesses()))
    browser.set_script_timeout(60)
    seat = Seat.objects.get(host="e1r1p2").id

    browser.get(site + "/accounts/login/")
    browser.add_cookie({"name": "django_language", "value": language, "path": "/"})
    browser.execute_script(f"localStorage.setItem('theme', '{theme}')")
    found = {"/accounts/login/": serious_violations(browser)}
    sign_in_as_staff(browser, site, staff_user)
    for path in [*STAFF_PAGES, f"/kiosk/{token}/"]:
        browser.get(site + path.format(seat=seat))
        wait_until(browser, lambda b: b.execute_script("return document.readyState") == "complete", message=path)
        if "/kiosk/" in path or "/campus/1/" in path and "zz9" not in path and "drift" not in path:
            wait_until(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "svg .seat"), message=f"{path} drawn")
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == language, path
        found[path] = serious_violations(browser)

    assert {path: rules for path, rules in found.items() if rules} == {}
