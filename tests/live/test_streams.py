"""The push streams over a real ASGI server: a wall display hears only what its JSON may show, a revoked
display's open stream ends within seconds, and a map's stream needs a signed-in staff member."""

import socket
import threading
import time

import pytest
import redis
import requests

from occupancy.displays import create_display, revoke
from occupancy.live import versions
from occupancy.live.versions import bump
from occupancy.models import Display
from tests.conftest import Gunicorn, manage_env, test_database_url_for_subprocesses
from tests.maps.conftest import make_campus, sit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        server = Gunicorn(manage_env(DATABASE_URL=test_database_url_for_subprocesses())).start()
    yield server
    server.stop()


class Listener:
    """Reads one event stream in a thread: its events as (name, data) and whether the server ended it."""

    def __init__(self, url, **kwargs):
        self.response = requests.get(url, stream=True, timeout=(5, 30), **kwargs)
        self.response.encoding = "utf-8"  # text/event-stream is always UTF-8
        self.events = []
        self.ended = threading.Event()
        self.opened = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        assert self.opened.wait(10), "the stream did not open"

    def _read(self):
        name = None
        try:
            for line in self.response.iter_lines(chunk_size=None, decode_unicode=True):
                self.opened.set()
                if line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("data: "):
                    self.events.append((name, line[6:]))
        except (requests.RequestException, OSError, AttributeError):  # closed under the reader by close()
            pass
        self.ended.set()

    def named(self, name):
        """The data of the events of that name; a resync (sent once as a process subscribes) is not news."""
        return [data for event, data in self.events if event == name and "resync" not in data]

    def wait_for(self, name, timeout=10):
        deadline = time.monotonic() + timeout
        while not self.named(name) and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.named(name)

    def close(self):
        # Shut the socket first: closing the response alone waits for the reader's next line (a ping, 15 s away).
        self.response.raw.connection.sock.shutdown(socket.SHUT_RDWR)
        self.response.close()


def test_a_display_stream_tells_only_of_its_clusters_of_its_campus_and_never_a_login(site):
    campus = make_campus(clusters=("e1", "e2"))
    other = make_campus(2, "Lyon", clusters=("e1",))
    _, token = create_display(created_by="amartin", name="Hall", campus=campus, clusters=["e1"])
    stream = Listener(f"{site.url}/kiosk/{token}/stream")

    bump({other.id: {"e1"}})
    # campus 1, e2 would not be heard; e1 is
    sit(campus, "e1r1p2", "zsecret", begun_minutes_ago=5, avatar="https://cdn.intra.42.fr/users/xsecret.jpg")
    sit(campus, "e2r1p1", "ysecret")
    bump({campus.id: {"e2"}})

    assert stream.wait_for("change")
    time.sleep(1)  # anything else that was going to come has come
    stream.close()
    heard = [data for name, data in stream.events if name != "ping"]
    assert len(stream.named("change")) == 1
    assert not any(secret in data for data in heard for secret in ("zsecret", "ysecret", "xsecret", "e2", "Lyon"))


def test_a_revoked_display_ends_its_open_stream_within_seconds(site):
    campus = make_campus()
    display, token = create_display(created_by="amartin", name="Hall", campus=campus)
    stream = Listener(f"{site.url}/kiosk/{token}/stream")

    revoked_at = time.monotonic()
    revoke(Display.objects.get(pk=display.pk))

    assert stream.ended.wait(10), "the stream stayed open after the display was revoked"
    assert time.monotonic() - revoked_at < 6
    assert stream.named("revoked")
    assert requests.get(f"{site.url}/kiosk/{token}/stream", timeout=5).status_code == 403


def test_an_unknown_token_gets_no_stream(site):
    response = requests.get(f"{site.url}/kiosk/not-a-token/stream", timeout=5)

    assert response.status_code == 403 and response.headers["Content-Type"] == "application/json"


def test_a_map_stream_needs_a_signed_in_staff_member(site):
    make_campus()

    response = requests.get(f"{site.url}/campus/1/cluster/e1/stream", timeout=5, allow_redirects=False)

    assert response.status_code in (302, 401)
    assert "text/event-stream" not in response.headers.get("Content-Type", "")


def test_a_map_stream_hears_its_cluster_and_not_the_next_one(site, staff_user):
    from django.test import Client

    campus = make_campus(clusters=("e1", "e2"))
    client = Client()
    client.force_login(staff_user)
    stream = Listener(f"{site.url}/campus/1/cluster/e1/stream",
                      cookies={"sessionid": client.cookies["sessionid"].value})

    bump({campus.id: {"e2"}})
    bump({campus.id: {"e1"}})

    assert stream.wait_for("change")
    time.sleep(0.5)
    stream.close()
    changes = stream.named("change")
    assert len(changes) == 1 and '"cluster":"e1"' in changes[0]


def test_an_open_display_stream_outlives_a_redis_restart(own_redis, monkeypatch):
    port, restart_redis = own_redis
    url = f"redis://127.0.0.1:{port}/0"
    monkeypatch.setattr(versions, "_client", redis.Redis.from_url(url))  # this test's writes publish there too
    site = Gunicorn(manage_env(DATABASE_URL=test_database_url_for_subprocesses(), REDIS_URL=url)).start()
    try:
        campus = make_campus()
        _, token = create_display(created_by="amartin", name="Hall", campus=campus)
        stream = Listener(f"{site.url}/kiosk/{token}/stream")

        restart_redis()
        deadline = time.monotonic() + 10
        while sum("resync" in data for _, data in stream.events) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)  # the server's subscriber is back: it tells its streams to catch up
        bump({campus.id: {"e1"}})

        assert stream.wait_for("change"), "a change after the restart did not reach the open stream"
        assert not stream.ended.is_set()
        stream.close()
    finally:
        site.stop()


def test_a_wsgi_server_refuses_a_stream_at_once_so_the_page_polls(staff_client):
    response = staff_client.get("/campus/1/cluster/e1/stream")

    assert response.status_code == 503 and "ASGI" in response.json()["error"]
