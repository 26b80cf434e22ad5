"""The simulator's webhook deliveries: real headers and body times, every begin and end, and their faults."""

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

WEBHOOK_TIME = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$")


@pytest.fixture
def receiver():
    """A loopback endpoint that keeps every delivery (headers and body) and answers 200."""
    deliveries = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            deliveries.append({**{k: self.headers[k] for k in ("X-Model", "X-Event", "X-Delivery", "X-Secret")},
                               "body": body})
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", deliveries
    server.shutdown()
    server.server_close()


def played_hour(intra_sim_factory, receiver, **faults):
    url, deliveries = receiver
    sim = intra_sim_factory(webhook_url=url, webhook_secret="s3cret", faults=faults)
    begun = sim.clock.now()
    sim.clock.advance(3600)
    assert sim.webhooks.wait_idle()
    now = sim.clock.now()
    began = {s[0] for s in sim.world.visible_sessions(now, begun=(begun, now)) if s[1] > begun}
    ended = {s[0] for s in sim.world.visible_sessions(now, ended=(begun, now)) if s[2] > begun}
    return sim, deliveries, began, ended


def test_every_begin_and_end_is_delivered_with_the_real_headers_and_times(intra_sim_factory, receiver):
    _, deliveries, began, ended = played_hour(intra_sim_factory, receiver)

    assert {d["body"]["id"] for d in deliveries if d["X-Event"] == "create"} == began
    assert {d["body"]["id"] for d in deliveries if d["X-Event"] == "close"} == ended
    assert len(began) > 10 and len(ended) > 10
    for delivery in deliveries:
        assert delivery["X-Model"] == "location" and delivery["X-Secret"] == "s3cret"
        assert WEBHOOK_TIME.match(delivery["body"]["begin_at"])
        assert (delivery["body"]["end_at"] is None) == (delivery["X-Event"] == "create")
    assert len({d["X-Delivery"] for d in deliveries}) == len(deliveries)


def test_webhook_faults_drop_repeat_reorder_and_spoil_the_secret(intra_sim_factory, receiver):
    sim, deliveries, began, ended = played_hour(intra_sim_factory, receiver, webhook_drop=0.2,
                                                webhook_duplicate=0.2, webhook_delay=0.2, webhook_bad_secret=0.2)

    ids = [d["X-Delivery"] for d in deliveries]
    assert len(set(ids)) < len(ids)  # repeated with the same X-Delivery
    assert any(d["X-Secret"] != "s3cret" for d in deliveries)
    events = [(d["body"]["end_at"] or d["body"]["begin_at"]) for d in deliveries]
    assert events != sorted(events)  # out of order
    assert len(set(ids)) < len(began) + len(ended)  # some never came
    stats = requests.get(f"{sim.url}/_sim/stats", timeout=5).json()["webhooks"]
    assert stats["dropped"] and stats["duplicated"] and stats["delayed"] and stats["bad_secret"]


def test_the_command_line_wants_a_secret_with_a_webhook_url(capsys):
    from intrasim.__main__ import main

    with pytest.raises(SystemExit) as exit:
        main(["--webhook-url", "http://127.0.0.1:9/hook"])
    assert exit.value.code == 2 and "--webhook-secret" in capsys.readouterr().err
