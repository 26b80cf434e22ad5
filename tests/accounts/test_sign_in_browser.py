"""In a real headless Chromium: staff sign in through the simulator's authorize page; students are refused."""

import pytest
from selenium.webdriver.common.by import By

from tests.browser import wait_until
from tests.conftest import manage_env, test_database_url_for_subprocesses

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(intra_sim, served_site):
    return served_site(manage_env(
        DATABASE_URL=test_database_url_for_subprocesses(), INTRA_API_URL=intra_sim.url,
        INTRA_CLIENT_ID="occupancy-demo", INTRA_CLIENT_SECRET="occupancy-demo-secret",
    ))


def sign_in(browser, site, login):
    browser.get(site + "/")
    wait_until(browser, lambda b: "/accounts/login/" in b.current_url, message="the sign-in page")
    browser.find_element(By.CSS_SELECTOR, "[data-sign-in]").click()
    button = wait_until(browser, lambda b: b.find_elements(By.CSS_SELECTOR, f'button[data-login="{login}"]'),
                        message="the intra's authorize page")
    button[0].click()


def test_a_staff_member_signs_in_lands_on_the_dashboard_and_signs_out(browser, site, intra_sim):
    sign_in(browser, site, "amartin")

    user = wait_until(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "[data-user]"), message="signed in")
    assert user[0].text == "amartin"
    assert browser.current_url.startswith(site)
    browser.find_element(By.CSS_SELECTOR, "[data-sign-out]").click()
    wait_until(browser, lambda b: "/accounts/login/" in b.current_url or b.find_elements(By.CSS_SELECTOR,
                                                                                         "[data-sign-in]"))
    browser.get(site + "/status/")
    assert "/accounts/login/" in browser.current_url


def test_a_student_is_refused_with_the_explanation(browser, site, intra_sim):
    student = intra_sim.world.student_logins(1)[0]

    sign_in(browser, site, student)

    refused = wait_until(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "[data-refused]"), message="refused")
    assert refused[0].text == f"Occupancy is for 42 staff; {student} is a student account."
    browser.get(site + "/status/")
    assert "/accounts/login/" in browser.current_url
