"""In a real headless Chromium: a session open for days names its day and duration on the map's seat, its card
and the wall display, while today's shows its time."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from occupancy.displays import create_display
from tests.browser import sign_in_as_staff, wait_until
from tests.maps.conftest import make_campus, sit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOUR_DAYS_TWO_HOURS = (4 * 24 + 2) * 60 + 5


def detail_of(browser, host):
    return browser.find_element(By.CSS_SELECTOR, f'.seat[data-host="{host}"] .detail').text


def test_a_session_open_for_days_shows_its_day_and_duration_everywhere_a_seat_is_drawn(browser, live_site, staff_user):
    campus = make_campus()
    sit(campus, "e1r1p1", "jdoe", begun_minutes_ago=FOUR_DAYS_TWO_HOURS)
    sit(campus, "e1r1p2", "ana", begun_minutes_ago=1)
    weekday = (timezone.now() - timedelta(minutes=FOUR_DAYS_TWO_HOURS)).astimezone(ZoneInfo("Europe/Paris"))
    weekday = weekday.strftime("%a")
    _, token = create_display(created_by="amartin", name="Hall", campus=campus, show_logins=True)
    sign_in_as_staff(browser, live_site, staff_user)

    browser.get(live_site + "/campus/1/cluster/e1/")
    seat = wait_until(browser, lambda b: b.find_elements(By.CSS_SELECTOR, '.seat[data-host="e1r1p1"]'),
                      message="the plan")[0]
    assert detail_of(browser, "e1r1p1") == f"{weekday} · 4 d 2 h"
    assert re.fullmatch(r"\d\d:\d\d", detail_of(browser, "e1r1p2"))
    ActionChains(browser).move_to_element(seat).perform()
    card = wait_until(browser, lambda b: b.find_element(By.ID, "seat-card").is_displayed()
                      and b.find_element(By.ID, "seat-card"), message="the seat card")
    assert re.search(rf"{weekday}, \w+ \d+ \d\d:\d\d · 4 d 2 h", card.text)  # e.g. Wed, Nov 25 13:24

    browser.get(f"{live_site}/kiosk/{token}/")
    wait_until(browser, lambda b: detail_of(b, "e1r1p1") == f"{weekday} · 4 d 2 h", timeout=10,
               message="the wall display's seat")
