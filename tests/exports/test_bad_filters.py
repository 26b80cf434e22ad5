"""Every filter of every export is validated: a bad one is answered 400 with a one-line reason."""

import pytest

from tests.exports.conftest import PERIOD


@pytest.mark.parametrize("name, params, reason", [
    ("locations", {"since": "2026-03-01"}, "campus: This field is required."),
    ("locations", {"campus": "999"}, "campus: Select a valid choice."),
    ("locations", {"campus": "paris"}, "campus: Select a valid choice."),
    ("occupancy", {**PERIOD, "since": "2026-13-45"}, "since: Enter a valid date."),
    ("utilisation", {**PERIOD, "since": "2026-04-01"}, "The period must begin on or before its last day."),
    ("pools", {**PERIOD, "since": "2020-01-01"}, "A period is at most 1098 days."),
    ("locations", {**PERIOD, "cluster": "e1;drop"}, "cluster: A cluster name is letters and digits."),
    ("locations", {**PERIOD, "host": "../etc/passwd"}, "host: A host is letters, digits, dots, dashes or underscores."),
    ("locations", {**PERIOD, "login": "=cmd|' /C calc'!A0"}, "login: A login is 1 to 64 letters"),
    ("locations", {**PERIOD, "active": "yes"}, "active: Select a valid choice."),
    ("occupancy", {**PERIOD, "by": "week"}, "by: Select a valid choice."),
    ("balances", {**PERIOD, "excel": "2"}, "excel: Select a valid choice."),
])
def test_a_bad_filter_is_answered_400_with_its_reason(staff_client, paris, name, params, reason):
    response = staff_client.get(f"/exports/{name}.csv", params)

    assert response.status_code == 400
    assert response.context["reason"].startswith(reason)
    assert "\n" not in response.context["reason"]


def test_an_unknown_export_is_not_found(staff_client, paris):
    assert staff_client.get("/exports/passwords.csv", PERIOD).status_code == 404


def test_an_export_is_only_read(staff_client, paris):
    assert staff_client.post("/exports/locations.csv", PERIOD).status_code == 405


def test_unknown_parameters_are_ignored_so_a_page_can_pass_its_own(staff_client, paris):
    assert staff_client.get("/exports/locations.csv", {**PERIOD, "page": "3", "theme": "dark"}).status_code == 200


def test_an_anonymous_request_is_refused(client, paris):
    assert client.get("/exports/locations.csv", PERIOD).status_code == 401
