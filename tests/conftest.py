import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

pytest_plugins = ["tests.sim_fixtures", "tests.browser"]

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url, *, timeout=30):
    """Poll url until it answers at all (any status); fail the test if it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            return requests.get(url, timeout=5, allow_redirects=False)
        except requests.RequestException:  # not listening yet, or still booting its worker
            time.sleep(0.1)
    pytest.fail(f"{url} did not answer within {timeout} s")


def manage_env(**overrides):
    """The environment for a manage.py subprocess: this test run's, with overrides (None removes)."""
    env = dict(os.environ)
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def test_database_url_for_subprocesses():
    """DATABASE_URL of the test database, for a worker or command that must see what a test committed."""
    from django.db import connection

    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


test_database_url_for_subprocesses.__test__ = False


def run_manage(*args, env, timeout=60):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


class Gunicorn:
    """The site served as production does (gunicorn running uvicorn's ASGI workers), in a subprocess on a fixed
    port; stop() and start() again."""

    def __init__(self, env):
        self.env = env
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "occupancy.asgi:application", "--bind", f"127.0.0.1:{self.port}",
             "--worker-class", "uvicorn_worker.UvicornWorker", "--workers", "1", "--graceful-timeout", "2"],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for_http(self.url + "/healthz")
        return self

    def stop(self):
        """Stop it even when a browser holds an idle connection open to its worker."""
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def served_site():
    """Serve the site as production does in the given environment; returns its base URL."""
    servers = []

    def serve(env):
        servers.append(Gunicorn(env).start())
        return servers[-1].url

    yield serve
    for server in servers:
        server.stop()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's language: a request in French leaves its thread speaking French."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


def get_through_asgi(user, path, params=None):
    """GET as the production ASGI server serves it (push streams need it), signed in as user; a stream is not read."""
    from asgiref.sync import async_to_sync
    from django.test import AsyncClient

    client = AsyncClient()
    client.force_login(user)
    return async_to_sync(client.get)(path, params or {})


@pytest.fixture
def staff_user(db):
    """A signed-in staff member's user (as the 42 sign-in creates them)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user("amartin")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client
