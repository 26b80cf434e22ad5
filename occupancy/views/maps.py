"""Live seat maps: campus overview, cluster map and its JSON, search, seat and user pages, drift report."""

import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_POST

from occupancy.forms import PageForm, SearchForm, SeatNoteForm, first_error
from occupancy.live import versions
from occupancy.models import Campus, Seat
from occupancy.read import queries
from occupancy.read.logins import logins_starting_with
from occupancy.views.errors import bad_request, json_error

USER_HISTORY_DAYS = 30


def campuses_for(request):
    return list(Campus.objects.order_by("name"))


@require_GET
def home(request):
    campus = queries.default_campus(request.user)
    if campus is None:
        return render(request, "occupancy/no_campus.html")
    return redirect("campus", campus_id=campus.id)


@require_GET
def campus_overview(request, campus_id):
    campus = get_object_or_404(Campus, id=campus_id)
    map_ = queries.campus_map(campus)
    freshness = queries.freshness()
    return render(request, "occupancy/campus.html", {
        "campus": campus, "campuses": campuses_for(request), "map": map_,
        "freshness": freshness, "labels": map_labels(), "plan": campus_payload(campus, map_, freshness),
    })


def _map_and_cluster(campus, name):
    map_ = queries.campus_map(campus)
    cluster = queries.find_cluster(map_, name)
    return map_, cluster


@require_GET
def cluster_map(request, campus_id, cluster):
    campus = get_object_or_404(Campus, id=campus_id)
    map_, found = _map_and_cluster(campus, cluster)
    if found is None:
        return bad_request(request, _("Campus %(campus)s has no cluster %(cluster)s.") % {
            "campus": campus.name, "cluster": cluster}, status=404)
    freshness = queries.freshness()
    return render(request, "occupancy/cluster.html", {
        "campus": campus, "campuses": campuses_for(request), "map": map_, "cluster": found,
        "freshness": freshness, "labels": map_labels(), "plan": map_payload(campus, found, freshness),
        "legend": map_legend(),
        "highlight": request.GET.get("seat", ""),
    })


def map_labels():
    """The words the live pages' scripts write, in the page's language, and the long-session threshold."""
    return {"out_of_service": _("out of service"), "reserved": _("reserved"), "ago": _("updated %s s ago"),
            "late": _("the data is late: the last sync is older than three cycles"),
            "taken": _("taken"), "free": _("free"), "unseen": _("in the layout, never seen"),
            "since": _("since"), "long": _("open for more than %s h: left logged in?"),
            "counts": _("%(taken)s taken, %(free)s free"), "seat": _("seat"), "login": _("login"),
            "note": _("note"), "units": {"d": pgettext("days, abbreviated", "d"),
                                         "h": pgettext("hours, abbreviated", "h"),
                                         "min": pgettext("minutes, abbreviated", "min")},
            "long_session_hours": settings.MAP_LONG_SESSION_HOURS}


def map_legend():
    """(seat classes, words) of each way the plan draws a seat."""
    return [("free", _("free")), ("taken age-0", _("taken, less than 1 h")), ("taken age-1", _("taken, 1 to 3 h")),
            ("taken age-2", _("taken, 3 to 6 h")), ("taken age-3", _("taken, 6 h or more")),
            ("taken age-3 long", _("open more than %(hours)s h: left logged in?") % {
                "hours": settings.MAP_LONG_SESSION_HOURS}),
            ("out_of_service", _("out of service (hatched)")), ("reserved", _("reserved (dashed)")),
            ("unseen", _("in the layout, never seen (dotted)"))]


def map_payload(campus, cluster, freshness):
    """A cluster's plan and live state as JSON-ready data."""
    return {"campus": campus.id, "cluster": cluster.name, "synced_at": freshness.synced_at_iso,
            "time_zone": campus.time_zone, **cluster.as_json()}


def campus_payload(campus, map_, freshness):
    """Every cluster's plan and live state: the overview draws them all."""
    return {"campus": campus.id, "synced_at": freshness.synced_at_iso, "time_zone": campus.time_zone,
            "clusters": [cluster.as_json() for cluster in map_.clusters]}


def not_modified(request, etag):
    """A 304 when the client holds the answer of this version (built from live versions: no query), else None."""
    if not etag or etag not in request.headers.get("If-None-Match", ""):
        return None
    response = HttpResponseNotModified()
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response


def json_with_etag(request, payload, etag=None):
    """200 with an ETag (the given version's, or the body's hash), or 304 when the client already holds it."""
    body = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    etag = etag or '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def cluster_map_json(request, campus_id, cluster):
    # The version is read before the data is built: a write in between makes the next poll a 200, never a 304.
    etag = versions.cluster_etag(campus_id, cluster)
    if unchanged := not_modified(request, etag):
        return unchanged
    campus = Campus.objects.filter(id=campus_id).first()
    if campus is None:
        return json_error(f"no campus {campus_id}", status=404)
    _map, found = _map_and_cluster(campus, cluster)
    if found is None:
        return json_error(f"campus {campus_id} has no cluster {cluster}", status=404)
    return json_with_etag(request, map_payload(campus, found, queries.freshness()), etag)


@require_GET
def campus_map_json(request, campus_id):
    etag = versions.campus_etag(campus_id)
    if unchanged := not_modified(request, etag):
        return unchanged
    campus = Campus.objects.filter(id=campus_id).first()
    if campus is None:
        return json_error(f"no campus {campus_id}", status=404)
    return json_with_etag(request, campus_payload(campus, queries.campus_map(campus), queries.freshness()), etag)


@require_GET
def search(request):
    form = SearchForm(request.GET)
    if not form.is_valid():
        return bad_request(request, first_error(form))
    login = form.cleaned_data["login"]
    location = queries.where_is(login)
    if location is None:  # not a whole login: those it begins, seated first; one of them is as good as found
        matches = logins_starting_with(login)
        if not matches:
            return bad_request(request, _("%(login)s has never been seen on a campus we sync.") % {"login": login},
                               status=404)
        if len(matches) > 1:
            return render(request, "occupancy/search.html", {"text": login, "matches": matches})
        login = matches[0].login
        location = queries.where_is(login)
    if location.end_at is None and location.seat.cluster:
        url = reverse("cluster", args=[location.campus_id, location.seat.cluster])
        return redirect(f"{url}?seat={location.seat.host}#seat-{location.seat_id}")
    return redirect("user", login=login)


def _page(request, queryset, per_page=50):
    form = PageForm(request.GET)
    if not form.is_valid():
        return None, first_error(form)
    paginator = Paginator(queryset, per_page)
    number = form.cleaned_data["page"] or 1
    if number > paginator.num_pages:
        return None, _("page %(page)s is past the last page (%(last)s).") % {"page": number,
                                                                             "last": paginator.num_pages}
    return paginator.page(number), None


@require_GET
def seat_detail(request, seat_id):
    seat = get_object_or_404(Seat.objects.select_related("campus"), id=seat_id)
    page, error = _page(request, queries.seat_history(seat))
    if error:
        return bad_request(request, error)
    current = queries.seat_history(seat).filter(end_at__isnull=True).first()
    return render(request, "occupancy/seat.html", {
        "seat": seat, "campus": seat.campus, "page": page, "current": current,
        "note_form": SeatNoteForm(initial={"state": seat.state, "note": seat.note}),
    })


@require_POST
def seat_note(request, seat_id):
    seat = get_object_or_404(Seat, id=seat_id)
    form = SeatNoteForm(request.POST)
    if not form.is_valid():
        return bad_request(request, first_error(form))
    seat.state = form.cleaned_data["state"]
    seat.note = form.cleaned_data["note"]
    seat.marked_by = request.user.get_username()
    seat.marked_at = timezone.now()
    seat.save(update_fields=["state", "note", "marked_by", "marked_at"])
    versions.seats_changed([seat.id])
    return redirect("seat", seat_id=seat.id)


@require_GET
def user_detail(request, login):
    form = SearchForm({"login": login})
    if not form.is_valid():
        return bad_request(request, first_error(form))
    login = form.cleaned_data["login"]
    since = timezone.now() - timedelta(days=USER_HISTORY_DAYS)
    sessions = list(queries.user_sessions(login, since))
    located = queries.where_is(login)
    if located is None:
        return bad_request(request, _("%(login)s has never been seen on a campus we sync.") % {"login": login},
                           status=404)
    zone = located.campus.time_zone
    return render(request, "occupancy/user.html", {
        "login": login, "sessions": sessions, "located": located, "days": USER_HISTORY_DAYS,
        "per_day": queries.time_on_campus_per_day(sessions, zone), "time_zone": zone,
    })


@require_GET
def drift(request, campus_id):
    campus = get_object_or_404(Campus, id=campus_id)
    return render(request, "occupancy/drift.html", {
        "campus": campus, "campuses": campuses_for(request), "stale_days": settings.LAYOUT_STALE_DAYS,
        "report": queries.drift_report(campus, settings.LAYOUT_STALE_DAYS),
    })
