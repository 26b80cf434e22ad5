"""The intra's drawing of a cluster as a cluster of the campus layout: its seats, its background, what changed.

How a drawing's ids are matched to hosts (seat_key), one rule per campus: both the id and the host are
lowercased and cut at their first dot; when the campus's host pattern (Campus.host_pattern, or the
built-in schemes of occupancy/sync/seats.py, which also drop a domain glued on without its dots, as in
c2r10p142sporgbr) reads a cluster, a row and a post, those three are the key; otherwise the whole name
is. So c1r9s7, C1R9S7, c1r9s7.42.fr and c2r10p142sporgbr / c2r10p1 meet, and a rect and an image with
the same id are one seat (the first element stands). An element whose key names no host seen and that
the pattern does not read is background, as are walls, labels and the cluster's name.

Positions: seat units, as every layout (the drawing's median seat side is 1), from the top-left seat.
"""

from collections import Counter
from statistics import median

from django.db import transaction
from django.utils import timezone

from occupancy.layouts.format import COORDINATE_LIMIT, HOST, MAX_SEATS, MAX_SHAPES, NAME, PATH_DATA
from occupancy.layouts.intra_svg import DrawingRefused, read_drawing
from occupancy.layouts.plan import infer_clusters
from occupancy.layouts.versions import in_use, save_version
from occupancy.models import ClusterDrawing, LayoutVersion, Seat
from occupancy.sync.seats import compiled

MOVED = 0.25  # a seat stands elsewhere when it moved this far (in seats)
THIN = 0.25  # a rectangle thinner than this (in seats) is drawn as a wall, a thicker one as a desk


def seat_key(name, pattern=""):
    """The key under which a drawing's id and a host name are the same seat (see the module's rule)."""
    name = name.strip().lower().split(".", 1)[0]
    match = compiled(pattern).match(name)
    parts = match.groupdict() if match else {}
    if parts.get("cluster") and parts.get("row") and parts.get("post"):
        return (parts["cluster"].lower(), int(parts["row"]), int(parts["post"]))
    return name


def unseen_host(name, pattern=""):
    """How the layout names a drawn seat no host has reported yet: the id up to its post number."""
    name = name.strip().lower().split(".", 1)[0]
    match = compiled(pattern).match(name)
    return name[:match.end("post")] if match and match.groupdict().get("post") else name


def campus_hosts(campus):
    """{key: host} of every seat the campus has seen."""
    hosts = {}
    for host in Seat.objects.filter(campus=campus).order_by("host").values_list("host", flat=True):
        hosts.setdefault(seat_key(host, campus.host_pattern), host)
    return hosts


def cluster_from_drawing(data, *, label, hosts, pattern=""):
    """(cluster name, layout cluster) of an SVG drawing; DrawingRefused with a reason when nothing usable."""
    drawing = read_drawing(data)
    seats = {}
    for box in drawing.boxes:
        key = seat_key(box.id, pattern)
        if key not in seats and (isinstance(key, tuple) or key in hosts):
            seats[key] = box
    rest = [box for box in drawing.boxes if seats.get(seat_key(box.id, pattern)) is not box]
    named = {key: hosts.get(key) or unseen_host(box.id, pattern) for key, box in seats.items()}
    seats = {key: box for key, box in seats.items() if HOST.match(named[key])}
    if not seats:
        raise DrawingRefused("the drawing has no seat: no element's id names a host of this campus")
    unit = median(min(box.w, box.h) for box in seats.values())
    left = min(box.x for box in seats.values())
    top = min(box.y for box in seats.values())

    def at(x, y):
        return _round((x - left) / unit), _round((y - top) / unit)

    def boxed(box):
        x, y = at(box.x, box.y)
        placed = {"x": x, "y": y, "w": _round(box.w / unit), "h": _round(box.h / unit)}
        if box.rotate:
            placed["rotate"] = _round(box.rotate)
        return placed

    shapes = []
    for box in [*rest, *drawing.rects]:
        placed = boxed(box)
        if placed["w"] > 0 and placed["h"] > 0:
            shapes.append({"kind": "wall" if min(placed["w"], placed["h"]) < THIN else "desk", **placed})
    for text, x, y, rotate in drawing.labels:
        x, y = at(x, y)
        shapes.append({"kind": "label", "text": text, "x": x, "y": y, **({"rotate": rotate} if rotate else {})})
    for points in drawing.paths:
        d = " ".join(f"{'M' if i == 0 else 'L'}{' '.join(str(v) for v in at(x, y))}" for i, (x, y) in
                     enumerate(points))
        if PATH_DATA.match(d):
            shapes.append({"kind": "path", "d": d})
    clusters = Counter(key[0] for key in seats if isinstance(key, tuple))
    name = clusters.most_common(1)[0][0] if clusters else "".join(c for c in label if NAME.match(c))[:50]
    entry = {"name": name if NAME.match(name or "") else "cluster", "label": label[:100], "order": 0, "rows": [],
             "seats": [{"host": named[key], **boxed(box)} for key, box in seats.items()],
             "shapes": shapes[:MAX_SHAPES]}
    _check(entry)
    return entry["name"], entry


def _check(entry):
    """What format.parse_layout would refuse, checked on the numbers (its YAML round trip costs 0.4 s a drawing)."""
    boxes = entry["seats"] + [shape for shape in entry["shapes"] if "x" in shape]
    if any(abs(box[key]) > COORDINATE_LIMIT for box in boxes for key in ("x", "y")):
        raise DrawingRefused(f"the drawing spans more than {COORDINATE_LIMIT} seats")
    if any(not 0 < box[key] <= 1000 for box in boxes for key in ("w", "h") if key in box):
        raise DrawingRefused("a seat or shape of the drawing is more than 1000 seats wide")
    if len(entry["seats"]) > MAX_SEATS:
        raise DrawingRefused(f"the drawing has more than {MAX_SEATS} seats")


def _round(value):
    value = round(value, 3)
    return int(value) if value == int(value) else value


def changes(old, new):
    """Seats added, removed and moved from one layout cluster to another (hosts, sorted)."""
    before = {seat["host"]: seat for seat in (old or {}).get("seats", [])}
    after = {seat["host"]: seat for seat in new.get("seats", [])}
    if old and old.get("rows"):  # a rows layout: its seats are not listed, only their count compares
        return {"added": [], "removed": [], "moved": [], "seats_before": _count_rows(old), "seats_after": len(after)}
    moved = [host for host in before.keys() & after.keys()
             if max(abs(before[host][k] - after[host][k]) for k in ("x", "y")) >= MOVED
             or before[host].get("rotate", 0) != after[host].get("rotate", 0)]
    return {"added": sorted(after.keys() - before.keys()), "removed": sorted(before.keys() - after.keys()),
            "moved": sorted(moved), "seats_before": len(before), "seats_after": len(after)}


def _count_rows(cluster):
    return sum(row["posts"] - len(row["gaps"]) for row in cluster["rows"]) + len(cluster.get("seats", []))


def read_plan(record, data, *, now):
    """Read a new drawing into record.plan (or record.refused); the layout is decided by place_plans."""
    campus = record.campus
    record.changed_at = now
    try:
        name, plan = cluster_from_drawing(data, label=record.name, hosts=campus_hosts(campus),
                                          pattern=campus.host_pattern)
        other = ClusterDrawing.objects.filter(campus=campus, cluster=name).exclude(pk=record.pk).first()
        if other:
            raise DrawingRefused(f"its seats are cluster {name}, which the intra's {other.name} already draws")
    except DrawingRefused as error:
        record.refused = str(error)[:300]
        return False
    record.refused = ""
    record.cluster, record.plan = name, plan
    return True


def place_plans(campus, records, *, now=None):
    """Put newly read plans in the layout in one version, except over a cluster staff edited: those wait.

    A cluster staff edited is one whose place in the layout in use is neither absent nor what the last
    import put there. Returns the version saved, or None.
    """
    now = now or timezone.now()
    with transaction.atomic():
        current = in_use(campus)
        document = current.document if current else {"clusters": infer_clusters(_host_at(campus))}
        placed = {cluster["name"]: cluster for cluster in document["clusters"]}
        taken = []
        for record in records:
            existing = placed.get(record.cluster)
            if existing is not None and _same(existing, record.plan):
                record.state, record.applied = ClusterDrawing.IMPORTED, record.plan
            elif current is None or existing is None or _same(existing, record.applied):
                taken.append(record)
            else:
                record.state = ClusterDrawing.WAITING
        version = None
        if taken:
            version = _save(campus, document, taken, saved_by="", now=now)
        for record in records:
            record.save()
    return version


def apply_plan(record, *, saved_by, now=None):
    """Staff's choice: the intra's plan replaces the cluster in the layout, as a new version (None: refused)."""
    now = now or timezone.now()
    with transaction.atomic():
        current = in_use(record.campus)
        document = current.document if current else {"clusters": infer_clusters(_host_at(record.campus))}
        version = _save(record.campus, document, [record], saved_by=saved_by, now=now)
        record.decided_by, record.decided_at = saved_by, now
        record.save()
    return version


def keep_layout(record, *, saved_by, now=None):
    """Staff's choice: the layout in use stays; the intra's next change asks again."""
    record.state, record.decided_by, record.decided_at = ClusterDrawing.KEPT, saved_by, now or timezone.now()
    record.save(update_fields=["state", "decided_by", "decided_at"])


def _save(campus, document, records, *, saved_by, now):
    """A version of document with each record's plan in place of its cluster; a plan that would give a host
    a second place (the editor and load_layout refuse that) is refused instead. None when nothing is left."""
    clusters = list(document["clusters"])
    names = [cluster["name"] for cluster in clusters]
    placed = {seat["host"]: cluster["name"] for cluster in clusters for seat in cluster.get("seats", [])}
    taken = []
    for record in records:
        twice = sorted(seat["host"] for seat in record.plan["seats"] if placed.get(seat["host"], record.cluster)
                       != record.cluster)
        if twice:
            record.refused = f"its seat {twice[0]} already stands in cluster {placed[twice[0]]} of the layout"
            continue
        placed.update((seat["host"], record.cluster) for seat in record.plan["seats"])
        taken.append(record)
    if not taken:
        return None
    for record in taken:
        plan = dict(record.plan)
        if record.cluster in names:
            index = names.index(record.cluster)
            plan["order"] = clusters[index]["order"]
            clusters[index] = plan
        else:
            plan["order"] = max((c["order"] for c in clusters), default=-1) + 1
            clusters.append(plan)
            names.append(record.cluster)
        record.plan = plan
        record.state, record.applied = ClusterDrawing.IMPORTED, plan
    day = min(record.changed_at or now for record in taken)
    return save_version(campus, {"clusters": clusters}, source=f"imported from the intra on {day:%Y-%m-%d}",
                        saved_by=saved_by, now=now)


def _same(cluster, plan):
    """The same cluster but for its order, which staff and imports may each change."""
    if not cluster or not plan:
        return False
    return {**cluster, "order": 0} == {**plan, "order": 0}


def _host_at(campus):
    return {(c, r, p): host for host, c, r, p in Seat.objects.filter(campus=campus).exclude(cluster="")
            .exclude(row=None).exclude(post=None).values_list("host", "cluster", "row", "post")}


def drawing_states(campus=None, cluster=None):
    """The intra's drawings (of a campus, of one cluster), each with what differs from the layout in use
    when it waits for staff: [(ClusterDrawing, changes or None)]. Two queries."""
    records = ClusterDrawing.objects.select_related("campus").order_by("campus__name", "name")
    if campus is not None:
        records = records.filter(campus=campus)
    if cluster is not None:
        records = records.filter(cluster=cluster)
    records = list(records.defer("applied"))
    waiting = {record.campus_id for record in records if record.state == ClusterDrawing.WAITING}
    documents = dict(LayoutVersion.objects.filter(campus_id__in=waiting, in_use=True)
                     .values_list("campus_id", "document"))
    states = []
    for record in records:
        found = None
        if record.state == ClusterDrawing.WAITING and record.plan:
            clusters = documents.get(record.campus_id, {}).get("clusters", [])
            found = changes(next((c for c in clusters if c["name"] == record.cluster), None), record.plan)
        states.append((record, found))
    return states
