"""In a real headless Chromium: a seat's words stay inside it, and seats of the same post line up across rows."""

import pytest
from selenium.webdriver.common.by import By

from occupancy.models import Seat
from tests.browser import sign_in_as_staff, wait_until
from tests.maps.conftest import make_campus, sit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEATS = """
return Array.from(document.querySelectorAll('.map .seat')).map(function (seat) {
  var box = (seat.querySelector('.box') || seat).getBoundingClientRect();
  return {host: seat.dataset.host, left: box.left, right: box.right, top: box.top, bottom: box.bottom,
          words: Array.from(seat.querySelectorAll('tspan, .login, .detail')).filter(function (text) {
            return text.textContent.trim();
          }).map(function (text) {
            var r = text.getBoundingClientRect();
            return {text: text.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom};
          })};
});
"""


def test_words_stay_in_their_seat_and_posts_line_up_across_rows(browser, live_site, staff_user):
    campus = make_campus(clusters=("z3",), rows=3, posts=6, gaps=("z3r1p6",))  # a pillar ends row 1 (as in z3)
    Seat.objects.filter(host="z3r2p2").update(state="out_of_service", note="screen broken")
    Seat.objects.filter(host="z3r2p3").update(state="reserved", note="exam")
    sit(campus, "z3r2p1", "averyverylonglogin")
    sign_in_as_staff(browser, live_site, staff_user)

    for language in ("en", "fr"):
        browser.add_cookie({"name": "django_language", "value": language, "path": "/"})
        browser.get(live_site + "/campus/1/cluster/z3/")
        wait_until(browser, lambda b: b.find_elements(By.CSS_SELECTOR, '.seat[data-host="z3r2p2"]'), message="map")
        seats = {seat["host"]: seat for seat in browser.execute_script(SEATS)}

        for host in ("z3r2p1", "z3r2p2", "z3r2p3"):
            seat = seats[host]
            for word in seat["words"]:
                assert seat["left"] <= word["left"] and word["right"] <= seat["right"], (language, host, word)
                assert seat["top"] <= word["top"] and word["bottom"] <= seat["bottom"], (language, host, word)
        for post in range(1, 6):
            lefts = {round(seats[f"z3r{row}p{post}"]["left"]) for row in (1, 2, 3)}
            assert len(lefts) == 1, f"post {post} at {lefts} in rows 1 to 3"
