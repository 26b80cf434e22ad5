"""Cluster layouts: the one a campus loads from a file (JSON or YAML), or the one inferred from its seats.

A layout file:

    clusters:
      - name: e1            # as in the host names (Seat.cluster)
        label: Floor 1      # optional, shown on the map
        order: 1            # optional, clusters are shown by order then name
        rows:
          - {row: 1, posts: 16, gaps: [5, 6]}   # posts 1..16, 5 and 6 are pillars
          - {row: 2, posts: 16}

A malformed file is refused with the line and the reason; the layout in use stays.
"""

from dataclasses import dataclass, field

import yaml


class LayoutError(ValueError):
    def __init__(self, line, reason):
        self.line = line
        self.reason = reason
        super().__init__(f"line {line}: {reason}" if line else reason)


@dataclass
class RowLayout:
    number: int
    posts: int
    gaps: frozenset = field(default_factory=frozenset)


@dataclass
class ClusterLayout:
    name: str
    label: str
    order: int
    rows: list


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
    for index, node in enumerate(_sequence(clusters_node, "clusters")):
        values = _mapping(node, f"cluster {index + 1}")
        name = _scalar(values.get("name"), node, "name", str)
        if name in names:
            raise LayoutError(_line(node), f"cluster {name!r} appears twice")
        names.add(name)
        rows = []
        numbers = set()
        for row_node in _sequence(values.get("rows") or _missing(node, "rows"), f"rows of {name}"):
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
        label = _scalar(values["label"], node, "label", str) if "label" in values else name
        order = _scalar(values["order"], node, "order", int) if "order" in values else len(clusters)
        clusters.append({"name": name, "label": label, "order": order, "rows": rows})
    return {"clusters": clusters}


def clusters_from_document(document):
    clusters = [
        ClusterLayout(c["name"], c["label"], c["order"],
                      [RowLayout(r["row"], r["posts"], frozenset(r["gaps"])) for r in c["rows"]])
        for c in document["clusters"]
    ]
    return sorted(clusters, key=lambda c: (c.order, c.name))


def infer_clusters(places):
    """The layout the seats imply: rows and posts in numeric order, missing posts left as gaps.

    places: (cluster, row, post) of every placed seat.
    """
    posts_by_row = {}
    for cluster, row, post in places:
        posts_by_row.setdefault(cluster, {}).setdefault(row, set()).add(post)
    clusters = []
    for name in sorted(posts_by_row, key=_natural):
        rows = []
        for number in sorted(posts_by_row[name]):
            posts = posts_by_row[name][number]
            last = max(posts)
            rows.append(RowLayout(number, last, frozenset(set(range(1, last + 1)) - posts)))
        clusters.append(ClusterLayout(name, name, len(clusters), rows))
    return clusters


def _natural(name):
    """e2 before e10."""
    head = name.rstrip("0123456789")
    tail = name[len(head):]
    return head, int(tail) if tail else -1


def _line(node):
    return node.start_mark.line + 1


def _missing(node, key):
    raise LayoutError(_line(node), f"missing {key!r}")


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
