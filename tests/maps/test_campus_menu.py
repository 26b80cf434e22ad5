"""The other campuses are links: one opens when chosen, never while the arrow keys pass over it."""

import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.browser import sign_in_as_staff, wait_until
from tests.maps.conftest import make_campus


@pytest.fixture
def campuses(db):
    return [make_campus(1, "Paris"), make_campus(2, "Lyon"), make_campus(3, "Nice")]


@pytest.mark.django_db
def test_every_other_campus_is_a_link_and_no_handler_is_inline(staff_client, campuses):
    text = staff_client.get("/campus/1/drift/").content.decode()
    assert 'href="/campus/2/"' in text and 'href="/campus/3/"' in text
    assert "onchange=" not in text


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_arrow_keys_do_not_leave_the_page_and_a_chosen_campus_opens(live_site, browser, staff_user,
                                                                      campuses):
    sign_in_as_staff(browser, live_site, staff_user)
    page = live_site + "/campus/1/drift/"
    browser.get(page)

    control = browser.find_element(By.CSS_SELECTOR, "[data-campus-switch] summary, [data-campus-switch] select")
    control.send_keys(Keys.ARROW_DOWN)
    control.send_keys(Keys.ARROW_DOWN)
    time.sleep(1)  # a navigation, had it started, would have left by now
    assert browser.current_url == page

    control.send_keys(Keys.ENTER)
    browser.find_element(By.LINK_TEXT, "Lyon").click()
    wait_until(browser, lambda b: b.current_url.endswith("/campus/2/drift/") or b.current_url.endswith("/campus/2/"),
               timeout=10, message="Lyon")
