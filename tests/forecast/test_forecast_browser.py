"""In a real headless Chromium: the strip under a cluster's live count, the wall display's forecast line, the
forecast against what happened, and a young campus saying it has not enough history yet."""

from datetime import timedelta

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By

from occupancy.displays import create_display
from occupancy.forecast.store import compute_forecasts
from tests.browser import sign_in_as_staff, wait_until
from tests.conftest import manage_env, test_database_url_for_subprocesses
from tests.forecast.conftest import PARIS, add_history, usual_share
from tests.maps.conftest import make_campus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(served_site, browser, staff_user, settings):
    """Paris (e1: three weeks, busy every day three to five hours from now; e2: three days) with its forecast."""
    settings.FORECAST_REPLAY_DAYS = 3
    now = timezone.now()
    local = now.astimezone(PARIS)
    busy_hours = {(local.hour + offset) % 24 for offset in (3, 4, 5)}
    campus = make_campus(clusters=("e1", "e2"))

    def busy_later(moment):
        return 0.95 if moment.hour in busy_hours else usual_share(moment) * 0.5

    add_history(campus, first=(now - timedelta(days=21)).date(), until=now, share=busy_later)
    add_history(campus, cluster="e2", first=(now - timedelta(days=3)).date(), until=now, whole_campus=False)
    compute_forecasts(campus, now=now)
    url = served_site(manage_env(DATABASE_URL=test_database_url_for_subprocesses()))
    sign_in_as_staff(browser, url, staff_user)
    return url, campus, now


def test_the_cluster_map_shows_the_next_hours_or_that_history_is_too_short(browser, site):
    url, campus, now = site
    browser.get(f"{url}/campus/{campus.id}/cluster/e1/")

    hours = wait_until(browser, lambda b: b.find_elements(
        By.CSS_SELECTOR, '.forecast-strip[data-forecast="ok"] .forecast-hours li'), message="the forecast strip")
    assert len(hours) == 12
    assert hours[0].get_attribute("data-hour") == now.astimezone(PARIS).strftime("%H:00")
    busy = hours[3].find_element(By.CSS_SELECTOR, "[data-percent]").text
    assert int(busy.split()[0]) >= 80  # three hours from now e1 is nearly full, as every day
    assert browser.find_element(By.CSS_SELECTOR, ".forecast-median").size["height"] > 0
    best = browser.find_elements(By.CSS_SELECTOR, "[data-best-hour]")
    assert not best or best[0].text.startswith("Best time to find a seat today: ")

    browser.get(f"{url}/campus/{campus.id}/cluster/e2/")  # three days of history only

    strip = wait_until(browser, lambda b: b.find_element(By.CSS_SELECTOR, ".forecast-strip"), message="the strip")
    assert strip.get_attribute("data-forecast") == "short"
    assert "not enough history yet" in strip.text


def test_the_wall_display_says_when_the_cluster_fills_and_empties(browser, site):
    url, campus, now = site
    _, token = create_display(created_by="amartin", name="Hall", campus=campus, clusters=["e1", "e2"])
    local = now.astimezone(PARIS)
    start, after = ((local + timedelta(hours=hours)).strftime("%H:00") for hours in (3, 6))

    browser.get(f"{url}/kiosk/{token}/")

    lines = wait_until(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "[data-forecast-line]"),
                       message="the forecast line")
    assert [line.text for line in lines] == [f"e1: busy from {start}, seats again after {after}"]


def test_the_forecast_chart_draws_the_midnight_forecasts_against_what_happened(browser, site):
    url, campus, now = site
    day = now.astimezone(PARIS).date() - timedelta(days=2)
    browser.get(f"{url}/charts/forecast/?campus={campus.id}&cluster=e1&since={day}&until={day}")

    canvas = wait_until(browser, lambda b: b.find_element(By.CSS_SELECTOR, '#chart-forecast canvas[data-drawn="true"]'),
                        message="the forecast chart")
    assert canvas.size["height"] > 100
    assert browser.find_element(By.CSS_SELECTOR, '#chart-forecast a[download]').get_attribute("href").endswith(
        f"/charts/forecast/forecast.csv?campus={campus.id}&cluster=e1&since={day}&until={day}")
    assert browser.find_element(By.CSS_SELECTOR, '#chart-forecast [data-png="forecast"]')
    legend = browser.execute_script("return Chart.getChart(arguments[0]).data.datasets.map(d => d.label)", canvas)
    assert legend == ["taken at peak", "forecast median", "forecast p90", "forecast p10"]
