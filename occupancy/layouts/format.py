"""The layout file: what `manage.py load_layout`, the admin upload, the editor's save, its import and export share.

A layout file (JSON or YAML; lengths in seat units: a seat is 1 by 1 unless it says otherwise):

    clusters:
      - name: e1            # as in the host names (Seat.cluster)
        label: Floor 1      # optional, shown on the map
        order: 1            # optional, clusters are shown by order then name
        rows:               # optional shorthand: posts left to right, one row under the other
          - {row: 1, posts: 16, gaps: [5, 6]}   # posts 1..16, 5 and 6 are pillars
          - {row: 2, posts: 16}
        seats:              # optional: each seat where it stands, by host (x, y: its top-left corner)
          - {host: e1r3p1, x: 0, y: 4}
          - {host: e1r3p2, x: 1, y: 4, rotate: 90, w: 1, h: 1.5}
        shapes:             # optional background: walls, pillars, desks, the entrance, labels, drawn paths
          - {kind: wall, x: -0.5, y: -0.5, w: 17, h: 0.2}
          - {kind: entrance, x: 16, y: 6, w: 0.3, h: 2}
          - {kind: label, x: 0, y: -1, text: Window side}
          - {kind: path, d: "M0 0 L4 0 L4 3 Z"}

A cluster has rows, seats or both; a host has one place in the whole file. The editor writes
every seat under `seats`; an imported drawing (the intra's own plan) keeps what is not a seat as
shapes. A malformed file is refused with the line and the reason; the layout in use stays.
"""

import math
import re

import yaml

RECT_SHAPES = ("wall", "pillar", "desk", "entrance")
SHAPE_KINDS = (*RECT_SHAPES, "label", "path")
NAME = re.compile(r"^[A-Za-z0-9_-]{1,50}$")
HOST = re.compile(r"^[A-Za-z0-9._-]{1,100}$")
# Path data keeps to SVG's drawing commands and numbers: nothing that could name a URL or a script.
PATH_DATA = re.compile(r"^[MmLlHhVvCcSsQqTtAaZz0-9eE.,+\- \n\t]{1,20000}$")
COORDINATE_LIMIT = 10000
MAX_SEATS = 20000
MAX_SHAPES = 5000


class LayoutError(ValueError):
    def __init__(self, line, reason):
        self.line = line
        self.reason = reason
        super().__init__(f"line {line}: {reason}" if line else reason)


def parse_layout(text):
    """Parse and check a layout file; returns the document to store (plain JSON data)."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise LayoutError(mark.line + 1 if mark else None, getattr(error, "problem", None) or str(error)) from None
    if root is None:
        raise LayoutError(1, "the file is empty")
    clusters_node = _mapping(root, "the file").get("clusters")
    if clusters_node is None:
        raise LayoutError(_line(root), "expected a 'clusters' list")
    clusters = []
    names = set()
    hosts = set()
    for index, node in enumerate(_sequence(clusters_node, "clusters")):
        values = _mapping(node, f"cluster {index + 1}")
        name = _scalar(values.get("name"), node, "name", str)
        if not NAME.match(name):
            raise LayoutError(_line(node), f"cluster name {name!r} may hold only letters, digits, - and _")
        if name in names:
            raise LayoutError(_line(node), f"cluster {name!r} appears twice")
        names.add(name)
        if "rows" not in values and "seats" not in values:
            raise LayoutError(_line(node), f"cluster {name} needs 'rows' or 'seats'")
        rows = _rows(values["rows"], name) if "rows" in values else []
        seats = _seats(values["seats"], name, hosts) if "seats" in values else []
        shapes = _shapes(values["shapes"], name) if "shapes" in values else []
        label = _scalar(values["label"], node, "label", str) if "label" in values else name
        order = _scalar(values["order"], node, "order", int) if "order" in values else len(clusters)
        clusters.append({"name": name, "label": label[:100], "order": order, "rows": rows, "seats": seats,
                         "shapes": shapes})
    if sum(len(c["seats"]) for c in clusters) > MAX_SEATS:
        raise LayoutError(None, f"more than {MAX_SEATS} seats")
    return {"clusters": clusters}


def dump_layout(document):
    """The document as a layout file (YAML) that parse_layout reads back to the same document."""
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=120)


def _rows(node, name):
    rows = []
    numbers = set()
    for row_node in _sequence(node, f"rows of {name}"):
        row = _mapping(row_node, f"a row of {name}")
        number = _scalar(row.get("row"), row_node, "row", int)
        posts = _scalar(row.get("posts"), row_node, "posts", int)
        if number < 0 or not 1 <= posts <= 200:
            raise LayoutError(_line(row_node), "row must be 0 or more and posts between 1 and 200")
        if number in numbers:
            raise LayoutError(_line(row_node), f"row {number} of {name} appears twice")
        numbers.add(number)
        gaps = []
        if "gaps" in row:
            for gap_node in _sequence(row["gaps"], "gaps"):
                gap = _scalar(gap_node, gap_node, "a gap", int)
                if not 1 <= gap <= posts:
                    raise LayoutError(_line(gap_node), f"gap {gap} is outside posts 1..{posts}")
                gaps.append(gap)
        rows.append({"row": number, "posts": posts, "gaps": sorted(set(gaps))})
    return rows


def _seats(node, name, hosts):
    seats = []
    for seat_node in _sequence(node, f"seats of {name}"):
        values = _mapping(seat_node, f"a seat of {name}")
        host = _scalar(values.get("host"), seat_node, "host", str)
        if not HOST.match(host):
            raise LayoutError(_line(seat_node), f"host {host!r} may hold only letters, digits, '.', - and _")
        if host in hosts:
            raise LayoutError(_line(seat_node), f"host {host} has two places")
        hosts.add(host)
        seat = {"host": host, **_box(values, seat_node)}
        seats.append(seat)
    return seats


def _shapes(node, name):
    shapes = []
    for shape_node in _sequence(node, f"shapes of {name}")[:MAX_SHAPES + 1]:
        if len(shapes) == MAX_SHAPES:
            raise LayoutError(_line(shape_node), f"more than {MAX_SHAPES} shapes in {name}")
        values = _mapping(shape_node, f"a shape of {name}")
        kind = _scalar(values.get("kind"), shape_node, "kind", str)
        if kind not in SHAPE_KINDS:
            raise LayoutError(_line(shape_node), f"kind must be one of {', '.join(SHAPE_KINDS)}, not {kind!r}")
        if kind == "path":
            d = _scalar(values.get("d"), shape_node, "d", str)
            if not PATH_DATA.match(d):
                raise LayoutError(_line(shape_node), "d must be SVG path data (drawing commands and numbers)")
            shapes.append({"kind": kind, "d": d})
        elif kind == "label":
            text = _scalar(values.get("text"), shape_node, "text", str)
            shapes.append({"kind": kind, "text": text[:100], **_box(values, shape_node, sized=False)})
        else:
            shapes.append({"kind": kind, **_box(values, shape_node)})
    return shapes


def _box(values, node, *, sized=True):
    """x, y (required), w, h (default 1) and rotate (default 0, left out when 0) of a seat or shape."""
    box = {"x": _number(values, node, "x"), "y": _number(values, node, "y")}
    if sized:
        for key in ("w", "h"):
            box[key] = _number(values, node, key, default=1.0)
            if not 0 < box[key] <= 1000:
                raise LayoutError(_line(node), f"{key} must be more than 0 and at most 1000")
    rotate = _number(values, node, "rotate", default=0.0) % 360
    if rotate:
        box["rotate"] = rotate
    return box


def _number(values, node, key, default=None):
    if key not in values:
        if default is None:
            raise LayoutError(_line(node), f"missing {key!r}")
        return default
    value_node = values[key]
    if not isinstance(value_node, yaml.ScalarNode):
        raise LayoutError(_line(value_node), f"{key} must be a single value")
    try:
        value = float(value_node.value)
    except ValueError:
        raise LayoutError(_line(value_node), f"{key} must be a number, not {value_node.value!r}") from None
    if not math.isfinite(value) or abs(value) > COORDINATE_LIMIT:
        raise LayoutError(_line(value_node), f"{key} must be a number between -{COORDINATE_LIMIT} and "
                                             f"{COORDINATE_LIMIT}")
    value = round(value, 3)
    return int(value) if value == int(value) else value


def _line(node):
    return node.start_mark.line + 1


def _mapping(node, what):
    if not isinstance(node, yaml.MappingNode):
        raise LayoutError(_line(node), f"{what} must be a mapping of keys to values")
    return {key.value: value for key, value in node.value}


def _sequence(node, what):
    if not isinstance(node, yaml.SequenceNode):
        raise LayoutError(_line(node), f"{what} must be a list")
    return node.value


def _scalar(node, parent, key, kind):
    if node is None:
        raise LayoutError(_line(parent), f"missing {key!r}")
    if not isinstance(node, yaml.ScalarNode):
        raise LayoutError(_line(node), f"{key} must be a single value")
    if kind is int:
        try:
            return int(node.value)
        except ValueError:
            raise LayoutError(_line(node), f"{key} must be a whole number, not {node.value!r}") from None
    if not node.value:
        raise LayoutError(_line(node), f"{key} must not be empty")
    return str(node.value)
