"""The clusters feed against the simulator: plans placed, drift listed, changes wait for staff, failures kept apart."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from django.contrib.auth.models import Permission

from intrasim.clusters import NEVER_SEEN, drawings, not_drawn
from occupancy.layouts.intra_plan import place_plans, read_plan
from occupancy.layouts.intra_svg import DrawingRefused
from occupancy.layouts.versions import in_use, save_version
from occupancy.models import ClusterDrawing, LayoutVersion, Seat
from occupancy.read import queries
from occupancy.sync.clusters import fetch_drawing, sync_cluster_plans
from tests.clusters.conftest import campus

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(staff_client, staff_user):
    staff_user.user_permissions.add(Permission.objects.get(codename="edit_layout"))
    return staff_client


def drawing_of(sim, name):
    return next(data for record, data in drawings(sim.world) if record["name"] == name)


def test_the_simulators_plans_place_every_seat_its_world_uses_but_the_drift(imported):
    sim, _, result = imported

    assert result.details == {"imported": 11, "waiting": 0, "refused": 0}
    left_out = not_drawn(sim.world)
    for campus_id in (1, 9, 21):
        map_ = queries.campus_map(campus(campus_id))
        placed = {seat.host for cluster in map_.clusters for seat in cluster.places if seat.seen}
        seen = set(Seat.objects.filter(campus_id=campus_id).values_list("host", flat=True))
        assert placed == seen - {left_out}
        assert {seat.host for seat in map_.unplaced} == seen & {left_out}
    version = in_use(campus(1))
    assert version.source.startswith("imported from the intra on ")
    report = queries.drift_report(campus(1), stale_days=30, now=sim.clock.now())
    assert [seat.host for seat, _ in report["unplaced"]] == [left_out]
    assert ("e1", NEVER_SEEN[1]) in [(cluster, seat.host) for cluster, seat, last in report["stale"] if last is None]
    assert report["from_intra"] == ["e1", "e2", "e3", "z1", "z2", "z3"]


def test_an_unchanged_drawing_costs_a_304_and_no_new_version(imported):
    sim, client, _ = imported
    versions = LayoutVersion.objects.count()

    again = sync_cluster_plans(client, campus_ids=[1, 9, 21], now=sim.clock.now())

    assert again.rows_changed == 0 and again.requests == 1  # the list; the CDN is not the API
    assert LayoutVersion.objects.count() == versions
    assert sim.stats["requests"]["GET /cluster/image/:id/:file 304"] == 11


def changed_e1(sim):
    """The intra redrew e1: e1r2p3 removed, a seat e1r15p1 added, e1r3p4 moved far to the right."""
    svg = drawing_of(sim, "Paris E1").decode()
    svg = svg.replace('<rect id="e1r2p3"', '<rect id="gone"').replace('<image id="e1r2p3"', '<image id="gone"')
    svg = svg.replace('<rect id="e1r3p4" height="20" width="16" x="94"',
                      '<rect id="e1r3p4" height="20" width="16" x="900"')
    svg = svg.replace("</svg>", '<rect id="e1r15p1" height="20" width="16" x="40" y="900"/></svg>')
    return svg.encode()


def test_a_changed_drawing_over_an_untouched_plan_is_applied_at_once(imported):
    sim, _, _ = imported
    record = ClusterDrawing.objects.get(campus_id=1, cluster="e1")
    before = in_use(record.campus).number

    assert read_plan(record, changed_e1(sim), now=sim.clock.now())
    place_plans(record.campus, [record], now=sim.clock.now())

    assert in_use(record.campus).number == before + 1
    e1 = next(c for c in in_use(record.campus).document["clusters"] if c["name"] == "e1")
    hosts = {seat["host"] for seat in e1["seats"]}
    assert "e1r15p1" in hosts and "e1r2p3" not in hosts


def test_a_changed_drawing_over_a_staff_edited_layout_waits_for_a_choice(imported, editor):
    sim, _, _ = imported
    record = ClusterDrawing.objects.get(campus_id=1, cluster="e1")
    document = in_use(record.campus).document
    next(c for c in document["clusters"] if c["name"] == "e1")["seats"][0]["x"] += 2  # staff moved a seat
    edited = save_version(record.campus, document, source="editor", saved_by="amartin")

    read_plan(record, changed_e1(sim), now=sim.clock.now())
    place_plans(record.campus, [record], now=sim.clock.now())

    record.refresh_from_db()
    assert record.state == ClusterDrawing.WAITING
    assert in_use(record.campus) == edited
    for page in ("/status/", "/campus/1/cluster/e1/"):
        text = editor.get(page).content.decode()
        assert "1 seats added, 1 removed, 2 moved" in text and "e1r15p1" in text and "Apply the intra" in text

    response = editor.post(f"/intra-plans/{record.id}/apply", {"back": "cluster"})

    assert response.status_code == 302 and response["Location"] == "/campus/1/cluster/e1/"
    applied = in_use(record.campus)
    assert applied.number == edited.number + 1 and applied.saved_by == "amartin"
    assert applied.source.startswith("imported from the intra on")
    assert ClusterDrawing.objects.get(id=record.id).state == ClusterDrawing.IMPORTED


def test_staff_may_keep_their_layout_and_the_intra_asks_again_at_its_next_change(imported, editor):
    sim, _, _ = imported
    record = ClusterDrawing.objects.get(campus_id=1, cluster="e1")
    document = in_use(record.campus).document
    next(c for c in document["clusters"] if c["name"] == "e1")["seats"][0]["x"] += 2
    edited = save_version(record.campus, document, source="editor", saved_by="amartin")
    read_plan(record, changed_e1(sim), now=sim.clock.now())
    place_plans(record.campus, [record], now=sim.clock.now())

    editor.post(f"/intra-plans/{record.id}/keep", {"back": "status"})

    record.refresh_from_db()
    assert record.state == ClusterDrawing.KEPT and record.decided_by == "amartin"
    assert in_use(record.campus) == edited
    assert editor.post(f"/intra-plans/{record.id}/apply").status_code == 409  # nothing waits any more
    read_plan(record, changed_e1(sim).replace(b'x="900"', b'x="700"'), now=sim.clock.now())
    place_plans(record.campus, [record], now=sim.clock.now())
    assert ClusterDrawing.objects.get(id=record.id).state == ClusterDrawing.WAITING


def test_only_staff_who_may_edit_layouts_choose(imported, staff_client):
    record = ClusterDrawing.objects.get(campus_id=1, cluster="e1")

    assert staff_client.post(f"/intra-plans/{record.id}/apply").status_code == 403


@pytest.mark.parametrize("data, reason", [
    (b"<svg><g>", "not well-formed"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><text x="1" y="1">E1</text></svg>', "no seat"),
])
def test_a_drawing_that_fails_is_refused_with_its_reason_and_the_version_in_use_stays(imported, editor, data, reason):
    sim, _, _ = imported
    record = ClusterDrawing.objects.get(campus_id=1, cluster="e1")
    version = in_use(record.campus)

    assert not read_plan(record, data, now=sim.clock.now())
    record.save()

    assert in_use(record.campus) == version
    page = editor.get("/status/").content.decode()
    assert reason in page and "The layout in use stays" in page


class BigDrawing(BaseHTTPRequestHandler):
    """A CDN answering 20 MB of nested groups, counting what it managed to send and the headers it got."""

    sent = 0
    authorization = None

    def do_GET(self):
        BigDrawing.authorization = self.headers.get("Authorization")
        self.send_response(200)
        self.send_header("Content-Type", "image/svg+xml")
        self.end_headers()
        try:
            for _ in range(20 * 16):
                self.wfile.write(b"<g>" * 21846 + b"  ")
                BigDrawing.sent += 65540
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


def test_a_huge_drawing_is_refused_as_it_streams_in_and_the_cdn_gets_no_token(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), BigDrawing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.INTRA_CDN_URL = f"http://127.0.0.1:{server.server_address[1]}"
    settings.CLUSTER_PLAN_MAX_BYTES = 1024 * 1024
    record = ClusterDrawing(cdn_link="https://cdn.intra.42.fr/cluster/image/1/huge.svg")
    try:
        with pytest.raises(DrawingRefused, match="larger than 1024 KB"):
            fetch_drawing(requests.Session(), record, now=None)
    finally:
        server.shutdown()
        server.server_close()

    assert BigDrawing.sent < 10 * 1024 * 1024  # stopped long before the 20 MB
    assert BigDrawing.authorization is None


def test_a_drawing_that_would_give_a_seat_a_second_place_is_refused_and_the_layout_stays(imported):
    sim, _, _ = imported
    record = ClusterDrawing.objects.get(campus_id=1, cluster="e2")
    version = in_use(record.campus)
    data = drawing_of(sim, "Paris E2").replace(b"</svg>", b'<rect id="e1r5p5" height="20" width="16" x="0" y="0"/>'
                                                          b"</svg>")

    assert read_plan(record, data, now=sim.clock.now())
    place_plans(record.campus, [record], now=sim.clock.now())

    refused = ClusterDrawing.objects.get(id=record.id).refused
    assert refused == "its seat e1r5p5 already stands in cluster e1 of the layout"
    assert in_use(record.campus) == version
