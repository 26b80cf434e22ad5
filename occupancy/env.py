"""Typed readers for settings taken from the environment.

Each reader raises ConfigError with one line that names the variable, so that
manage.py, the WSGI entry point and Celery can print it instead of a traceback.
"""

import ipaddress
import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ConfigError(Exception):
    """A setting is missing or malformed; the message is one line for the operator."""


def env_str(name, default=None, *, required=False):
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ConfigError(f"{name} is required")
        return default
    return value


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigError(f"{name} must be a boolean (1/0, true/false, yes/no), not {value!r}")


def env_int(name, default, *, minimum=None):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {value!r}") from None
    if minimum is not None and number < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, not {number}")
    return number


def env_float(name, default, *, minimum=None):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = float(value)
    except ValueError:
        raise ConfigError(f"{name} must be a number, not {value!r}") from None
    if minimum is not None and number < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, not {number}")
    return number


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int_list(name):
    items = env_list(name)
    try:
        return [int(item) for item in items]
    except ValueError:
        raise ConfigError(f"{name} must be a comma-separated list of whole numbers, not {os.environ[name]!r}") from None


def env_network_list(name):
    """A comma-separated list of networks (10.0.0.0/8, 192.168.1.5) as ipaddress networks."""
    try:
        return [ipaddress.ip_network(item, strict=False) for item in env_list(name)]
    except ValueError:
        raise ConfigError(f"{name} must be a comma-separated list of networks such as 10.0.0.0/8,"
                          f" not {os.environ[name]!r}") from None


def parse_database_url(url, *, base_dir):
    """Turn a DATABASE_URL into a Django DATABASES entry (PostgreSQL or SQLite)."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # sqlite:///relative/path or sqlite:////absolute/path, as dj-database-url reads them.
        path = unquote(parts.path[1:]) if parts.path.startswith("/") else unquote(parts.path)
        if not path:
            raise ConfigError("DATABASE_URL for SQLite needs a file path, e.g. sqlite:///var/occupancy.sqlite3")
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(Path(base_dir, path))}
    if parts.scheme in ("postgres", "postgresql", "pgsql"):
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ConfigError("DATABASE_URL for PostgreSQL needs a database name, e.g. postgres://user@host/occupancy")
        try:
            port = parts.port
        except ValueError:
            raise ConfigError("DATABASE_URL has a port that is not a number") from None
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            "OPTIONS": dict(parse_qsl(parts.query)),
        }
    raise ConfigError(f"DATABASE_URL must start with postgres:// or sqlite://, not {parts.scheme or url!r}://")
