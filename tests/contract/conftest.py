"""Real answers of the intra (tests/fixtures/intra_real/, see its SOURCES.md) and a server that replays them.

The replay server answers over a real socket with the status, headers and body of a published answer,
so our own client, with its paging, retries and errors, reads exactly what the real API sent.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REAL = Path(__file__).resolve().parent.parent / "fixtures" / "intra_real"
TIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"  # every time in the real answers (and the simulator's)


def real(path):
    return json.loads((REAL / path).read_text())


def real_profiles():
    """The /v2/me answers, each with its file name."""
    return {path.name: json.loads(path.read_text()) for path in sorted((REAL / "me").glob("*.json"))}


class Replay:
    """Serves {(method, path, page): [(status, headers, body), ...]}: each once in turn, the last one from then on."""

    def __init__(self):
        self.answers = {}
        self.requests = []
        handler = type("Handler", (_Handler,), {"replay": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def on(self, method, path, *answers, page=None):
        self.answers[(method, path, page)] = list(answers)

    def serve_token(self):
        self.on("POST", "/oauth/token", (200, {}, real("token/client_credentials_apidoc.json")))

    def answer(self, method, path, page):
        queue = self.answers.get((method, path, page)) or self.answers.get((method, path, None))
        if not queue:
            return 404, {"Content-Type": "text/html"}, "<html>not found</html>"
        return queue.pop(0) if len(queue) > 1 else queue[0]


class _Handler(BaseHTTPRequestHandler):
    replay: Replay
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        self._serve("GET")

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._serve("POST")

    def _serve(self, method):
        parts = urlsplit(self.path)
        query = dict(pair.split("=", 1) for pair in parts.query.split("&") if "=" in pair)
        page = query.get("page") or query.get("page%5Bnumber%5D") or query.get("page[number]")
        self.replay.requests.append((method, self.path))
        status, headers, body = self.replay.answer(method, parts.path, page)
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        self.send_response(status)
        headers = {"Content-Type": "application/json; charset=utf-8", **headers}
        for name, value in headers.items():
            if name.lower() not in ("content-length", "transfer-encoding"):
                self.send_header(name, value.replace("https://api.intra.42.fr", self.replay.url))
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def replay():
    server = Replay()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()
