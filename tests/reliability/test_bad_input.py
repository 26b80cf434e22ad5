"""Every view and export, fed malformed and hostile parameters, answers with a reason and never a 500."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from tests.maps.conftest import make_campus, sit

HOSTILE = ["", "0", "-1", "99999999999999999999", "1e309", "NaN", "../../etc/passwd", "<script>alert(1)</script>",
           "' OR 1=1 --", "=cmd|' /C calc'!A0", "\x00", "é", "🙂", "%", "a" * 3000, "2026-13-45", "true", "[]"]
# Admin pages are Django's own, and allauth's views are tested by their own suite.
SKIPPED_PREFIXES = ("admin/", "accounts/", "i18n/")

parameter_names = st.sampled_from(["campus", "cluster", "since", "until", "login", "page", "interval", "field",
                                   "by", "excel", "host", "active", "rotate", "clusters", "token", "state",
                                   "filter[campus]", "range[created_at]", "period", "days"]) | st.text(max_size=20)
parameter_values = st.sampled_from(HOSTILE) | st.text(max_size=40)


def url_patterns(resolver=None, prefix=""):
    """(route, pattern) for every URL the project registers."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


ROUTES = sorted({route for route, _ in url_patterns() if not route.startswith(SKIPPED_PREFIXES)})


def fill(route, values):
    """Turn a route such as campus/<int:campus_id>/ into a path with the given segment values."""
    path, rest = "/", route.lstrip("^")
    for value in values:
        if "<" not in rest:
            break
        head, _, tail = rest.partition("<")
        kind, _, tail = tail.partition(">")
        path += head + value
        rest = tail
    return (path + rest).replace("$", "").replace("//", "/")


@pytest.fixture
def campus(db, settings):
    settings.GRAPH_PAGE_BUDGET = 0  # never wait on an API that tests do not run
    campus = make_campus()
    sit(campus, "e1r1p1", "jdoe")
    return campus


@pytest.mark.parametrize("route", ROUTES)
@examples(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(segments=st.lists(st.sampled_from(["1", "e1", "jdoe", "0", "zz9", "a%20b", "999999"]), min_size=3,
                         max_size=3),
       params=st.dictionaries(parameter_names, parameter_values, max_size=4),
       method=st.sampled_from(["get", "post"]))
def test_no_view_answers_500_to_hostile_input(staff_client, campus, route, segments, params, method):
    path = fill(route, segments)

    response = getattr(staff_client, method)(path, params)

    assert response.status_code < 500, (method, path, params, response.status_code)
