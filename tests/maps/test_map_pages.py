"""The map pages and their JSON on PostgreSQL: placed, unplaced, out of service, layout, drift, bad input."""

from datetime import timedelta

import pytest
from django.utils import timezone

from occupancy.layouts.format import parse_layout
from occupancy.layouts.versions import save_version
from occupancy.models import Seat
from tests.maps.conftest import make_campus, sit

pytestmark = pytest.mark.django_db


def seat_json(response, host):
    return next(seat for seat in response.json()["seats"] if seat["host"] == host)


def test_the_overview_shows_each_cluster_with_taken_and_free_seats(staff_client):
    campus = make_campus(clusters=("e1", "e2"), extra_hosts=["lab-imac-07"])
    sit(campus, "e1r1p1", "jdoe")

    page = staff_client.get(f"/campus/{campus.id}/")

    text = page.content.decode()
    assert page.status_code == 200
    assert "1 taken, 11 free" in text and "0 taken, 12 free" in text
    assert "lab-imac-07" in text  # unplaced hosts are listed, not dropped


def plan_of(page):
    """The plan a page hands its renderer (the json_script that static/js/floorplan.js draws at once)."""
    return page.context["plan"]


def test_the_cluster_map_places_rows_by_posts_with_gaps_and_who_sits_where(staff_client):
    campus = make_campus(gaps=["e1r2p3"])
    sit(campus, "e1r1p2", "jdoe", begun_minutes_ago=90)
    sit(campus, "e1r1p3", "gone", ended=True)

    page = staff_client.get(f"/campus/{campus.id}/cluster/e1/")

    seats = {seat["host"]: seat for seat in plan_of(page)["seats"]}
    assert page.status_code == 200
    assert "e1r2p3" not in seats and (seats["e1r2p4"]["x"], seats["e1r2p2"]["x"]) == (3, 1)  # a gap stays a gap
    assert seats["e1r1p2"]["y"] < seats["e1r2p2"]["y"]
    assert (seats["e1r1p2"]["state"], seats["e1r1p2"]["login"]) == ("taken", "jdoe")
    assert (seats["e1r1p3"]["state"], seats["e1r1p3"]["login"]) == ("free", "")
    assert 'id="map-plan"' in page.content.decode()


def test_a_seat_marked_out_of_service_shows_so_on_the_map_and_in_the_json(staff_client):
    campus = make_campus()
    seat = Seat.objects.get(host="e1r3p4")

    response = staff_client.post(f"/seat/{seat.id}/note", {"state": "out_of_service", "note": "broken screen"})
    page = staff_client.get(f"/campus/{campus.id}/cluster/e1/")
    data = staff_client.get(f"/campus/{campus.id}/cluster/e1.json")

    assert response.status_code == 302
    seat.refresh_from_db()
    assert (seat.state, seat.note, seat.marked_by) == ("out_of_service", "broken screen", "amartin")
    assert {seat["host"]: seat["state"] for seat in plan_of(page)["seats"]}["e1r3p4"] == "out_of_service"
    assert seat_json(data, "e1r3p4")["state"] == "out_of_service"
    assert data.json()["counts"] == {"free": 11, "out_of_service": 1}


def test_a_layout_file_places_the_seats_and_leaves_the_rest_unplaced(staff_client):
    campus = make_campus(rows=2, posts=2)
    save_version(campus, parse_layout(
        "clusters:\n  - name: e1\n    label: North room\n    rows: [{row: 1, posts: 3, gaps: [2]}]\n"
        "    seats: [{host: e1r2p2, x: 4, y: 0, rotate: 90}]\n"
        "    shapes: [{kind: wall, x: -1, y: -1, w: 6, h: 0.2}, {kind: label, x: 0, y: 2, text: Door}]\n"),
        source="test")

    overview = staff_client.get(f"/campus/{campus.id}/").content.decode()
    page = staff_client.get(f"/campus/{campus.id}/cluster/e1/")

    seats = {seat["host"]: seat for seat in plan_of(page)["seats"]}
    assert "North room" in overview
    assert "e1r2p1" in overview and "e1r2p2" not in overview.split("unplaced")[-1]  # row 2 is not in the layout
    assert seats["e1r1p3"]["state"] == "unseen"  # post 3 is in the layout but never seen
    assert (seats["e1r2p2"]["x"], seats["e1r2p2"]["rotate"]) == (4, 90)
    assert [shape["kind"] for shape in plan_of(page)["shapes"]] == ["wall", "label", "label"]  # + row 1's label


def test_the_map_json_answers_304_when_nothing_changed(staff_client):
    campus = make_campus()
    first = staff_client.get(f"/campus/{campus.id}/cluster/e1.json")

    again = staff_client.get(f"/campus/{campus.id}/cluster/e1.json", HTTP_IF_NONE_MATCH=first["ETag"])
    sit(campus, "e1r1p1", "jdoe")
    changed = staff_client.get(f"/campus/{campus.id}/cluster/e1.json", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200 and again.status_code == 304
    assert changed.status_code == 200
    assert seat_json(changed, "e1r1p1")["login"] == "jdoe"


def test_the_map_json_carries_the_seated_persons_picture_when_it_is_on_the_intras_picture_host(staff_client,
                                                                                                 settings):
    settings.INTRA_CDN_URL = "https://cdn.intra.42.fr"
    campus = make_campus()
    sit(campus, "e1r1p1", "jdoe", avatar="https://cdn.intra.42.fr/users/jdoe.jpg")
    sit(campus, "e1r1p2", "asmith", avatar="https://elsewhere.example/asmith.jpg")  # the policy would block it
    sit(campus, "e1r1p3", "bnone")

    data = staff_client.get(f"/campus/{campus.id}/cluster/e1.json")

    assert seat_json(data, "e1r1p1")["avatar"] == "https://cdn.intra.42.fr/users/jdoe.jpg"
    assert "avatar" not in seat_json(data, "e1r1p2") and "avatar" not in seat_json(data, "e1r1p3")


def test_search_jumps_to_the_seat_of_who_sits_now(staff_client):
    campus = make_campus()
    location = sit(campus, "e1r2p2", "jdoe")

    response = staff_client.get("/search", {"login": "JDoe"})

    assert response.status_code == 302
    assert response["Location"] == f"/campus/{campus.id}/cluster/e1/?seat=e1r2p2#seat-{location.seat_id}"


def test_search_for_someone_gone_says_where_and_when_they_were_last_seen(staff_client):
    campus = make_campus()
    sit(campus, "e1r2p2", "jdoe", ended=True)

    page = staff_client.get("/search", {"login": "jdoe"}, follow=True)

    assert "Not on campus. Last seen at e1r2p2 (Paris)" in page.content.decode()


def test_the_seat_page_lists_who_sat_there_newest_first(staff_client):
    campus = make_campus()
    sit(campus, "e1r1p1", "first", begun_minutes_ago=300, ended=True)
    sit(campus, "e1r1p1", "second", begun_minutes_ago=100, ended=True)
    seat = Seat.objects.get(host="e1r1p1")

    text = staff_client.get(f"/seat/{seat.id}/").content.decode()

    assert text.index("second") < text.index("first")


def test_the_user_page_shows_sessions_and_time_per_day(staff_client):
    campus = make_campus()
    sit(campus, "e1r1p1", "jdoe", begun_minutes_ago=120, ended=True)

    page = staff_client.get("/user/jdoe/")

    assert page.status_code == 200
    assert "e1r1p1" in page.content.decode()


def test_the_drift_report_lists_unplaced_hosts_and_seats_not_seen_for_long(staff_client, settings):
    campus = make_campus(extra_hosts=["lab-imac-07"])
    Seat.objects.filter(host="e1r1p1").update(last_seen=timezone.now() - timedelta(days=45))

    text = staff_client.get(f"/campus/{campus.id}/drift/").content.decode()

    assert "lab-imac-07" in text
    assert "Layout seats not seen for 30 days (1)" in text


@pytest.mark.parametrize(
    "url, status, reason",
    [
        ("/campus/999/", 404, ""),
        ("/campus/1/cluster/zz9/", 404, "Campus Paris has no cluster zz9."),
        ("/campus/1/cluster/zz9.json", 404, "campus 1 has no cluster zz9"),
        ("/search?login=", 400, "login: This field is required."),
        ("/search?login=%3Cscript%3E", 400, "A login is 1 to 64 letters"),
        ("/search?login=nobody", 404, "nobody has never been seen"),
        ("/user/nobody/", 404, "nobody has never been seen"),
        ("/seat/1/?page=zero", 400, "page: Enter a whole number."),
        ("/seat/1/?page=99", 400, "page 99 is past the last page"),
    ],
)
def test_bad_input_is_answered_with_a_reason_never_a_500(staff_client, url, status, reason):
    make_campus()
    Seat.objects.filter(host="e1r1p1").update(id=1)

    response = staff_client.get(url)

    assert response.status_code == status
    assert reason in response.content.decode()


def test_a_bad_note_state_is_refused(staff_client):
    make_campus()
    seat = Seat.objects.first()
    response = staff_client.post(f"/seat/{seat.id}/note", {"state": "on_fire"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_the_map_and_its_json_take_a_fixed_number_of_queries(staff_client, django_assert_max_num_queries):
    campus = make_campus(clusters=("e1", "e2", "e3", "e4"), rows=13, posts=20)  # 1,040 seats
    for post in range(1, 21):
        sit(campus, f"e1r1p{post}", f"user{post}")

    # The page asks once for the staff member's permissions; the forecast strip reads its rows, and, with
    # none, why (not enough history yet, or no run yet): two more.
    with django_assert_max_num_queries(14):
        assert staff_client.get(f"/campus/{campus.id}/cluster/e1/").status_code == 200
    with django_assert_max_num_queries(8):
        assert staff_client.get(f"/campus/{campus.id}/cluster/e1.json").status_code == 200
    with django_assert_max_num_queries(14):
        assert staff_client.get(f"/campus/{campus.id}/").status_code == 200


def test_home_opens_the_staff_members_own_campus(staff_client, staff_user):
    from accounts.models import StaffProfile

    make_campus(1, "Paris")
    make_campus(9, "Lyon")
    StaffProfile.objects.create(user=staff_user, intra_id=1, login="amartin", campus_ids=[9],
                                signed_in_at=timezone.now())

    assert staff_client.get("/")["Location"] == "/campus/9/"


def test_each_page_links_the_csv_of_what_it_shows(staff_client):
    campus = make_campus()
    location = sit(campus, "e1r1p1", "jdoe", ended=True)

    seat_page = staff_client.get(f"/seat/{location.seat_id}/").content.decode()
    link = seat_page.split('data-export')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    export = staff_client.get(link)

    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    assert "jdoe" in b"".join(export.streaming_content).decode()
    for url in (f"/campus/{campus.id}/", f"/campus/{campus.id}/cluster/e1/", "/user/jdoe/"):
        text = staff_client.get(url).content.decode()
        href = text.split("data-export")[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
        assert staff_client.get(href).status_code == 200, href


def test_the_chart_pages_and_a_new_wall_display_open_on_the_staff_members_own_campus(staff_client, staff_user):
    from accounts.models import StaffProfile

    make_campus(1, "Paris")
    make_campus(9, "Lyon")
    StaffProfile.objects.create(user=staff_user, intra_id=1, login="amartin", campus_ids=[9],
                                signed_in_at=timezone.now())

    page = staff_client.get("/charts/")
    displays = staff_client.get("/displays/")

    assert page.context["campus"].id == 9
    assert displays.context["form"]["campus"].value() == 9  # a new wall display too
