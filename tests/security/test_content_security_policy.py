"""Every answer carries the strict Content-Security-Policy; browsers report violations to /csp-report."""

import json
import time

import pytest
from django.conf import settings
from django.core.cache import cache

from occupancy import csp_reports
from occupancy.displays import create_display
from occupancy.models import Seat
from tests.conftest import get_through_asgi
from tests.maps.conftest import make_campus, sit
from tests.reliability.test_bad_input import STREAM_ROUTES, fill, url_patterns

ROUTES = sorted({route for route, _ in url_patterns() if not route.startswith(("admin/", "i18n/", "accounts/"))})
REPORT = {"csp-report": {"document-uri": "https://occupancy.example.org/kiosk/SECRET-TOKEN/?x=1",
                         "violated-directive": "script-src-elem", "effective-directive": "script-src-elem",
                         "blocked-uri": "inline", "line-number": 12, "script-sample": "alert(1)"}}


@pytest.fixture(autouse=True)
def no_reports_yet():
    """The counters live in the cache, which outlives a test's database: start each test at zero."""
    minute = int(time.time() // 60)
    cache.delete_many([csp_reports.COUNT_KEY, csp_reports.DROPPED_KEY, csp_reports.LAST_KEY,
                       *[f"occupancy:csp:minute:{minute + step}" for step in (-1, 0, 1)]])


@pytest.fixture
def campus(db, settings):
    settings.GRAPH_PAGE_BUDGET = 0
    campus = make_campus()
    sit(campus, "e1r1p1", "jdoe")
    return campus


def policy_of(response):
    return dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))


@pytest.mark.django_db(transaction=True)
def test_every_route_and_error_page_sends_the_strict_policy(staff_client, staff_user, client, campus):
    seat = Seat.objects.get(host="e1r1p1").id
    _, token = create_display(created_by="amartin", name="Hall", campus=campus)
    first = {"campus": str(campus.id), "seat": str(seat), "kiosk": token}
    paths = [fill(route, [first.get(route.split("/")[0], "1"), "e1", "1"]) for route in ROUTES]
    answers = {path: get_through_asgi(staff_user, path) if path.endswith("/stream") else staff_client.get(path)
               for path in paths}
    for path in ("/exports/locations.csv", "/charts/usage/people-day.csv"):
        answers[path + " (CSV)"] = staff_client.get(path, {"campus": campus.id})
    answers["/no-such-page/ (404)"] = staff_client.get("/no-such-page/")
    answers["/charts/?campus=x (400)"] = staff_client.get("/charts/", {"campus": "x"})
    answers["/exports/locations.csv (anonymous 401)"] = client.get("/exports/locations.csv")
    answers["/accounts/login/ (sign-in)"] = client.get("/accounts/login/")

    missing = [path for path, response in answers.items() if "Content-Security-Policy" not in response]
    assert missing == []
    for path, response in answers.items():
        policy = policy_of(response)
        assert policy["default-src"] == "'self'", path
        assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'", path
        assert policy["connect-src"] == "'self'" and policy["base-uri"] == "'none'", path
        assert policy["form-action"] == f"'self' {settings.INTRA_API_URL}", path
        assert policy["img-src"] == f"'self' {settings.INTRA_CDN_URL}", path
        assert policy["frame-ancestors"] == ("*" if path == f"/kiosk/{token}/" else "'none'"), path
        assert policy["report-uri"] == "/csp-report", path
    assert {"text/csv", "application/json", "text/event-stream"} <= {
        response["Content-Type"].split(";")[0] for response in answers.values()}
    assert STREAM_ROUTES and all(any(path.endswith("/stream") for path in answers) for _ in STREAM_ROUTES)


def test_a_violation_report_is_logged_without_the_display_key_and_counted_on_the_status_page(
        client, staff_client, db, caplog):
    caplog.set_level("WARNING", logger="occupancy.csp_reports")

    answer = client.post("/csp-report", json.dumps(REPORT), content_type="application/csp-report")

    assert answer.status_code == 204
    logged = [record.csp for record in caplog.records if record.getMessage() == "CSP violation"]
    assert logged[-1]["document-uri"] == "https://occupancy.example.org/kiosk/[token]/"
    assert logged[-1]["effective-directive"] == "script-src-elem"
    assert "1 violation reported by browsers" in staff_client.get("/status/").content.decode()


def test_reports_in_the_reporting_api_form_are_taken(client, db):
    body = [{"type": "csp-violation", "body": {"documentURL": "https://x/", "effectiveDirective": "img-src",
                                               "blockedURL": "https://evil.example/x.png"}}]

    assert client.post("/csp-report", json.dumps(body), content_type="application/reports+json").status_code == 204


@pytest.mark.parametrize("body, status", [
    (b"", 400), (b"not json", 400), (b"[]", 400), (b'{"csp-report": 1}', 400), (b"\xff\xfe", 400),
    (json.dumps([{"type": "csp-violation", "body": {}}] * 21).encode(), 400),
    (json.dumps({"csp-report": {"script-sample": "x" * 20_000}}).encode(), 413),
])
def test_a_malformed_or_oversized_report_is_refused_with_a_reason(client, db, body, status):
    answer = client.post("/csp-report", body, content_type="application/csp-report")

    assert answer.status_code == status
    assert answer.json()["error"]


def test_reports_beyond_the_logging_rate_are_counted_but_not_logged(client, db, monkeypatch, caplog):
    monkeypatch.setattr(csp_reports, "LOGGED_PER_MINUTE", 2)
    caplog.set_level("WARNING", logger="occupancy.csp_reports")

    answers = [client.post("/csp-report", json.dumps(REPORT), content_type="application/csp-report").status_code
               for _ in range(4)]

    assert answers == [204, 204, 429, 429]
    assert len([record for record in caplog.records if record.getMessage() == "CSP violation"]) == 2
    assert csp_reports.violation_stats()["dropped"] == 2


def test_the_report_endpoint_takes_only_posts(client, db):
    assert client.get("/csp-report").status_code == 405
