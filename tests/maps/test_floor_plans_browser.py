"""In a real headless Chromium: floor plans on the overview and the cluster map, the seat card, the phone."""

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from intrasim.world import AVATAR_ORIGIN
from occupancy.layouts.format import parse_layout
from occupancy.layouts.versions import save_version
from tests.browser import sign_in_as_staff, wait_until, window
from tests.conftest import manage_env, test_database_url_for_subprocesses
from tests.maps.conftest import make_campus, sit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(served_site):
    return served_site(manage_env(DATABASE_URL=test_database_url_for_subprocesses()))


def test_the_overview_of_a_1000_seat_campus_fits_one_1920x1080_screen_and_stays_live(browser, site, staff_user):
    campus = make_campus(clusters=("e1", "e2", "e3", "e4"), rows=13, posts=20)  # 1,040 seats
    sit(campus, "e3r13p20", "early")
    sign_in_as_staff(browser, site, staff_user)

    with window(browser, 1920, 1080):
        browser.get(site + "/campus/1/")
        wait_until(browser, lambda b: len(b.find_elements(By.CSS_SELECTOR, "svg[data-cluster] .seat")) == 1040,
                   message="every seat drawn")
        browser.execute_script("window.stillTheSamePage = true;")
        size = browser.execute_script(
            "const d = document.documentElement; return [d.scrollWidth, d.scrollHeight, innerWidth, innerHeight];")
        last_seat = browser.execute_script(
            "return document.querySelector('svg[data-cluster=e4] .seat:last-child').getBoundingClientRect().bottom")

        assert size[0] <= size[2] and size[1] <= size[3], f"the page is {size[:2]} in a {size[2:]} window"
        assert last_seat <= 1080
        assert browser.find_elements(By.CSS_SELECTOR, 'svg[data-cluster="e3"] .seat.taken[data-host="e3r13p20"]')

        sit(campus, "e2r1p1", "jdoe")

        wait_until(browser, lambda b: b.find_elements(By.CSS_SELECTOR, '[data-host="e2r1p1"].taken'), timeout=25,
                   message="the new seat taken")
        assert browser.find_element(By.CSS_SELECTOR, '[data-counts="e2"]').text == "1 taken, 259 free"
        browser.find_element(By.CSS_SELECTOR, 'a[href$="/cluster/e2/"]').click()
        wait_until(browser, lambda b: b.current_url.endswith("/campus/1/cluster/e2/"), message="the cluster opens")


def test_a_seat_card_shows_on_hover_and_on_keyboard_focus(browser, served_site, intra_sim, staff_user):
    # The pictures' host is the simulator, on loopback, as in the demo: the browser loads the picture from there.
    site = served_site(manage_env(DATABASE_URL=test_database_url_for_subprocesses(), INTRA_CDN_URL=intra_sim.url))
    picture = intra_sim.world.user_core(intra_sim.world.users[0])["image"]["link"].replace(AVATAR_ORIGIN,
                                                                                         intra_sim.url)
    campus = make_campus()
    sit(campus, "e1r2p2", "jdoe", begun_minutes_ago=13 * 60, avatar=picture)
    sign_in_as_staff(browser, site, staff_user)
    browser.get(site + "/campus/1/cluster/e1/")
    seat = wait_until(browser, lambda b: b.find_elements(By.CSS_SELECTOR, '.seat[data-host="e1r2p2"]'),
                      message="the plan")[0]
    card = browser.find_element(By.ID, "seat-card")

    assert "long" in seat.get_attribute("class")  # open longer than MAP_LONG_SESSION_HOURS (10 h)
    ActionChains(browser).move_to_element(seat).perform()
    wait_until(browser, lambda b: card.is_displayed(), message="the card on hover")
    assert "e1r2p2" in card.text and "jdoe" in card.text and "left logged in?" in card.text
    image = card.find_element(By.CSS_SELECTOR, "img.avatar")
    assert image.get_attribute("src") == picture and image.get_attribute("alt") == ""
    wait_until(browser, lambda b: b.execute_script("return arguments[0].complete && arguments[0].naturalWidth",
                                                   image), message="the picture loaded from the simulator")

    browser.find_element(By.TAG_NAME, "h1").click()
    wait_until(browser, lambda b: not card.is_displayed(), message="the card gone")
    for _ in range(80):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        if browser.switch_to.active_element.get_attribute("data-host") == "e1r2p1":
            break
    focused = browser.switch_to.active_element
    browser.save_screenshot("/tmp/g_cluster.png")
    assert focused.get_attribute("data-host") == "e1r2p1"
    assert focused.get_attribute("aria-label")== "e1r2p1: e1r2p1, free"
    assert card.is_displayed() and not card.find_elements(By.TAG_NAME, "img")  # a free seat: no picture
    ActionChains(browser).send_keys(Keys.TAB).perform()
    wait_until(browser, lambda b: "jdoe" in card.text and card.is_displayed(), message="the card on focus")
    assert browser.switch_to.active_element.get_attribute("aria-describedby") == "seat-card"


def test_a_phone_window_never_scrolls_the_page_sideways(browser, site, staff_user):
    campus = make_campus(clusters=("e1", "e2"), rows=8, posts=24)
    sit(campus, "e1r1p1", "averyverylonglogin")
    sign_in_as_staff(browser, site, staff_user)

    with window(browser, 390, 844, mobile=True):
        for path in ("/campus/1/", "/campus/1/cluster/e1/"):
            browser.get(site + path)
            wait_until(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "svg .seat"), message=path)
            width = browser.execute_script("return [document.documentElement.scrollWidth, innerWidth]")
            assert width[0] <= width[1], f"{path} is {width[0]} px wide in a {width[1]} px window"
        plan = browser.find_element(By.CSS_SELECTOR, ".map svg").rect
        assert plan["x"] >= 0 and plan["x"] + plan["width"] <= 390

        whole = shown_width(browser)
        pinch(browser, plan, spread=120)
        wait_until(browser, lambda b: shown_width(b) < whole * 0.8, message="the plan zoomed in by the pinch")
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
        browser.find_element(By.CSS_SELECTOR, '[data-zoom="all"]').click()
        assert shown_width(browser) == whole


def shown_width(browser):
    return float(browser.execute_script("return document.querySelector('.map svg').getAttribute('viewBox')").split()[2])


def pinch(browser, box, spread):
    """Two fingers on the plan's middle moving apart, as a phone's touch screen reports them."""
    x, y = box["x"] + box["width"] / 2, box["y"] + min(box["height"], 300) / 2

    def fingers(gap):
        return [{"x": x - gap, "y": y, "id": 1}, {"x": x + gap, "y": y, "id": 2}]

    browser.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": fingers(20)})
    for step in range(1, 6):
        browser.execute_cdp_cmd("Input.dispatchTouchEvent",
                                {"type": "touchMove", "touchPoints": fingers(20 + spread * step / 5)})
    browser.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def test_an_open_map_redraws_when_a_new_layout_version_is_saved(browser, site, staff_user):
    campus = make_campus()
    sign_in_as_staff(browser, site, staff_user)
    browser.get(site + "/campus/1/cluster/e1/")
    wait_until(browser, lambda b: b.find_elements(By.CSS_SELECTOR, ".seat"), message="the plan")
    browser.execute_script("window.stillTheSamePage = true;")

    save_version(campus, parse_layout("clusters:\n  - name: e1\n    seats: [{host: e1r1p1, x: 5, y: 3}]\n"),
                 source="test")

    wait_until(browser, lambda b: len(b.find_elements(By.CSS_SELECTOR, ".map .seat")) == 1, timeout=20,
               message="the new plan")
    assert browser.find_element(By.CSS_SELECTOR, '.seat[data-host="e1r1p1"]').get_attribute("transform") == (
        "translate(5 3)")
    assert browser.execute_script("return window.stillTheSamePage === true")


def test_the_wall_display_summary_shows_every_cluster_at_once_as_the_overview_does(browser, site):
    from occupancy.displays import create_display

    campus = make_campus(clusters=("e1", "e2", "e3"))
    sit(campus, "e2r1p1", "jdoe")
    _, token = create_display(created_by="amartin", name="Hall", campus=campus)

    with window(browser, 1920, 1080):
        browser.get(f"{site}/kiosk/{token}/?view=summary&rotate=5")
        wait_until(browser, lambda b: len(b.find_elements(By.CSS_SELECTOR, "#map figure .seat")) == 36,
                   message="every cluster's plan")
        figures = browser.find_elements(By.CSS_SELECTOR, "#map figure")
        assert [f.is_displayed() for f in figures] == [True, True, True]
        assert [f.find_element(By.TAG_NAME, "figcaption").text for f in figures] == [
            "e1: 12 free", "e2: 11 free", "e3: 12 free"]
        assert browser.find_elements(By.CSS_SELECTOR, '#map .seat.taken[data-host="e2r1p1"]')
        assert "jdoe" not in browser.page_source  # the display shows no logins
        assert all(f.rect["y"] + f.rect["height"] <= 1080 for f in figures)
