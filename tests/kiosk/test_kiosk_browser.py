"""In a real headless Chromium: the wall display shows the map, rotates, survives the server going away."""

import time

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from occupancy.displays import create_display
from tests.browser import wait_until
from tests.conftest import Gunicorn, manage_env, test_database_url_for_subprocesses
from tests.maps.conftest import make_campus, sit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def server():
    server = Gunicorn(manage_env(DATABASE_URL=test_database_url_for_subprocesses())).start()
    yield server
    server.stop()


def test_the_wall_display_rotates_hides_logins_and_never_goes_blank(browser, server):
    campus = make_campus(clusters=("e1", "e2", "e3"))
    sit(campus, "e1r1p1", "jdoe")
    _, token = create_display(created_by="amartin", name="Hall", campus=campus, clusters=["e1", "e2"])

    browser.get(f"{server.url}/kiosk/{token}/?rotate=5&scale=1.2&theme=purple")

    wait_until(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#map .seat.taken"), message="the map")
    assert browser.find_element(By.ID, "cluster-name").text == "e1"
    assert "jdoe" not in browser.page_source
    assert "theme=purple: ignored" in browser.find_element(By.ID, "notice").text
    wait_until(browser, lambda b: b.find_element(By.ID, "cluster-name").text == "e2", timeout=10,
               message="the rotation to e2")

    server.stop()
    banner = wait_until(browser, lambda b: b.find_element(By.ID, "stale").is_displayed()
                        and b.find_element(By.ID, "stale"), timeout=25, message="the stale banner")
    assert banner.text.startswith("stale since ")
    assert browser.find_elements(By.CSS_SELECTOR, "#map .seat")  # the last data stays on screen

    server.start()
    wait_until(browser, lambda b: not b.find_element(By.ID, "stale").is_displayed(), timeout=40,
               message="recovery after the server came back")
    assert browser.find_elements(By.CSS_SELECTOR, "#map .seat")


def test_rotation_pauses_while_someone_moves_the_mouse(browser, server):
    campus = make_campus(clusters=("e1", "e2", "e3"))
    _, token = create_display(created_by="amartin", name="Hall", campus=campus, clusters=["e1", "e2", "e3"])
    browser.get(f"{server.url}/kiosk/{token}/?rotate=5")
    wait_until(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#map .seat"), message="the map")

    shown = set()
    for _ in range(8):  # someone plays with the mouse for longer than a rotation
        ActionChains(browser).move_by_offset(3, 3).move_by_offset(-3, -3).perform()
        shown.add(browser.find_element(By.ID, "cluster-name").text)
        time.sleep(1)

    assert shown == {"e1"}
