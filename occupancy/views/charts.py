"""Chart pages: how the campus is used (our roll-up), pools and project sessions, and the intra's graph.

Each chart has a CSV of exactly its rows at `<page>/<slug>.csv` with the page's own parameters.
"""

import time
from collections.abc import Callable
from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from kombu.exceptions import OperationalError

from occupancy.chart_forms import CampusPeriodForm, ForecastPeriodForm
from occupancy.forms import first_error
from occupancy.graph import (
    CAMPUSES,
    CURSUS,
    FIELD_WORDS,
    INTERVAL_WORDS,
    STATUS_WORDS,
    GraphParameterError,
    cached_answer,
    claim_refresh,
    cursus_word,
    is_stale,
    parse_graph_query,
)
from occupancy.models import Campus
from occupancy.read import charts, queries, usage
from occupancy.read.exports import filename, stream_csv
from occupancy.sync.pools import BALANCES_FEED, balances_need_role
from occupancy.sync.state import feed_state
from occupancy.tasks import refresh_graph
from occupancy.views.errors import bad_request

SESSIONS_AHEAD_DAYS = 30
BUDGET_POLL = 0.1


def _campus_form(request, now, spec):
    data = request.GET.copy()
    if not data.get("campus"):
        campus = queries.default_campus(request.user)
        data["campus"] = str(campus.id if campus else "")
    return spec.form(data, now=now, history_start=spec.history_start)


def usage_charts(form, *, now, only=None):
    """The charts of the usage page (or the one named `only`), from the hourly roll-up."""
    campus, (since, until), cluster = form.cleaned_data["campus"], form.cleaned_data["bounds"], form.cleaned_data[
        "cluster"]
    wanted = [only] if only else ["people-hour", "people-day", "weekday-hour", "clusters", "longest-sessions"]
    built = []
    for slug in wanted:
        if slug == "people-hour" and until - since <= timedelta(days=charts.HOURLY_LIMIT_DAYS):
            built.append(charts.people_chart(campus, since, until, by="hour", cluster=cluster, now=now))
        elif slug == "people-day":
            built.append(charts.people_chart(campus, since, until, by="day", cluster=cluster))
        elif slug == "weekday-hour":
            built.append(charts.heatmap_chart(campus, since, until))
        elif slug in ("clusters", "utilisation"):
            built += [chart for chart in charts.cluster_charts(campus, since, until) if only in (None, chart.slug)]
        elif slug == "longest-sessions":
            built.append(charts.longest_sessions_chart(campus, since, until, now=now))
    return built


def pool_charts(form, *, only=None):
    campus, (since, until) = form.cleaned_data["campus"], form.cleaned_data["bounds"]
    built = []
    if only in (None, "pool-points"):
        built.append(charts.pool_points_chart(campus, since, until))
    if only in (None, "balances"):
        needs_role = feed_state(BALANCES_FEED).needs_role if balances_need_role() else ""
        built.append(charts.balances_chart(campus, since, until, needs_role=needs_role))
    return built


def session_charts(form, *, now, only=None):
    until = now + timedelta(days=SESSIONS_AHEAD_DAYS)
    return [charts.project_sessions_chart(form.cleaned_data["campus"], now, until)] if only in (
        None, "project-sessions") else []


class ChartPage(NamedTuple):
    template: str
    build: Callable  # (form, now, only) -> [Chart]
    history_start: Callable | None = None  # campus -> first day of data, where the default period starts no earlier
    form: type = CampusPeriodForm


PAGES = {
    "usage": ChartPage("occupancy/charts_usage.html",
                       lambda form, now, only: usage_charts(form, now=now, only=only), usage.first_day),
    "pools": ChartPage("occupancy/charts_pools.html", lambda form, now, only: pool_charts(form, only=only)),
    "sessions": ChartPage("occupancy/charts_sessions.html",
                          lambda form, now, only: session_charts(form, now=now, only=only)),
    "forecast": ChartPage("occupancy/charts_forecast.html", lambda form, now, only: [charts.forecast_chart(
        form.cleaned_data["campus"], *form.cleaned_data["bounds"], cluster=form.cleaned_data["cluster"])]
        if only in (None, "forecast") else [], form=ForecastPeriodForm),
}


@require_GET
def chart_page(request, page):
    now = timezone.now()
    spec = PAGES[page]
    form = _campus_form(request, now, spec)
    if not form.is_valid():
        return bad_request(request, first_error(form))
    return render(request, spec.template, {
        "form": form, "campus": form.cleaned_data["campus"], "campuses": Campus.objects.order_by("name"),
        "charts": spec.build(form, now, None), "page": page, "query": form.data.urlencode(),
        "csv_url": f"charts-{page}-csv",
    })


@require_GET
def chart_csv(request, page, slug):
    now = timezone.now()
    spec = PAGES[page]
    form = _campus_form(request, now, spec)
    if not form.is_valid():
        return bad_request(request, first_error(form))
    found = spec.build(form, now, slug)
    if not found:
        raise Http404(f"no chart {slug} on the {page} page")
    data = form.cleaned_data
    name = filename(found[0].slug, data["campus"], data["since"], data["until"], data.get("cluster"))
    return stream_csv(found[0].csv_rows, found[0].columns, name, excel=request.GET.get("excel") == "1")


# --- the intra's projects_users graph ------------------------------------------------------


def _graph_where(query):
    campuses = dict(Campus.objects.values_list("id", "name"))
    parts = []
    if query.filter_map.get("campus"):
        parts.append(", ".join(campuses.get(int(c)) or _("campus %(id)s") % {"id": c}
                               for c in query.filter_map.get("campus").split(",")))
    else:
        parts.append(_("every campus"))
    if query.filter_map.get("cursus"):
        parts.append(", ".join(cursus_word(int(c)) for c in query.filter_map["cursus"].split(",")))
    words = {**STATUS_WORDS, "true": _("yes"), "false": _("no")}
    parts += [f"{name} {words.get(value, value)}" for name, value in query.filters if name not in ("campus", "cursus")]
    parts += [_("%(field)s from %(first)s to %(last)s") % {"field": name, "first": value.split(",")[0],
                                                          "last": value.split(",")[-1]} for name, value in query.ranges]
    return ", ".join(parts)


def _answer_within_budget(query, now):
    """The cached answer; a stale or missing one is refreshed in the background, and a missing one is waited
    for at most GRAPH_PAGE_BUDGET seconds. Returns (answer, queued, queue_error)."""
    answer = cached_answer(query)
    queued, queue_error = False, ""
    if is_stale(answer, now, settings.GRAPH_MAX_AGE) and claim_refresh(query, now, every=settings.GRAPH_MAX_AGE
                                                                      if answer and answer.fetched_at else 60):
        try:
            refresh_graph.delay(query.key)
            queued = True
        except OperationalError as error:
            queue_error = str(error)
    deadline = time.monotonic() + settings.GRAPH_PAGE_BUDGET
    while (answer is None or answer.fetched_at is None) and time.monotonic() < deadline:
        time.sleep(BUDGET_POLL)
        answer = cached_answer(query)
    return answer, queued, queue_error


@require_GET
def registrations(request):
    try:
        query = parse_graph_query(request.GET.items())
    except GraphParameterError as error:
        return bad_request(request, str(error))
    now = timezone.now()
    answer, queued, queue_error = _answer_within_budget(query, now)
    chart = None
    if answer is not None and answer.fetched_at is not None:
        chart = charts.graph_chart(query, answer.counts, where=f"{_graph_where(query)}, "
                                   f"from the first occurrence to {answer.fetched_at:%Y-%m-%d %H:%M} UTC")
    names = dict(Campus.objects.values_list("id", "name"))
    return render(request, "occupancy/charts_registrations.html", {
        "query": query, "answer": answer, "chart": chart, "queued": queued, "queue_error": queue_error,
        "stale": chart is not None and is_stale(answer, now, settings.GRAPH_MAX_AGE),
        "fields": FIELD_WORDS.items(), "intervals": INTERVAL_WORDS.items(), "statuses": STATUS_WORDS.items(),
        "cursus_values": [(value, cursus_word(value)) for value in CURSUS],
        "campus_values": sorted(((value, names.get(value) or _("campus %(id)s") % {"id": value}) for value in CAMPUSES),
                                key=lambda pair: (pair[0] not in names, str(pair[1]))),
        "campuses": Campus.objects.order_by("name"), "querystring": query.key,
    })


@require_GET
def registrations_csv(request):
    try:
        query = parse_graph_query(request.GET.items())
    except GraphParameterError as error:
        return bad_request(request, str(error))
    answer = cached_answer(query)
    if answer is None or answer.fetched_at is None:
        return bad_request(request, "This graph has not been fetched yet; open its page first.", status=404)
    chart = charts.graph_chart(query, answer.counts, where=_graph_where(query))
    return stream_csv(chart.rows, chart.columns, "registrations.csv", excel=request.GET.get("excel") == "1")
