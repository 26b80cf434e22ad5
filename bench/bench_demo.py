"""Demo start-up: from `make demo`'s steps on a fresh VAR_DIR to the first page, on the embedded servers."""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.report import target

ROOT = Path(__file__).resolve().parent.parent


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(url):
    try:
        return urllib.request.urlopen(url, timeout=2).status == 200
    except (urllib.error.URLError, OSError):
        return False


def time_to_first_page(var_dir):
    """Seconds from `migrate` to the sign-in page answering, as `make demo` runs them (install already done)."""
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    env.update(DEBUG="1", VAR_DIR=str(var_dir), SECRET_KEY="")
    port = _free_port()
    started = time.monotonic()
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    demo = subprocess.Popen([sys.executable, "manage.py", "rundemo", "--port", str(port),
                             "--simulator-port", str(_free_port())], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        while not _answers(f"http://127.0.0.1:{port}/accounts/login/"):
            if demo.poll() is not None or time.monotonic() - started > 300:
                raise RuntimeError("the demo did not serve its first page")
            time.sleep(0.1)
        return time.monotonic() - started
    finally:
        os.killpg(demo.pid, signal.SIGINT)
        demo.wait(timeout=60)


def run():
    with tempfile.TemporaryDirectory() as var_dir:
        first = time_to_first_page(var_dir)
        again = time_to_first_page(var_dir)
    return [
        ("first start: embedded servers created, migrated, 7 days of history loaded, first page", first, "s",
         target("< 30 s", lambda v: v < 30)),
        ("next start: servers and data reused", again, "s", None),
    ]
