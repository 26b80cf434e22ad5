import pytest

from occupancy.env import ConfigError, env_bool, env_int, env_int_list, parse_database_url
from tests.conftest import manage_env, run_manage


def test_postgres_database_url_parses_every_part():
    entry = parse_database_url("postgres://occ:s%40cret@db.example:6432/occupancy?sslmode=require")
    assert {key: entry[key] for key in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT", "OPTIONS")} == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "occupancy",
        "USER": "occ",
        "PASSWORD": "s@cret",
        "HOST": "db.example",
        "PORT": 6432,
        "OPTIONS": {"sslmode": "require"},
    }


def test_database_url_reaches_a_unix_socket_folder():
    entry = parse_database_url("postgres://postgres@%2Fsrv%2FOccupancy%2Fvar%2Fpostgres/occupancy")
    assert (entry["HOST"], entry["NAME"]) == ("/srv/Occupancy/var/postgres", "occupancy")


@pytest.mark.parametrize(
    "url, reason",
    [
        ("mysql://root@localhost/occupancy", "must be a PostgreSQL URL"),
        ("sqlite:///var/occupancy.sqlite3", "Occupancy runs on PostgreSQL only"),
        ("postgres://postgres@localhost", "needs a database name"),
        ("postgres://postgres@localhost:port/occ", "port that is not a number"),
    ],
)
def test_malformed_database_url_names_the_problem(url, reason):
    with pytest.raises(ConfigError, match=reason):
        parse_database_url(url)


def test_malformed_values_name_the_variable(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    monkeypatch.setenv("SYNC_EVERY", "often")
    monkeypatch.setenv("INTRA_CAMPUS_IDS", "1,paris")
    with pytest.raises(ConfigError, match="DEBUG must be a boolean"):
        env_bool("DEBUG")
    with pytest.raises(ConfigError, match="SYNC_EVERY must be a whole number"):
        env_int("SYNC_EVERY", 30)
    with pytest.raises(ConfigError, match="INTRA_CAMPUS_IDS must be a comma-separated list"):
        env_int_list("INTRA_CAMPUS_IDS")


def test_missing_secret_key_in_production_is_one_clear_line():
    result = run_manage("check", env=manage_env(SECRET_KEY=None, DEBUG="0"))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "configuration error: SECRET_KEY is required when DEBUG is off (set SECRET_KEY, or DEBUG=1 for a local demo)"
    ]


def test_malformed_database_url_stops_manage_with_one_line():
    result = run_manage("check", env=manage_env(DATABASE_URL="mysql://root@localhost/x"))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "DATABASE_URL must be a PostgreSQL URL" in result.stderr
