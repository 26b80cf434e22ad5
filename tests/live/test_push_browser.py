"""In a real headless Chromium: a session the intra begins reaches an open map and a wall display within
2 s through the webhook and the push stream, and the display recovers by itself from a web server restart."""

import time
from datetime import timedelta

import pytest
from selenium.webdriver.common.by import By

from occupancy.displays import create_display
from occupancy.models import Campus
from occupancy.sync.backfill import backfill_locations
from occupancy.sync.locations import sync_locations
from tests.browser import sign_in_as_staff, wait_until
from tests.conftest import Gunicorn, manage_env, test_database_url_for_subprocesses
from tests.intra.conftest import client_for
from tests.sync.conftest import campus_ids_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "browser-test-secret"
PUSHED_WITHIN = 2.0


@pytest.fixture
def site():
    server = Gunicorn(manage_env(DATABASE_URL=test_database_url_for_subprocesses(), INTRA_WEBHOOK_SECRET=SECRET,
                                 SYNC_LOCATIONS_EVERY="3600")).start()
    yield server
    server.stop()


def next_session_at(sim, hosts, after):
    """The first session of campus 1 that begins after `after` at one of `hosts`."""
    return next(s for s in sim.world.sessions if s[1] > after and s[4] == 1 and s[5] in hosts)


def seat_is_taken(browser, host):
    return browser.find_elements(By.CSS_SELECTOR, f'.seat[data-host="{host}"].taken')


def sit_down_and_watch(sim, tabs, browser, free):
    """Let the simulated clock reach the next session at a free seat; returns (host, seconds to each tab)."""
    _, begin, _, _, _, host = next_session_at(sim, free, sim.clock.now())
    sim.clock.move_to(begin - timedelta(seconds=1))
    assert sim.webhooks.wait_idle()
    time.sleep(0.5)  # the pages fetch what the deliveries of the gap changed
    started = time.monotonic()
    sim.clock.advance(2)
    seen = []
    for tab in tabs:
        browser.switch_to.window(tab)
        wait_until(browser, lambda b: seat_is_taken(b, host), timeout=10, message=f"{host} taken")
        seen.append(time.monotonic() - started)
    return host, seen


def test_a_session_begun_on_the_intra_shows_within_2_s_and_the_display_survives_a_restart(
        browser, intra_sim_factory, site, staff_user):
    sim = intra_sim_factory(webhook_url=f"{site.url}/webhooks/intra/", webhook_secret=SECRET)
    client = client_for(sim)
    now = sim.clock.now()
    backfill_locations(client, campus_id=1, since=now - timedelta(hours=6), until=now)
    sync_locations(client, campus_ids=campus_ids_of(sim), now=now)
    _, token = create_display(created_by="amartin", name="Hall", campus=Campus.objects.get(id=1), clusters=["e1"])

    sign_in_as_staff(browser, site.url, staff_user)
    browser.get(site.url + "/campus/1/cluster/e1/")
    wait_until(browser, lambda b: b.find_elements(By.CSS_SELECTOR, ".seat.free"), message="the map")
    free = {e.get_attribute("data-host") for e in browser.find_elements(By.CSS_SELECTOR, ".seat.free")}
    map_tab = browser.current_window_handle
    browser.switch_to.new_window("tab")
    browser.get(f"{site.url}/kiosk/{token}/")
    wait_until(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#map .seat"), message="the display")
    kiosk_tab = browser.current_window_handle
    for tab in (map_tab, kiosk_tab):
        browser.switch_to.window(tab)
        wait_until(browser, lambda b: b.execute_script("return document.documentElement.dataset.stream") == "live",
                   message="the push stream open")
    browser.execute_script("window.stillTheSamePage = true;")

    host, seconds = sit_down_and_watch(sim, (map_tab, kiosk_tab), browser, free)
    assert max(seconds) < PUSHED_WITHIN, f"{host} took {seconds} s to show on the map and the display"

    site.stop()
    wait_until(browser, lambda b: b.execute_script("return document.documentElement.dataset.stream")
               == "disconnected", timeout=10, message="the display noticing the server went away")
    assert browser.find_elements(By.CSS_SELECTOR, "#map .seat")  # the last data stays on screen
    assert browser.find_element(By.ID, "stream-state").is_displayed()  # and it says it is reconnecting
    site.start()
    wait_until(browser, lambda b: b.execute_script("return document.documentElement.dataset.stream") == "live",
               timeout=30, message="the display reconnecting by itself")
    assert not browser.find_element(By.ID, "stream-state").is_displayed()
    free = {e.get_attribute("data-host") for e in browser.find_elements(By.CSS_SELECTOR, "#map .seat.free")}
    host, seconds = sit_down_and_watch(sim, (kiosk_tab,), browser, free)
    assert max(seconds) < PUSHED_WITHIN, f"after the restart {host} took {seconds} s"
    assert browser.execute_script("return window.stillTheSamePage === true")  # no reload: it recovered live
    browser.close()
    browser.switch_to.window(map_tab)
