"""The read side: seat maps, freshness, seat and user history. No HTTP here; a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from occupancy.layouts.plan import ClusterPlan, Place, cluster_plans
from occupancy.models import Campus, ClusterDrawing, LayoutVersion, Location, Seat, SyncState

TAKEN, FREE = "taken", "free"


@dataclass
class SeatView:
    id: int
    host: str
    row: int
    post: int
    state: str  # taken, free, out_of_service, reserved
    login: str = ""
    since: object = None
    note: str = ""
    seen: bool = True  # False: the layout places a seat no host has ever reported
    place: Place | None = None  # where the plan draws it; None when unplaced
    avatar: str = ""  # the seated user's picture link on the intra's host

    def as_json(self, *, show_login=True):
        """The seat as the renderer (static/js/floorplan.js) takes it; without logins, nothing that names anyone."""
        data = {"id": self.id, "host": self.host, "state": self.state if self.seen else "unseen",
                "login": self.login if show_login else "",
                "since": self.since.isoformat() if self.since and show_login else None,
                "note": self.note if show_login else ""}
        # A face names someone as surely as a login does. Only a link on INTRA_CDN_URL, the one picture
        # host the Content-Security-Policy lets pages load from: any other would be a broken image.
        if show_login and self.avatar.startswith(settings.INTRA_CDN_URL + "/"):
            data["avatar"] = self.avatar
        if self.place:
            data.update(x=self.place.x, y=self.place.y)
            if (self.place.w, self.place.h) != (1, 1):
                data.update(w=self.place.w, h=self.place.h)
            if self.place.rotate:
                data["rotate"] = self.place.rotate
        return data


@dataclass
class ClusterView:
    name: str
    label: str
    places: list = field(default_factory=list)  # SeatView of every seat the plan draws, seen or not
    shapes: list = field(default_factory=list)
    bounds: tuple = (0, 0, 1, 1)
    counts: dict = field(default_factory=dict)
    plan: ClusterPlan | None = None  # where its seats and shapes sit, as the layout says (for the editor)

    @property
    def seats(self):
        return [seat for seat in self.places if seat.seen]

    @property
    def share_taken(self):
        usable = self.counts.get(TAKEN, 0) + self.counts.get(FREE, 0)
        return self.counts.get(TAKEN, 0) / usable if usable else 0.0

    def as_json(self, *, show_logins=True):
        """The cluster's plan and live state, as the renderer draws it on the map, the overview and the kiosk."""
        return {"name": self.name, "label": self.label, "counts": self.counts, "bounds": self.bounds,
                "shapes": self.shapes, "seats": [seat.as_json(show_login=show_logins) for seat in self.places]}


@dataclass
class CampusMap:
    clusters: list
    unplaced: list  # SeatView of hosts that fit no pattern or that the layout does not place
    has_layout_file: bool


def campus_map(campus):
    """Every cluster of a campus, drawn by its layout, with who sits where now: three queries."""
    seats = list(Seat.objects.filter(campus=campus).values_list("id", "host", "cluster", "row", "post", "state",
                                                                "note"))
    active = {
        seat_id: (login, begin_at, avatar)
        for seat_id, login, begin_at, avatar in Location.objects.active().filter(campus=campus)
        .order_by("begin_at").values_list("seat_id", "login", "begin_at", "avatar")
    }
    document = LayoutVersion.objects.filter(campus=campus, in_use=True).values_list("document", flat=True).first()
    plans = cluster_plans(document, [(host, c, r, p) for _, host, c, r, p, _, _ in seats])
    by_host = {}
    for seat_id, host, _cluster, row, post, state, note in seats:
        login, since, avatar = active.get(seat_id, ("", None, ""))
        by_host[host] = SeatView(seat_id, host, row, post, state or (TAKEN if login else FREE), login, since, note,
                                 avatar=avatar)
    clusters = []
    for plan in plans:
        cluster = ClusterView(plan.name, plan.label, shapes=plan.shapes, bounds=plan.bounds, plan=plan)
        for place in plan.places:
            seat = by_host.pop(place.host, None) or SeatView(0, place.host, None, None, FREE, seen=False)
            seat.place = place
            cluster.places.append(seat)
            if seat.seen:
                cluster.counts[seat.state] = cluster.counts.get(seat.state, 0) + 1
        clusters.append(cluster)
    return CampusMap(clusters, sorted(by_host.values(), key=lambda v: v.host), document is not None)


def default_campus(user):
    """The campus a page opens on: the signed-in staff member's own (kept at sign-in), else the first by name."""
    own = getattr(getattr(user, "staff_profile", None), "campus_ids", None) or []
    return Campus.objects.filter(id__in=own).order_by("name").first() or Campus.objects.order_by("name").first()


def find_cluster(campus_map_, name):
    return next((cluster for cluster in campus_map_.clusters if cluster.name == name), None)


@dataclass
class Freshness:
    synced_at: object
    age: float | None
    stale_after: int  # seconds: three cycles of the live feed
    stale: bool

    @property
    def synced_at_iso(self):
        return self.synced_at.isoformat() if self.synced_at else None


def freshness(now=None):
    """When locations last synced; stale past three cycles of the live feed."""
    now = now or timezone.now()
    stale_after = 3 * settings.SYNC_LOCATIONS_EVERY
    synced_at = (SyncState.objects.filter(feed__in=["locations", "locations_reconcile"])
                 .aggregate(latest=Max("last_success_at"))["latest"])
    if synced_at is None:
        return Freshness(None, None, stale_after, True)
    age = (now - synced_at).total_seconds()
    return Freshness(synced_at, age, stale_after, age > stale_after)


def where_is(login):
    """The location where a login sits now, else the one they left last; None if never seen."""
    located = Location.objects.filter(login=login).select_related("seat", "campus")
    return located.active().order_by("-begin_at").first() or located.order_by("-end_at").first()


def seat_history(seat):
    """Who sat at a seat, newest first (a queryset to page)."""
    return Location.objects.filter(seat=seat).order_by("-begin_at")


def user_sessions(login, since):
    return (Location.objects.filter(login=login, begin_at__gte=since).select_related("seat", "campus")
            .order_by("-begin_at"))


def time_on_campus_per_day(locations, time_zone, now=None):
    """Seconds on campus per local day for a list of locations (sessions split at midnight)."""
    now = now or timezone.now()
    zone = ZoneInfo(time_zone)
    days = {}
    for location in locations:
        begin = location.begin_at.astimezone(zone)
        end = (location.end_at or now).astimezone(zone)
        while begin < end:
            midnight = (begin + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
            piece_end = min(end, midnight)
            days[begin.date()] = days.get(begin.date(), 0) + (piece_end - begin).total_seconds()
            begin = piece_end
    return sorted(days.items(), reverse=True)


def drift_report(campus, stale_days, now=None):
    """Hosts the layout does not place, layout seats not seen for stale_days (or never), and seats the layout
    puts in one cluster whose host is now seen in another; with the clusters drawn by the intra's plan."""
    now = now or timezone.now()
    map_ = campus_map(campus)
    cutoff = now - timedelta(days=stale_days)
    seen = {seat_id: (last, cluster) for seat_id, last, cluster in
            Seat.objects.filter(campus=campus).values_list("id", "last_seen", "cluster")}
    stale, elsewhere = [], []
    for cluster in map_.clusters:
        for seat in cluster.places:
            if not seat.seen or seen[seat.id][0] < cutoff:
                stale.append((cluster.name, seat, seen.get(seat.id, (None,))[0]))
            elif seen[seat.id][1] and seen[seat.id][1] != cluster.name:
                elsewhere.append((cluster.name, seat, seen[seat.id][1]))
    unplaced = [(seat, seen[seat.id][0]) for seat in map_.unplaced]
    from_intra = sorted(ClusterDrawing.objects.filter(campus=campus, state=ClusterDrawing.IMPORTED)
                        .values_list("cluster", flat=True))
    return {"unplaced": unplaced, "stale": stale, "elsewhere": elsewhere, "from_intra": from_intra,
            "has_layout_file": map_.has_layout_file}

