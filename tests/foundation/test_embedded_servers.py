"""Without DATABASE_URL and REDIS_URL, commands run on the embedded PostgreSQL and Redis under VAR_DIR."""

import os
from pathlib import Path

from tests.conftest import manage_env, run_manage


def embedded_env(var_dir):
    return manage_env(DATABASE_URL=None, REDIS_URL=None, SECRET_KEY=None, DEBUG="1", VAR_DIR=str(var_dir))


def running(pid_file):
    """Whether the server that wrote pid_file (first line: its pid) still runs."""
    try:
        pid = int(Path(pid_file).read_text().split()[0])
        os.kill(pid, 0)
    except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
        return False
    return not Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"


def test_embedded_servers_keep_their_data_between_commands_and_stop_after_each(tmp_path):
    env = embedded_env(tmp_path / "var")
    write = ("from django.core.cache import cache; from occupancy.models import Campus;"
             " Campus.objects.create(id=42, name='Embedded', time_zone='Europe/Paris');"
             " cache.set('kept', 'yes', None)")
    read = ("from django.core.cache import cache; from occupancy.models import Campus;"
            " print(Campus.objects.get(id=42).name, cache.get('kept'))")

    migrated = run_manage("migrate", "--noinput", env=env, timeout=120)
    written = run_manage("shell", "-v", "0", "-c", write, env=env)
    between = [running(tmp_path / "var/postgres/postmaster.pid"), running(tmp_path / "var/redis/redis.pid")]
    again = run_manage("shell", "-v", "0", "-c", read, env=env)

    assert migrated.returncode == 0 and written.returncode == 0, migrated.stderr + written.stderr
    assert between == [False, False], "an embedded server outlived the command that started it"
    assert again.stdout.split() == ["Embedded", "yes"], again.stderr
    assert not running(tmp_path / "var/postgres/postmaster.pid") and not running(tmp_path / "var/redis/redis.pid")


def test_embedded_servers_that_cannot_start_stop_the_command_with_one_line(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")  # VAR_DIR below a file: no folder can be made there

    result = run_manage("check", env=embedded_env(blocker / "var"))

    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "the embedded PostgreSQL could not start" in result.stderr
    assert "set DATABASE_URL to a PostgreSQL server instead" in result.stderr
