"""The read side: seat maps, freshness, seat and user history. No HTTP here; a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from occupancy.layouts import clusters_from_document, infer_clusters
from occupancy.models import CampusLayout, Location, Seat, SyncState

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

    def as_json(self, *, show_login=True):
        return {
            "id": self.id, "host": self.host, "row": self.row, "post": self.post, "state": self.state,
            "login": self.login if show_login else "", "since": self.since.isoformat() if self.since else None,
            "note": self.note,
        }


@dataclass
class ClusterView:
    name: str
    label: str
    rows: list = field(default_factory=list)  # [(row number, [SeatView | None for a gap])]
    counts: dict = field(default_factory=dict)

    @property
    def seats(self):
        return [seat for _, cells in self.rows for seat in cells if seat is not None and seat.seen]

    @property
    def share_taken(self):
        usable = self.counts.get(TAKEN, 0) + self.counts.get(FREE, 0)
        return self.counts.get(TAKEN, 0) / usable if usable else 0.0


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
        seat_id: (login, begin_at)
        for seat_id, login, begin_at in Location.objects.active().filter(campus=campus)
        .order_by("begin_at").values_list("seat_id", "login", "begin_at")
    }
    layout = CampusLayout.objects.filter(campus=campus).values_list("document", flat=True).first()
    if layout:
        layouts = clusters_from_document(layout)
    else:
        layouts = infer_clusters((c, r, p) for _, _, c, r, p, _, _ in seats if c and r is not None and p is not None)
    by_place = {}
    unplaced = []
    for seat_id, host, cluster, row, post, state, note in seats:
        login, since = active.get(seat_id, ("", None))
        view = SeatView(seat_id, host, row, post, state or (TAKEN if login else FREE), login, since, note)
        if cluster and row is not None and post is not None:
            by_place[(cluster, row, post)] = view
        else:
            unplaced.append(view)
    clusters = []
    placed = set()
    for layout_cluster in layouts:
        cluster = ClusterView(layout_cluster.name, layout_cluster.label)
        for row in layout_cluster.rows:
            cells = []
            for post in range(1, row.posts + 1):
                if post in row.gaps:
                    cells.append(None)
                    continue
                key = (layout_cluster.name, row.number, post)
                seat = by_place.get(key) or SeatView(0, f"{layout_cluster.name}r{row.number}p{post}", row.number,
                                                     post, FREE, seen=False)
                placed.add(key)
                cells.append(seat)
                if seat.seen:
                    cluster.counts[seat.state] = cluster.counts.get(seat.state, 0) + 1
            cluster.rows.append((row.number, cells))
        clusters.append(cluster)
    unplaced += [view for key, view in by_place.items() if key not in placed]
    return CampusMap(clusters, sorted(unplaced, key=lambda v: v.host), bool(layout))


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
    """Hosts the layout does not place, and layout seats not seen for stale_days (or never)."""
    now = now or timezone.now()
    map_ = campus_map(campus)
    cutoff = now - timedelta(days=stale_days)
    last_seen = dict(Seat.objects.filter(campus=campus).values_list("id", "last_seen"))
    stale = []
    for cluster in map_.clusters:
        for _, cells in cluster.rows:
            for seat in cells:
                if seat is not None and (not seat.seen or last_seen[seat.id] < cutoff):
                    stale.append((cluster.name, seat, last_seen.get(seat.id)))
    unplaced = [(seat, last_seen[seat.id]) for seat in map_.unplaced]
    return {"unplaced": unplaced, "stale": stale, "has_layout_file": map_.has_layout_file}

