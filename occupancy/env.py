"""Typed readers for settings taken from the environment.

Each reader raises ConfigError with one line that names the variable, so that
manage.py, the WSGI entry point and Celery can print it instead of a traceback.
"""

import ipaddress
import os
from urllib.parse import urlsplit

import dj_database_url

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


def parse_database_url(url):
    """Turn a DATABASE_URL into a Django DATABASES entry; PostgreSQL is the only engine."""
    scheme = urlsplit(url).scheme
    if scheme not in ("postgres", "postgresql", "pgsql"):
        raise ConfigError(f"DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:5432/name),"
                          f" not {scheme or url}://; Occupancy runs on PostgreSQL only")
    try:
        entry = dj_database_url.parse(url)
    except ValueError:
        raise ConfigError("DATABASE_URL has a port that is not a number") from None
    if not entry["NAME"]:
        raise ConfigError("DATABASE_URL for PostgreSQL needs a database name, e.g. postgres://user@host/occupancy")
    return entry
