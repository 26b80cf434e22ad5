"""The README's screenshots, taken in headless Chromium: `pytest tests/maps/screenshots.py` rewrites docs/screenshots/.

Not a test (its name keeps it out of the suite): a 1,000-seat campus with a drawn cluster, taken at
1920x1080 and at a phone's size.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from selenium.webdriver.common.by import By

from occupancy.displays import create_display
from occupancy.layouts.format import parse_layout
from occupancy.layouts.versions import save_version
from occupancy.models import Campus, Location, Seat, SyncState
from tests.browser import sign_in_as_staff, wait_until, window
from tests.conftest import manage_env, test_database_url_for_subprocesses

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
LOGINS = ["amartin", "bcosta", "cdupont", "dnguyen", "ebernard", "fgarcia", "gpetit", "hmoreau", "ilaurent",
          "jsimon", "kmichel", "llefebvre", "mleroy", "nroux", "odavid", "pbertrand", "qmorel", "rfournier"]


def drawn_room():
    """e1 as a room: three islands of two rows back to back, walls, a pillar, the entrance, labels."""
    seats, host = [], 0
    for island, (left, top) in enumerate([(0, 0), (0, 4), (10, 0)]):
        for side in range(2):
            for post in range(8 if island < 2 else 6):
                host += 1
                seats.append(f"      - {{host: e1s{host}, x: {left + post}, y: {top + side}"
                             f"{', rotate: 180' if side else ''}}}")
    lines = ["clusters:", "  - name: e1", "    label: Hopper room", "    order: 0", "    seats:", *seats,
             "    shapes:",
             "      - {kind: wall, x: -1.5, y: -1.5, w: 19, h: 0.2}",
             "      - {kind: wall, x: -1.5, y: 7.3, w: 19, h: 0.2}",
             "      - {kind: wall, x: -1.5, y: -1.5, w: 0.2, h: 9}",
             "      - {kind: wall, x: 17.3, y: -1.5, w: 0.2, h: 6}",
             "      - {kind: entrance, x: 17.3, y: 4.6, w: 0.3, h: 2.5}",
             "      - {kind: pillar, x: 12, y: 4.5, w: 0.8, h: 0.8}",
             "      - {kind: desk, x: 10, y: 5.5, w: 2, h: 1}",
             "      - {kind: label, x: 10, y: 6.6, text: Staff desk}",
             "      - {kind: label, x: 14.6, y: 5.3, text: Entrance}",
             "      - {kind: label, x: 0, y: -1.2, text: Windows}"]
    for order, name in enumerate(("e2", "e3", "e4"), start=1):
        lines += [f"  - name: {name}", f"    order: {order}", "    rows:",
                  *[f"      - {{row: {row}, posts: 22}}" for row in range(1, 15)]]
    return "\n".join(lines) + "\n"


def build_campus():
    campus = Campus.objects.create(id=1, name="Paris", time_zone="Europe/Paris")
    now = timezone.now()
    hosts = [f"e1s{n}" for n in range(1, 45)]
    hosts += [f"{c}r{r}p{p}" for c in ("e2", "e3", "e4") for r in range(1, 15) for p in range(1, 23)]
    seats = Seat.objects.bulk_create(
        Seat(campus=campus, host=host, cluster=host[:2], row=None if host.startswith("e1") else int(
            host.split("r")[1].split("p")[0]), post=None if host.startswith("e1") else int(host.split("p")[1]),
            first_seen=now, last_seen=now) for host in hosts)
    Location.objects.bulk_create(
        Location(id=n, campus=campus, seat=seat, user_id=10_000 + n, login=f"{LOGINS[n % len(LOGINS)]}{n // 40 or ''}",
                 begin_at=now - timedelta(minutes=(n * 37) % 840 + 5))
        for n, seat in enumerate(seats) if (n * 7) % 10 < 6)
    Seat.objects.filter(host__in=["e1s5", "e3r2p4"]).update(state="out_of_service", note="screen broken")
    Seat.objects.filter(host="e2r5p5").update(state="reserved", note="exam")
    SyncState.objects.update_or_create(feed="locations", defaults={"last_success_at": now})
    save_version(campus, parse_layout(drawn_room()), source="file paris.yaml", saved_by="amartin")
    return campus


def shot(browser, name, *, width, height, mobile=False, ready="svg .seat"):
    with window(browser, width, height, mobile=mobile):
        browser.refresh()
        wait_until(browser, lambda b: b.find_elements(By.CSS_SELECTOR, ready), message=name)
        browser.execute_script("document.activeElement.blur()")
        browser.save_screenshot(str(OUT / f"{name}.png"))


def test_take_the_screenshots(browser, served_site, staff_user):
    OUT.mkdir(parents=True, exist_ok=True)
    campus = build_campus()
    staff_user.user_permissions.add(Permission.objects.get(codename="edit_layout"))
    _, token = create_display(created_by="amartin", name="Hall", campus=campus, clusters=["e1", "e2"])
    site = served_site(manage_env(DATABASE_URL=test_database_url_for_subprocesses()))
    sign_in_as_staff(browser, site, staff_user)
    pages = [("overview", "/campus/1/"), ("cluster", "/campus/1/cluster/e1/"), ("editor", "/campus/1/layout/"),
             ("wall-display", f"/kiosk/{token}/"), ("wall-display-summary", f"/kiosk/{token}/?view=summary")]
    for name, path in pages:
        browser.get(site + path)
        shot(browser, f"{name}-1920x1080", width=1920, height=1080)
        shot(browser, f"{name}-phone", width=390, height=844, mobile=True)
