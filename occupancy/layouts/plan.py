"""Where every seat and shape of a campus sits: from its layout document, or inferred from the seats' names."""

from dataclasses import dataclass, field

# Rows drawn from names or from the rows shorthand stand this far apart (a seat is 1): an aisle shows.
ROW_PITCH = 1.3
ROW_LABEL_X = -1.4


@dataclass
class Place:
    host: str
    x: float
    y: float
    w: float = 1
    h: float = 1
    rotate: float = 0


@dataclass
class ClusterPlan:
    name: str
    label: str
    order: int
    places: list = field(default_factory=list)  # Place of each seat, in reading order
    shapes: list = field(default_factory=list)  # the document's shapes, and row labels for row layouts

    @property
    def bounds(self):
        """(x, y, width, height) holding every seat and boxed shape, with half a seat of margin."""
        boxes = [(p.x, p.y, p.w, p.h) for p in self.places]
        boxes += [(s["x"], s["y"], s.get("w", 1), s.get("h", 0.6)) for s in self.shapes if "x" in s]
        if not boxes:
            return (0, 0, 1, 1)
        left = min(b[0] for b in boxes) - 0.5
        top = min(b[1] for b in boxes) - 0.5
        right = max(b[0] + b[2] for b in boxes) + 0.5
        bottom = max(b[1] + b[3] for b in boxes) + 0.5
        return (round(left, 3), round(top, 3), round(right - left, 3), round(bottom - top, 3))


def cluster_plans(document, seats):
    """Every cluster's plan, by order then name.

    document: the layout in use (None: infer one from the seats' names);
    seats: (host, cluster, row, post) of every seat the campus has seen.
    """
    host_at = {(c, r, p): host for host, c, r, p in seats if c and r is not None and p is not None}
    if document is None:
        document = {"clusters": infer_clusters(host_at)}
    plans = []
    for cluster in document["clusters"]:
        plan = ClusterPlan(cluster["name"], cluster["label"], cluster["order"], shapes=list(cluster.get("shapes", [])))
        for index, row in enumerate(cluster["rows"]):
            y = round(index * ROW_PITCH, 3)
            plan.shapes.append({"kind": "label", "x": ROW_LABEL_X, "y": y + 0.3, "text": f"r{row['row']}"})
            for post in range(1, row["posts"] + 1):
                if post not in row["gaps"]:
                    host = host_at.get((cluster["name"], row["row"], post), f"{cluster['name']}r{row['row']}p{post}")
                    plan.places.append(Place(host, post - 1, y))
        listed = {p.host for p in plan.places}
        plan.places += [Place(s["host"], s["x"], s["y"], s["w"], s["h"], s.get("rotate", 0))
                        for s in cluster.get("seats", []) if s["host"] not in listed]
        plans.append(plan)
    return sorted(plans, key=lambda p: (p.order, natural(p.name)))


def infer_clusters(host_at):
    """The layout the seats' names imply, as a document's clusters: rows and posts in numeric order,
    missing posts left as gaps. host_at: {(cluster, row, post): host}."""
    posts_by_row = {}
    for cluster, row, post in host_at:
        posts_by_row.setdefault(cluster, {}).setdefault(row, set()).add(post)
    clusters = []
    for name in sorted(posts_by_row, key=natural):
        rows = []
        for number in sorted(posts_by_row[name]):
            posts = posts_by_row[name][number]
            last = max(posts)
            rows.append({"row": number, "posts": last, "gaps": sorted(set(range(1, last + 1)) - posts)})
        clusters.append({"name": name, "label": name, "order": len(clusters), "rows": rows, "seats": [],
                         "shapes": []})
    return clusters


def natural(name):
    """e2 before e10."""
    head = name.rstrip("0123456789")
    tail = name[len(head):]
    return head, int(tail) if tail else -1


def editable_document(plans):
    """The plans as a layout document with every seat placed explicitly: what the editor starts from and
    what an export of an inferred layout holds (a row layout's row labels become label shapes)."""
    return {"clusters": [
        {"name": plan.name, "label": plan.label, "order": plan.order, "rows": [],
         "seats": [{"host": p.host, "x": p.x, "y": p.y, "w": p.w, "h": p.h,
                    **({"rotate": p.rotate} if p.rotate else {})} for p in plan.places],
         "shapes": plan.shapes}
        for plan in plans
    ]}
