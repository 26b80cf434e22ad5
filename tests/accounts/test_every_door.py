"""Every URL the project registers needs a signed-in staff member, but for a short, explicit list."""

import pytest

from tests.reliability.test_bad_input import fill, url_patterns

# Doors that open without a sign-in, and why.
OPEN = {
    "healthz": "monitoring: no personal data",
    "metrics": "Prometheus: its own bearer token or network rule, else 403",
    "kiosk/<str:token>/": "a wall display: its token is checked instead",
    "kiosk/<str:token>/data.json": "a wall display: its token is checked instead",
    "kiosk/<str:token>/forecast/": "a wall display's forecast lines: its token is checked instead",
    "kiosk/<str:token>/forecast.json": "a wall display's forecast: its token is checked instead",
    "kiosk/<str:token>/stream": "a wall display's push stream: its token is checked instead",
    "webhooks/intra/": "the intra's deliveries: their X-Secret is checked instead (404 while no secret is set)",
    "i18n/setlang/": "choosing the language on the sign-in page",
    "csp-report": "browsers report policy violations of any page, the sign-in page and wall displays included",
}
ENTRANCES = ("accounts/", "admin/")  # the sign-in pages themselves (allauth's and the admin's own login)

ROUTES = sorted({route for route, _ in url_patterns()})


@pytest.mark.parametrize("route", [r for r in ROUTES if r not in OPEN and not r.startswith(ENTRANCES)])
def test_an_anonymous_request_is_sent_to_sign_in_or_refused(client, db, route):
    path = fill(route, ["1", "e1", "jdoe"])

    response = client.get(path)

    if path.endswith((".json", ".csv")) or path.startswith("/exports/"):
        assert response.status_code in (401, 403), path
    else:
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/?next="), path


def test_the_admin_asks_for_its_own_login(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_the_open_doors_are_few_and_known():
    assert {route for route in ROUTES if not route.startswith(ENTRANCES)} >= set(OPEN)


def test_healthz_stays_open(client, db):
    assert client.get("/healthz").status_code == 200
