"""Every page names its icon, so that no browser asks for a /favicon.ico that does not exist (a 404 each page)."""

from django.contrib.staticfiles import finders
from django.test import Client

from occupancy.displays import create_display, revoke
from tests.maps.conftest import make_campus


def test_staff_pages_the_sign_in_page_and_wall_displays_name_an_icon_that_exists(staff_client, db):
    client = Client()  # not signed in
    campus = make_campus()
    display, token = create_display(created_by="amartin", name="Hall", campus=campus)
    pages = [staff_client.get(f"/campus/{campus.id}/"), client.get("/accounts/login/"), client.get(f"/kiosk/{token}/")]
    revoke(display)
    pages.append(client.get(f"/kiosk/{token}/"))

    for page in pages:
        assert b'rel="icon" href="/static/favicon.' in page.content, page.request["PATH_INFO"]
    assert finders.find("favicon.svg")
