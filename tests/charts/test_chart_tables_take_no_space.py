"""The tables kept for screen readers take no room on screen: no blank scroll, no page wider than a phone."""

import pytest

from tests.browser import sign_in_as_staff

MEASURE = """
var tables = Array.from(document.querySelectorAll('.chart table'));
return {height: document.documentElement.scrollHeight, width: document.documentElement.scrollWidth,
        viewport: window.innerWidth, tables: tables.length,
        readable: tables.every(function (table) {
          var style = getComputedStyle(table);
          return style.display !== 'none' && style.visibility !== 'hidden' && table.rows.length > 1;
        })};
"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_four_weeks_of_hourly_rows_add_no_blank_space_even_on_a_phone(live_site, browser, campus, staff_user):
    sign_in_as_staff(browser, live_site, staff_user)
    url = live_site + "/charts/?campus=1&since=2025-10-30&until=2025-11-26"  # 672 hourly rows

    browser.get(url)
    desktop = browser.execute_script(MEASURE)
    browser.set_window_size(390, 844)
    try:
        browser.get(url)
        phone = browser.execute_script(MEASURE)
    finally:
        browser.set_window_size(1400, 1000)

    assert desktop["tables"] == 6 and desktop["readable"]
    assert desktop["height"] < 4000, desktop
    assert phone["width"] <= phone["viewport"], phone
