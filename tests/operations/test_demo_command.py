"""`make demo`'s command on the embedded PostgreSQL and Redis: the worker keeps syncing, Ctrl-C stops everything."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.conftest import ROOT, free_port, manage_env, run_manage, wait_for_http
from tests.foundation.test_embedded_servers import running


def demo_env(var_dir):
    return manage_env(DATABASE_URL=None, REDIS_URL=None, SECRET_KEY=None, DEBUG="1", VAR_DIR=str(var_dir),
                      SYNC_LOCATIONS_EVERY="5", INTRA_API_URL=None, INTRA_CLIENT_ID=None, INTRA_CLIENT_SECRET=None)


def alive(group):
    """The processes of a process group still running (exited ones waiting to be reaped do not count)."""
    running = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # it ended while we looked
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            running.append(stat.parent.name)
    return running


def test_the_demo_serves_live_data_and_ctrl_c_stops_all_of_it(tmp_path):
    env = demo_env(tmp_path)
    assert run_manage("migrate", "--noinput", env=env, timeout=120).returncode == 0
    port = free_port()
    demo = subprocess.Popen(
        [sys.executable, "manage.py", "rundemo", "--port", str(port), "--simulator-port", str(free_port()),
         "--days", "1"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,  # its own process group, as a terminal gives it: Ctrl-C reaches them all
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/healthz", timeout=120)
        servers = [tmp_path / "postgres/postmaster.pid", tmp_path / "redis/redis.pid"]
        embedded_up = [running(pid_file) for pid_file in servers]
        first = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=10).json()["last_sync"]
        deadline = time.monotonic() + 60
        latest = first
        while latest == first and time.monotonic() < deadline:  # the worker, on beat's schedule
            time.sleep(1)
            latest = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=10).json()["last_sync"]

        os.killpg(demo.pid, signal.SIGINT)
        output, _ = demo.communicate(timeout=60)
    finally:
        if alive(demo.pid):
            os.killpg(demo.pid, signal.SIGKILL)

    assert embedded_up == [True, True], "the demo did not run on its embedded PostgreSQL and Redis"
    assert first is not None and latest != first, "the worker did not sync again after the history load"
    assert "stopping the demo" in output
    sign_in = [line for line in output.splitlines() if "sign in with 42 as a staff member" in line]
    assert sign_in and "(Paris)" in sign_in[0]
    assert demo.returncode == 0
    assert not alive(demo.pid), "a process of the demo outlived Ctrl-C"
    assert not any(running(pid_file) for pid_file in servers), "an embedded server outlived Ctrl-C"
