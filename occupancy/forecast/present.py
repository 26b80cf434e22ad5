"""The forecast as people read it: the strip of the next hours, the best hour today, the wall display's line.

Built from the Forecast table's Outlooks (store.py); nothing here computes a forecast.
"""

from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

from occupancy.forecast.store import outlooks, short_of_history

STRIP_HOURS = 12
BAR_HEIGHT = 40  # the strip's SVG units: drawn as attributes, not styles, under a strict CSP


@dataclass
class Bar:
    label: str  # local hour, "14:00"
    seats: int
    low: int
    median: int
    high: int
    percent: int
    top: float  # SVG geometry of the median's bar and the band's line
    height: float
    band_top: float
    band_bottom: float


@dataclass
class Strip:
    state: str  # "ok", "short" (not enough history yet), "none" (no current forecast)
    bars: list
    best: object  # (local hour label, seats free) or None
    made_at: str  # local time, "13:05"
    expires_at: object  # from then on the strip is not current any more


def strip(campus, cluster="", *, now):
    """The strip of `cluster` ("" the whole campus) for the next STRIP_HOURS hours."""
    found = outlooks(campus, now=now, clusters=[cluster], hours=STRIP_HOURS).get(cluster)
    if found is None or found.stale:
        short = short_of_history(campus)
        return Strip("short" if short is not None and cluster in short else "none", [], None, None, None)
    zone = ZoneInfo(campus.time_zone)
    bars = []
    for row in found.hours:
        scale = BAR_HEIGHT / max(row.seats, 1)
        bars.append(Bar(
            label=row.hour.astimezone(zone).strftime("%H:00"), seats=row.seats, low=round(row.p10),
            median=round(row.p50), high=round(row.p90), percent=round(100 * row.p50 / max(row.seats, 1)),
            top=round(BAR_HEIGHT - row.p50 * scale, 1), height=round(row.p50 * scale, 1),
            band_top=round(BAR_HEIGHT - row.p90 * scale, 1), band_bottom=round(BAR_HEIGHT - row.p10 * scale, 1)))
    best = found.best_hour(zone)
    return Strip("ok", bars, best and (best.hour.astimezone(zone).strftime("%H:00"), round(best.seats - best.p50)),
                 found.made_at.astimezone(zone).strftime("%H:%M"),
                 found.made_at + timedelta(seconds=settings.FORECAST_MAX_AGE))


def display_lines(display, *, now):
    """One line per cluster the display may show: "e2: busy from 14:00, seats again after 19:00"."""
    zone = ZoneInfo(display.campus.time_zone)
    found = outlooks(display.campus, now=now, clusters=display.clusters or None, hours=STRIP_HOURS)
    order = display.clusters or sorted(name for name in found if name)
    lines = []
    share = settings.FORECAST_BUSY_PERCENT / 100
    for name in order:
        outlook = found.get(name)
        if outlook is None or outlook.stale or not name:
            continue
        spell = outlook.busy_spell(share=share)
        if spell is None:
            text = _("%(cluster)s: seats free for the next %(hours)d hours") % {"cluster": name, "hours": STRIP_HOURS}
        else:
            start, after = spell
            values = {"cluster": name, "start": start.hour.astimezone(zone).strftime("%H:00"),
                      "after": after and after.hour.astimezone(zone).strftime("%H:00")}
            if start is outlook.hours[0]:
                text = (_("%(cluster)s: busy now, seats again after %(after)s") if after else
                        _("%(cluster)s: busy now and for the next hours")) % values
            else:
                text = (_("%(cluster)s: busy from %(start)s, seats again after %(after)s") if after else
                        _("%(cluster)s: busy from %(start)s")) % values
        lines.append(text)
    made = min((o.made_at for o in found.values()), default=None)
    return lines, made and made + timedelta(seconds=settings.FORECAST_MAX_AGE)


def forecast_payload(campus, *, now, clusters=None, hours=24):
    """The JSON of a campus's forecast (or of `clusters`): seats and percent of seats, per hour ahead."""
    found = outlooks(campus, now=now, clusters=clusters, hours=hours)
    short = short_of_history(campus) or set()
    names = clusters if clusters is not None else sorted(set(found) | short)
    items = []
    for name in names:
        outlook = found.get(name)
        if outlook is None:
            items.append({"cluster": name, "state": "not enough history yet" if name in short else "no forecast"})
            continue
        items.append({"cluster": name, "state": "ok", "seats": outlook.seats, "made_at": outlook.made_at.isoformat(),
                      "current": not outlook.stale, "hours": [
                          {"hour": row.hour.isoformat(), "p10": row.p10, "p50": row.p50, "p90": row.p90,
                           "percent": {q: round(100 * value / max(row.seats, 1), 1)
                                       for q, value in (("p10", row.p10), ("p50", row.p50), ("p90", row.p90))}}
                          for row in outlook.hours]})
    return {"campus": campus.id, "name": campus.name, "time_zone": campus.time_zone,
            "max_age": settings.FORECAST_MAX_AGE, "clusters": items}
