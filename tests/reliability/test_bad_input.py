"""Every view, export and command, fed malformed, hostile and boundary values, answers with a reason and never a 500.

The values are drawn at the edges on purpose: the first and last days Python can hold, days whose shift by
the default period or by a campus's time zone (UTC+14, UTC-11) leaves the calendar, the largest and smallest
integers PostgreSQL and Python accept, empty and repeated parameters, and very long values.
"""

import json
from datetime import date, timedelta

import pytest
from asgiref.sync import iscoroutinefunction
from django.core.management import CommandError, call_command
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from occupancy.displays import create_display
from occupancy.export_forms import FORMS
from occupancy.models import Campus, SyncState
from tests.conftest import get_through_asgi
from tests.maps.conftest import make_campus, sit

HOSTILE = ["", "0", "-1", "99999999999999999999", "1e309", "NaN", "../../etc/passwd", "<script>alert(1)</script>",
           "' OR 1=1 --", "=cmd|' /C calc'!A0", "\x00", "é", "🙂", "%", "a" * 3000, "2026-13-45", "true", "[]"]
EDGE_DAYS = [date.min, date.min + timedelta(days=1), date.min + timedelta(days=26), date.min + timedelta(days=27),
             date.min + timedelta(days=28), date.max, date.max - timedelta(days=1), date(2000, 2, 29)]
# PostgreSQL's integer and bigint and their neighbours, and past Python's int-from-text limit (4,300 digits).
EDGE_INTEGERS = [str(number) for number in (0, -1, 1, 2**31 - 1, 2**31, -(2**31), -(2**31) - 1, 2**63 - 1, 2**63,
                                            -(2**63) - 1)] + ["1" + "0" * 4300]
days = st.sampled_from(EDGE_DAYS) | st.dates(max_value=date(1, 3, 1)) | st.dates(min_value=date(9999, 11, 1)) | (
    st.dates())
day_texts = days.map(date.isoformat) | st.sampled_from(["0000-12-31", "10000-01-01", "9999-12-32", "0001-00-01"])
integer_texts = st.sampled_from(EDGE_INTEGERS) | st.integers().map(str) | st.sampled_from(
    ["1.0", "+1", " 1", "-0", "1_000", "١", "²", "0x10"])
long_texts = st.sampled_from(["9" * 5000, "a" * 20_000, "2026-01-01" * 500, "%" * 5000])
values = st.sampled_from(HOSTILE) | day_texts | integer_texts | long_texts | st.text(max_size=40)
# Admin pages are Django's own, and allauth's views are tested by their own suite.
SKIPPED_PREFIXES = ("admin/", "accounts/", "i18n/")
# Campus 1 is in Paris; 2 is fourteen hours ahead of UTC and 3 eleven hours behind, so a local day near the
# calendar's ends shifts out of it in UTC.
CAMPUS_ZONES = {2: "Pacific/Kiritimati", 3: "Pacific/Pago_Pago"}

parameter_names = st.sampled_from(["campus", "cluster", "since", "until", "login", "page", "interval", "field",
                                   "by", "excel", "host", "active", "rotate", "clusters", "token", "state",
                                   "filter[campus]", "range[created_at]", "period", "days", "seat", "note",
                                   "rotate_seconds", "name", "theme", "show_logins", "scale",
                                   "filter[cursus]", "range[id]", "range[final_mark]"]) | st.text(max_size=20)
# A name may come several times (?campus=1&campus=2): the test client sends a list as repeated parameters.
parameters = st.dictionaries(parameter_names, values | st.lists(values, min_size=2, max_size=3), max_size=5)
# {seat}, {display} and {token} stand for a real seat, display and display token, so their pages parse the rest.
segments = st.lists(st.sampled_from(["1", "2", "3", "e1", "jdoe", "0", "zz9", "a%20b", "999999", "{seat}", "{display}",
                                     "{token}", "{token}", "{token}"]) | integer_texts,
                    min_size=3, max_size=3)


def url_patterns(resolver=None, prefix=""):
    """(route, pattern) for every URL the project registers."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


ROUTES = sorted({route for route, pattern in url_patterns() if not route.startswith(SKIPPED_PREFIXES)
                 and not iscoroutinefunction(pattern.callback)})
# The push streams are async views that hand back their database connection: they need real transactions.
STREAM_ROUTES = sorted({route for route, pattern in url_patterns() if iscoroutinefunction(pattern.callback)})
# Every address that takes a campus and a period of local days: chart pages, each chart's CSV, each export.
CHART_CSVS = {"usage": ["people-hour", "people-day", "weekday-hour", "clusters", "utilisation", "longest-sessions"],
              "pools": ["pool-points", "balances"], "sessions": ["project-sessions"]}
PERIOD_PATHS = (["/charts/", "/charts/pools/", "/charts/sessions/"]
                + [f"/charts/{page}/{slug}.csv" for page, slugs in CHART_CSVS.items() for slug in slugs]
                + [f"/exports/{name}.csv" for name in FORMS])


def fill(route, values):
    """Turn a route such as campus/<int:campus_id>/ into a path with the given segment values."""
    path, rest = "/", route.lstrip("^")
    for value in values:
        if "<" not in rest:
            break
        head, _, tail = rest.partition("<")
        kind, _, tail = tail.partition(">")
        path += head + (value if value.isdigit() or not kind.startswith("int:") else "1")  # an int takes a number
        rest = tail
    return (path + rest).replace("$", "").replace("//", "/")


@pytest.fixture
def known(db, settings):
    """Three campuses (Paris, UTC+14, UTC-11), a seat taken, a display: the real ids the placeholders stand for."""
    settings.GRAPH_PAGE_BUDGET = 0  # never wait on an API that tests do not run
    campus = make_campus()
    location = sit(campus, "e1r1p1", "jdoe")
    for campus_id, zone in CAMPUS_ZONES.items():
        Campus.objects.create(id=campus_id, name=zone, time_zone=zone)
    display, token = create_display(created_by="amartin", name="Hall", campus=campus, clusters=["e1"])
    return {"{seat}": str(location.seat_id), "{display}": str(display.id), "{token}": token}


def real(path, known):
    for placeholder, value in known.items():
        path = path.replace(placeholder, value)
    return path


@pytest.mark.parametrize("route", ROUTES)
@examples(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(segments=segments, params=parameters, method=st.sampled_from(["get", "post"]))
def test_no_view_answers_500_to_hostile_input(staff_client, known, route, segments, params, method):
    path = real(fill(route, segments), known)

    response = getattr(staff_client, method)(path, params)

    assert response.status_code < 500, (method, path, params, response.status_code)


@pytest.mark.parametrize("route", STREAM_ROUTES)
@examples(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(segments=segments, params=parameters)
def test_no_stream_answers_500_to_hostile_input(transactional_db, staff_user, known, route, segments, params):
    path = real(fill(route, segments), known)

    response = get_through_asgi(staff_user, path, params)  # a stream that opens is not read: it would never end

    assert response.status_code < 500, (path, params, response.status_code)


def webhook_times(field):
    """A delivery's time at the calendar's edges, in the REST form and the webhook form."""
    moments = days.map(lambda day: f"{day.isoformat()}T00:00:00+14:00") | days.map(
        lambda day: f"{day.isoformat()}T23:59:59-12:00") | days.map(lambda day: f"{day.isoformat()} 00:00:00 UTC")
    return moments | values if field == "begin_at" else st.none() | moments | values


edge_numbers = st.sampled_from(EDGE_INTEGERS[:-1]).map(int) | st.integers() | st.sampled_from([1.5, True, None, "1"])
deliveries = st.fixed_dictionaries({
    "id": edge_numbers, "campus_id": edge_numbers, "host": st.sampled_from(["e1r1p1", "", "x" * 5000]) | values,
    "begin_at": webhook_times("begin_at"), "end_at": webhook_times("end_at"),
    "user": st.fixed_dictionaries({"id": edge_numbers, "login": st.sampled_from(["jdoe"]) | values}),
    "row": edge_numbers, "post": edge_numbers,
})


@examples(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(event=st.sampled_from(["create", "close", "destroy"]), item=deliveries, delivery=st.uuids().map(str))
def test_no_webhook_delivery_at_the_edges_answers_500(client, known, settings, event, item, delivery):
    settings.INTRA_WEBHOOK_SECRET = "edge-secret"

    response = client.post("/webhooks/intra/", json.dumps(item), content_type="application/json",
                           headers={"X-Model": "location", "X-Event": event, "X-Delivery": delivery,
                                    "X-Secret": "edge-secret"})

    assert response.status_code < 500, (event, item, response.status_code)


@pytest.mark.parametrize("path", PERIOD_PATHS)
@examples(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(campus_id=st.sampled_from([1, *CAMPUS_ZONES]), since=st.none() | day_texts, until=st.none() | day_texts)
def test_no_period_at_the_edge_of_the_calendar_answers_500(staff_client, known, path, campus_id, since, until):
    params = {"campus": campus_id, **({"since": since} if since else {}), **({"until": until} if until else {})}

    response = staff_client.get(path, params)

    assert response.status_code in (200, 400), (path, params, response.status_code)
    if response.status_code == 400:
        assert "\n" not in response.context["reason"]


def one_line_or_success(command, *arguments):
    """Run a command in this process: it succeeds, or stops with a CommandError of one line."""
    try:
        call_command(command, *arguments)
    except CommandError as error:
        assert str(error) and "\n" not in str(error), (command, arguments, str(error))


@examples(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(sorted(FORMS)), campus_id=st.sampled_from(["1", "2", "3"]) | integer_texts,
       since=st.none() | day_texts, until=st.none() | day_texts)
def test_the_export_command_stops_with_one_line_at_the_edges(known, tmp_path, name, campus_id, since, until):
    arguments = [f"--campus={campus_id}", *([f"--since={since}"] if since else []),
                 *([f"--until={until}"] if until else [])]

    one_line_or_success("export", name, "-o", str(tmp_path / "out.csv"), *arguments)


@examples(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(campus_id=integer_texts, since=day_texts | days.map(lambda day: f"{day.isoformat()}T23:59:59-12:00")
       | days.map(lambda day: f"{day.isoformat()}T00:00:00+14:00"), until=st.none() | day_texts)
def test_the_backfill_command_stops_with_one_line_at_the_edges(known, settings, campus_id, since, until):
    settings.INTRA_MAX_TRIES = 1  # the API is not running: a valid request fails at once, with its one line

    one_line_or_success("backfill_locations", f"--campus={campus_id}", f"--since={since}",
                        *([f"--until={until}"] if until else []))


@examples(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(number=integer_texts, other=integer_texts, command=st.sampled_from(["demo_history", "load_layout",
                                                                          "forecast_backtest"]))
def test_commands_taking_numbers_stop_with_one_line_at_the_edges(known, tmp_path, number, other, command):
    arguments = {"demo_history": [f"--days={number}"],
                 "load_layout": [number, str(tmp_path / "missing.json")],
                 "forecast_backtest": [f"--campus={number}", f"--weeks={other}"]}[command]
    if command == "demo_history":
        # Its valid numbers start the simulator's first load, which this test does not run.
        SyncState.objects.update_or_create(feed="backfill", defaults={"last_success_at": timezone.now()})

    one_line_or_success(command, *arguments)
