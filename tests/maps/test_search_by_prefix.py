"""Search finds a login from its first letters, whatever the case, and suggests logins while one types."""

import pytest
from selenium.webdriver.common.by import By

from tests.browser import sign_in_as_staff, wait_until
from tests.maps.conftest import make_campus, sit


@pytest.fixture
def campus(db):
    campus = make_campus()
    sit(campus, "e1r1p1", "vavira")
    sit(campus, "e1r1p2", "vavasseu", ended=True)
    sit(campus, "e1r1p3", "jdoe")
    return campus


@pytest.mark.django_db
def test_the_first_letters_of_the_only_match_lead_to_their_seat(staff_client, campus):
    response = staff_client.get("/search", {"login": "VAVI"})
    assert response.status_code == 302 and "?seat=e1r1p1" in response["Location"]


@pytest.mark.django_db
def test_letters_several_logins_begin_with_list_them_seated_first(staff_client, campus):
    text = staff_client.get("/search", {"login": "vav"}).content.decode()
    assert text.index("vavira") < text.index("vavasseu")


@pytest.mark.django_db
def test_suggestions_come_seated_first_in_a_fixed_number_of_queries(staff_client, campus,
                                                                     django_assert_max_num_queries):
    for post in range(2, 5):
        for row in (2, 3):
            sit(campus, f"e1r{row}p{post}", f"vav{row}{post}", ended=True)
    with django_assert_max_num_queries(4):  # the session, the user, the logins, where the seated ones sit
        found = staff_client.get("/search/suggestions.json", {"login": "Va"}).json()["suggestions"]
    assert found[0] == {"login": "vavira", "seat": "e1r1p1"} and len(found) == 8


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_search_box_suggests_logins_while_one_types(live_site, browser, staff_user, campus):
    sign_in_as_staff(browser, live_site, staff_user)
    browser.get(live_site + "/status/")

    browser.find_element(By.ID, "search-login").send_keys("vav")

    wait_until(browser, lambda b: [option.get_attribute("value") for option in
                                   b.find_elements(By.CSS_SELECTOR, "#login-suggestions option")]
               == ["vavira", "vavasseu"], timeout=10, message="the suggestions")
