"""In a real headless Chromium: open pages follow what the sync writes without a reload."""

from datetime import timedelta

import pytest
from selenium.webdriver.common.by import By

from occupancy.models import Seat
from occupancy.sync.backfill import backfill_locations
from occupancy.sync.locations import sync_locations
from tests.browser import sign_in_as_staff, wait_until
from tests.conftest import manage_env, test_database_url_for_subprocesses
from tests.intra.conftest import client_for
from tests.maps.conftest import make_campus, sit
from tests.sync.conftest import campus_ids_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_seat_turns_taken_on_an_open_map_without_a_reload(browser, intra_sim, served_site, staff_user):
    client = client_for(intra_sim)
    campuses = campus_ids_of(intra_sim)
    now = intra_sim.clock.now()
    backfill_locations(client, campus_id=1, since=now - timedelta(days=1), until=now)
    sync_locations(client, campus_ids=campuses, now=now)
    site = served_site(manage_env(DATABASE_URL=test_database_url_for_subprocesses()))
    sign_in_as_staff(browser, site, staff_user)
    browser.get(site + "/campus/1/cluster/e1/")
    wait_until(browser, lambda b: b.find_elements(By.CSS_SELECTOR, ".seat.free"), message="the map")
    browser.execute_script("window.stillTheSamePage = true; document.querySelector('.map').scrollLeft = 40;")
    free = {element.get_attribute("data-host")
            for element in browser.find_elements(By.CSS_SELECTOR, ".seat.free:not(.unseen)")}

    # Let simulated time pass until someone sits down at one of the seats this page shows free.
    newcomer = None
    for _ in range(288):  # at most a simulated day
        if newcomer is not None:
            break
        intra_sim.clock.advance(300)
        active = intra_sim.world.active_locations(intra_sim.clock.now(), 1)
        newcomer = next((item for item in active if item["host"] in free), None)
    assert newcomer, f"nobody sat at any of {len(free)} free seats in a simulated day"
    sync_locations(client, campus_ids=campuses, now=intra_sim.clock.now())
    seat = Seat.objects.get(campus_id=1, host=newcomer["host"])

    cell = wait_until(browser, lambda b: b.find_elements(By.CSS_SELECTOR, f"#seat-{seat.id}.taken"), timeout=20,
                      message="the seat turning taken")[0]
    assert newcomer["user"]["login"] in cell.text
    assert browser.execute_script("return window.stillTheSamePage === true")


def test_the_campus_overview_keeps_its_counts_and_the_sync_age_live(browser, served_site, staff_user):
    campus = make_campus(clusters=("e1", "e2"))
    site = served_site(manage_env(DATABASE_URL=test_database_url_for_subprocesses()))
    sign_in_as_staff(browser, site, staff_user)
    browser.get(site + "/campus/1/")
    browser.execute_script("window.stillTheSamePage = true;")

    def e1(b):
        return b.find_element(By.CSS_SELECTOR, 'a[href$="/cluster/e1/"]').text

    def age(b):
        return b.find_element(By.CSS_SELECTOR, "[data-freshness]").text

    assert "0 taken, 12 free" in e1(browser)
    shown = age(browser)
    wait_until(browser, lambda b: age(b) != shown, timeout=5, message="the sync age counting up")

    sit(campus, "e1r1p1", "jdoe")

    wait_until(browser, lambda b: "1 taken, 11 free" in e1(b), timeout=25, message="the new count")
    assert browser.execute_script("return window.stillTheSamePage === true")
