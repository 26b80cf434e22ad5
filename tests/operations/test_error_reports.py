"""Errors reach a Sentry stand-in on loopback, without logins, cookies, tokens or secrets; no DSN, nothing sent."""

import gzip
import json
import subprocess
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sentry_sdk
from django.urls import path

from occupancy.error_reports import start_error_reports
from occupancy.tasks import sync_feed
from tests.conftest import ROOT, manage_env, run_manage, test_database_url_for_subprocesses

# Made at run time: the events carry source lines around the error, and these must not be in them.
INTRA_SECRET = f"intra-secret-{uuid.uuid4().hex}"
BEARER = f"bearer-token-{uuid.uuid4().hex}"


def broken_view(request, login):
    raise RuntimeError(f"{login}'s page broke while {request.user} looked (key {INTRA_SECRET})")


urlpatterns = [path("user/<str:login>/broken", broken_view)]


class StandIn(ThreadingHTTPServer):
    """A Sentry server as far as the SDK can tell: it keeps every envelope posted to it."""

    def __init__(self):
        self.envelopes = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(handler):
                body = handler.rfile.read(int(handler.headers["Content-Length"]))
                if handler.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                self.envelopes.append(body.decode())
                handler.send_response(200)
                handler.end_headers()

            def log_message(handler, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)


@pytest.fixture
def sentry_stand_in():
    server = StandIn()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    sentry_sdk.init()  # no DSN: the SDK stops sending
    server.shutdown()
    server.server_close()


def events_in(envelope):
    lines = envelope.splitlines()
    return [json.loads(payload) for header, payload in zip(lines[1::2], lines[2::2], strict=False)
            if json.loads(header).get("type") == "event"]


def wait_for_event(stand_in):
    deadline = time.monotonic() + 30
    while not (events := [event for envelope in stand_in.envelopes for event in events_in(envelope)]):
        assert time.monotonic() < deadline, "no event reached the stand-in"
        time.sleep(0.05)
    return events[0]


def test_a_view_error_reaches_sentry_without_login_cookie_token_or_secret(sentry_stand_in, staff_client, settings):
    settings.ROOT_URLCONF = __name__
    settings.SENTRY_DSN = f"http://public@127.0.0.1:{sentry_stand_in.server_port}/1"
    start_error_reports(settings.SENTRY_DSN, environment="test",
                        secrets=[settings.SECRET_KEY, INTRA_SECRET])
    staff_client.raise_request_exception = False
    session_cookie = staff_client.cookies[settings.SESSION_COOKIE_NAME].value

    response = staff_client.get("/user/jdoe/broken", HTTP_AUTHORIZATION=f"Bearer {BEARER}")
    sentry_sdk.flush(timeout=5)

    assert response.status_code == 500
    event = wait_for_event(sentry_stand_in)
    sent = "\n".join(sentry_stand_in.envelopes)
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    assert event["environment"] == "test"
    assert "page broke while" in event["exception"]["values"][-1]["value"]
    for private in ("amartin", "jdoe", session_cookie, BEARER, INTRA_SECRET, settings.SECRET_KEY):
        assert private not in sent


def test_a_failing_task_of_a_real_worker_reaches_sentry_without_the_intra_secret(sentry_stand_in, transactional_db,
                                                                                 settings):
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = manage_env(
        DATABASE_URL=test_database_url_for_subprocesses(), REDIS_URL=settings.REDIS_URL,
        SENTRY_DSN=f"http://public@127.0.0.1:{sentry_stand_in.server_port}/1",
        INTRA_API_URL="http://127.0.0.1:9", INTRA_CLIENT_ID="occupancy", INTRA_CLIENT_SECRET=INTRA_SECRET,
        INTRA_MAX_TRIES="1",
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "occupancy", "worker", "--pool", "solo", "-Q", queue,
         "--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel", "ERROR"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        sync_feed.apply_async(args=["pools"], queue=queue)  # the intra is unreachable: the task fails
        event = wait_for_event(sentry_stand_in)
    finally:
        worker.terminate()
        worker.wait(timeout=20)

    assert event["exception"]["values"][-1]["type"] == "IntraUnavailable"
    assert INTRA_SECRET not in "\n".join(sentry_stand_in.envelopes)


def test_nothing_is_set_up_to_send_without_a_dsn():
    check = "import sentry_sdk; print(sentry_sdk.get_client().is_active())"

    quiet = run_manage("shell", "-c", check, env=manage_env(SENTRY_DSN=None))
    reporting = run_manage("shell", "-c", check, env=manage_env(SENTRY_DSN="http://public@127.0.0.1:9/1"))

    assert quiet.stdout.split()[-1] == "False"
    assert reporting.stdout.split()[-1] == "True"
