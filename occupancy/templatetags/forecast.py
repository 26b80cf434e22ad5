"""Forecast fragments that the map, the overview, the wall display and the status page include."""

from django import template
from django.utils import timezone

from occupancy.forecast.present import display_lines, strip
from occupancy.forecast.store import forecast_states
from occupancy.models import Campus

register = template.Library()


@register.inclusion_tag("occupancy/_forecast_strip.html")
def forecast_strip(campus, cluster=""):
    return {"campus": campus, "cluster": cluster, "strip": strip(campus, cluster, now=timezone.now()),
            "with_assets": True}


@register.inclusion_tag("occupancy/_forecast_lines.html")
def forecast_lines(display, token):
    lines, expires_at = display_lines(display, now=timezone.now())
    return {"lines": lines, "expires_at": expires_at, "token": token, "with_assets": True}


@register.inclusion_tag("occupancy/_forecast_status.html")
def forecast_status():
    states = forecast_states()
    return {"rows": [(campus, states.get(campus.id)) for campus in Campus.objects.order_by("name")]}
