"""In a real headless Chromium: the cluster map of an imported drawing looks like the drawing, and lives."""

import re

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By

from occupancy.layouts.intra_plan import place_plans, read_plan
from occupancy.models import ClusterDrawing, Seat
from tests.browser import sign_in_as_staff, wait_until, window
from tests.clusters.conftest import REAL
from tests.conftest import manage_env, test_database_url_for_subprocesses
from tests.maps.conftest import make_campus, sit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SEOUL = REAL / "seoul_29_c1.svg"


@pytest.fixture
def site(served_site):
    return served_site(manage_env(DATABASE_URL=test_database_url_for_subprocesses()))


def drawn_centres():
    """{host: (x, y)} of each seat's centre in the drawing (Seoul's has no transforms: 16 by 20 rects)."""
    rects = re.findall(r'<rect id="(\w+)" height="20" width="16" x="([\d.]+)" y="([\d.]+)"', SEOUL.read_text())
    return {host: (float(x) + 8, float(y) + 10) for host, x, y in rects}


def test_an_imported_cluster_map_puts_seats_where_the_drawing_does_and_colours_them_live(browser, site, staff_user):
    campus = make_campus(29, "Seoul", clusters=("c1",), rows=0)
    drawn = drawn_centres()
    Seat.objects.bulk_create(Seat(campus=campus, host=host, cluster="c1", row=int(host[3:].split("s")[0]),
                                  post=int(host.split("s")[-1]), first_seen=timezone.now(), last_seen=timezone.now())
                             for host in drawn)
    record = ClusterDrawing.objects.create(id=1, campus=campus, name="C1", cdn_link="/cluster/image/1/c1.svg")
    assert read_plan(record, SEOUL.read_bytes(), now=timezone.now())
    place_plans(campus, [record])
    sit(campus, "c1r9s7", "jdoe")
    sign_in_as_staff(browser, site, staff_user)

    with window(browser, 1280, 1600):
        browser.get(site + "/campus/29/cluster/c1/")
        wait_until(browser, lambda b: len(b.find_elements(By.CSS_SELECTOR, ".map .seat")) == len(drawn),
                   message="every drawn seat")
        shown = browser.execute_script("""
            const centres = {};
            for (const seat of document.querySelectorAll('.map .seat')) {
              const box = seat.querySelector('.box').getBoundingClientRect();
              centres[seat.dataset.host] = [box.x + box.width / 2, box.y + box.height / 2];
            }
            return centres;""")
        # The map scales the drawing uniformly: fit scale and offset on the two seats farthest apart, then
        # every other seat must sit within a pixel of where the drawing puts it.
        first, last = min(drawn, key=lambda h: drawn[h]), max(drawn, key=lambda h: drawn[h])
        scale = (shown[last][0] - shown[first][0]) / (drawn[last][0] - drawn[first][0])
        assert scale > 0.5
        for host, (x, y) in drawn.items():
            assert shown[host][0] == pytest.approx(shown[first][0] + (x - drawn[first][0]) * scale, abs=1)
            assert shown[host][1] == pytest.approx(shown[first][1] + (y - drawn[first][1]) * scale, abs=1)
        assert browser.find_elements(By.CSS_SELECTOR, '.seat.taken[data-host="c1r9s7"]')
        assert browser.find_elements(By.CSS_SELECTOR, ".map .shapes .label")  # the drawing's row and seat numbers

        sit(campus, "c1r1s1", "alice")

        wait_until(browser, lambda b: b.find_elements(By.CSS_SELECTOR, '.seat.taken[data-host="c1r1s1"]'), timeout=25,
                   message="the seat taken live")

    # On a laptop's screen a tall drawing is not shrunk to the screen's height: its seats stay readable.
    with window(browser, 1400, 900):
        browser.get(site + "/campus/29/cluster/c1/")
        wait_until(browser, lambda b: len(b.find_elements(By.CSS_SELECTOR, ".map .seat")) == len(drawn),
                   message="every drawn seat")
        smallest = browser.execute_script("""return Math.min(...[...document.querySelectorAll('.map .seat .box')]
            .map((box) => Math.max(box.getBoundingClientRect().width, box.getBoundingClientRect().height)));""")
        assert smallest >= 40
