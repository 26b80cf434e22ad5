"""The forecast where people look: its JSON and page fragments for staff, and for a wall display by its token.

Everything here reads the Forecast table (written ahead by the hourly task); nothing computes a forecast.
"""

import re
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from occupancy.displays import enabled_display
from occupancy.forecast.present import display_lines, forecast_payload, strip
from occupancy.models import Campus
from occupancy.views.errors import json_error
from occupancy.views.maps import json_with_etag

CLUSTER = re.compile(r"^[A-Za-z0-9_-]{0,50}$")
MAX_HOURS = 24 * 7


def _cluster(request):
    """The ?cluster= asked for ("" the whole campus), or None when it is not a cluster name."""
    name = request.GET.get("cluster", "")
    return name if CLUSTER.match(name) else None


@require_GET
def forecast_json(request, campus_id):
    campus = Campus.objects.filter(id=campus_id).first()
    if campus is None:
        return json_error(f"no campus {campus_id}", status=404)
    cluster = _cluster(request)
    if cluster is None:
        return json_error("cluster: letters, digits, - and _ only")
    hours = request.GET.get("hours", "24")
    if not hours.isdigit() or not 1 <= int(hours) <= MAX_HOURS:
        return json_error(f"hours: a whole number from 1 to {MAX_HOURS}")
    clusters = [cluster] if "cluster" in request.GET else None
    return json_with_etag(request, forecast_payload(campus, now=timezone.now(), clusters=clusters, hours=int(hours)))


@require_GET
def forecast_fragment(request, campus_id):
    """The strip of the next hours alone, for forecast.js to swap in."""
    campus = get_object_or_404(Campus, id=campus_id)
    cluster = _cluster(request)
    if cluster is None:
        return json_error("cluster: letters, digits, - and _ only")
    return render(request, "occupancy/_forecast_strip.html", {
        "campus": campus, "cluster": cluster, "strip": strip(campus, cluster, now=timezone.now())})


def display_door(view):
    """A wall display's view: its token instead of a sign-in; an unknown or revoked token gets a 403."""

    @login_not_required
    @require_GET
    @wraps(view)
    def opened(request, token):
        display = enabled_display(token)
        if display is None:
            return json_error("this display is not enabled", status=403)
        return view(request, display, token)

    return opened


@display_door
def kiosk_forecast(request, display, token):
    """The wall display's forecast lines alone, for forecast.js to swap in."""
    lines, expires_at = display_lines(display, now=timezone.now())
    return render(request, "occupancy/_forecast_lines.html", {"lines": lines, "expires_at": expires_at,
                                                               "token": token})


@display_door
def kiosk_forecast_json(request, display, token):
    """A display's clusters' forecast, for integrators holding its token (no login, no personal data)."""
    return json_with_etag(request, forecast_payload(display.campus, now=timezone.now(),
                                                    clusters=display.clusters or None))
