"""Display tokens: creation, hashing, scope, revocation, last contact, privacy."""

from datetime import timedelta

import pytest
from django.utils import timezone

from occupancy.displays import create_display, hash_token
from occupancy.models import Display
from tests.maps.conftest import make_campus, sit

pytestmark = pytest.mark.django_db


@pytest.fixture
def campus(settings):
    settings.INTRA_CDN_URL = "https://cdn.intra.42.fr"
    campus = make_campus(clusters=("e1", "e2", "e3"))
    sit(campus, "e1r1p1", "jdoe", avatar="https://cdn.intra.42.fr/users/jdoe.jpg")
    return campus


def new_display(campus, **fields):
    return create_display(created_by="amartin", name="Hall", campus=campus, **fields)


def test_staff_create_a_display_and_see_its_address_once(staff_client, campus):
    response = staff_client.post("/displays/", {"name": "Hall", "campus": campus.id, "clusters": "e2, e1",
                                                "rotate_seconds": 15, "theme": "dark"})

    display = Display.objects.get()
    text = response.content.decode()
    url = text.split("data-kiosk-url>")[1].split("<")[0]
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert response.status_code == 200
    assert display.token_hash == hash_token(token) and token not in display.token_hash
    assert display.clusters == ["e2", "e1"] and display.show_logins is False
    assert token not in staff_client.get("/displays/").content.decode()


def test_a_bad_display_form_is_refused_with_the_reason(staff_client, campus):
    response = staff_client.post("/displays/", {"name": "Hall", "campus": campus.id, "rotate_seconds": 1,
                                                "theme": "dark"})
    assert response.status_code == 400
    assert "Ensure this value is greater than or equal to 5" in response.content.decode()


def test_the_token_opens_its_kiosk_page_and_data_without_a_login(client, campus):
    display, token = new_display(campus, clusters=["e2", "e1"])

    page = client.get(f"/kiosk/{token}/")
    data = client.get(f"/kiosk/{token}/data.json").json()

    assert page.status_code == 200 and "X-Frame-Options" not in page
    assert [c["name"] for c in data["clusters"]] == ["e2", "e1"]
    assert [s["cluster"] for s in data["summary"]] == ["e2", "e1"]
    assert data["summary"][1] == {"cluster": "e1", "label": "e1", "free": 11, "taken": 1}


def test_logins_and_pictures_are_hidden_in_the_html_and_the_json_unless_the_display_shows_them(client, campus):
    _, private = new_display(campus)
    _, public = new_display(campus, show_logins=True)

    for url in (f"/kiosk/{private}/", f"/kiosk/{private}/data.json"):
        text = client.get(url).content.decode()
        assert "jdoe" not in text and "avatar" not in text and "cdn.intra" not in text
    seats = [seat for cluster in client.get(f"/kiosk/{public}/data.json").json()["clusters"]
             for seat in cluster["seats"]]
    assert {seat.get("avatar") for seat in seats if seat["login"] == "jdoe"} == {
        "https://cdn.intra.42.fr/users/jdoe.jpg"}


def test_asking_for_clusters_cannot_widen_what_the_display_shows(client, campus):
    _, token = new_display(campus, clusters=["e1"])
    data = client.get(f"/kiosk/{token}/data.json", {"clusters": "e1,e3"}).json()
    assert [c["name"] for c in data["clusters"]] == ["e1"]


def test_a_revoked_or_unknown_token_gets_not_enabled_and_no_data(staff_client, client, campus):
    display, token = new_display(campus, show_logins=True)
    staff_client.post(f"/displays/{display.id}/revoke")

    for url in (f"/kiosk/{token}/", "/kiosk/not-a-token/"):
        page = client.get(url)
        assert page.status_code == 403
        assert "This display is not enabled." in page.content.decode()
        assert "jdoe" not in page.content.decode()
    data = client.get(f"/kiosk/{token}/data.json")
    assert data.status_code == 403 and data.json() == {"error": "this display is not enabled"}


def test_the_last_contact_time_is_kept(client, campus):
    display, token = new_display(campus)
    Display.objects.filter(pk=display.pk).update(last_contact_at=timezone.now() - timedelta(hours=2))

    client.get(f"/kiosk/{token}/data.json")

    display.refresh_from_db()
    assert timezone.now() - display.last_contact_at < timedelta(seconds=5)


def test_the_data_answers_304_while_nothing_changes(client, campus):
    _, token = new_display(campus)
    first = client.get(f"/kiosk/{token}/data.json")
    again = client.get(f"/kiosk/{token}/data.json", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


@pytest.mark.parametrize("path", ["/campus/{campus}/", "/campus/{campus}/cluster/e1.json", "/displays/",
                                  "/search?login=jdoe", "/charts/"])
def test_a_display_token_opens_no_other_page(client, campus, path):
    _, token = new_display(campus)
    url = path.format(campus=campus.id)

    for response in (client.get(url, {"token": token}), client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")):
        assert response.status_code in (302, 401, 403)
        assert "jdoe" not in response.content.decode()
