"""The intra's drawn cluster plans: /v2/clusters and one SVG per cluster on a CDN-like path.

The drawings have the real ones' structure (tests/fixtures/intra_real/clusters/): a group per row with
seat-number texts, a `<g class="rN seats">` of seats, each a rect and an image with the same id (the
host), row labels, the cluster's name, a few walls, an empty <script/>. Each campus writes ids its own
way: Paris the bare host (e1r2p3), Lyon the host with the campus's domain glued on without its dots
(c1r2s342lyonfr), Benguerir in capitals (BESS-F1R2S3), with its two irregular hosts drawn too. Lyon's
rows sit in a scaled group, Paris z2's last rows in a rotated one. Deliberate drift, for the drift
report: Paris e1 draws e1r14p1, a seat whose host never logs in, and leaves out a host that does (one
in use at the simulator's start, so that the first sync sees it: not_drawn()).
"""

import functools
import hashlib
from email.utils import format_datetime

from intrasim.world import CAMPUSES, seats_of

CDN_PATH = "/cluster/image/"
DOMAINS = {1: "", 9: "42lyonfr", 21: ""}
NEVER_SEEN = ("e1", "e1r14p1")  # (cluster, host) drawn but never logged in
FIRST_ID = 900


@functools.lru_cache(maxsize=4)
def drawings(world):
    """[(record, svg bytes)] of every cluster of every campus; record as /v2/clusters lists it."""
    made = []
    for spec in CAMPUSES:
        by_cluster = {}
        for host, _since, _until in seats_of(spec.id, world.midpoint):
            cluster, row, post = _place(host)
            by_cluster.setdefault(cluster, []).append((host, row, post))
        for cluster, seats in sorted(by_cluster.items()):
            if not cluster:
                continue
            cluster_id = FIRST_ID + len(made)
            file_name = f"{spec.name.lower()}-{cluster}.svg"
            record = {"id": cluster_id, "name": f"{spec.name} {cluster.upper()}", "campus_id": spec.id,
                      "cdn_link": f"https://cdn.intra.42.fr{CDN_PATH}{cluster_id}/{file_name}",
                      "campus": {"id": spec.id, "name": spec.name}}
            irregular = [host for host, _, _ in by_cluster.get("", [])]
            extra = irregular[:1] if cluster == "bess-f1" else irregular[1:] if cluster == "bess-f2" else []
            made.append((record, drawing_svg(spec.id, cluster, record["name"], seats, extra, not_drawn(world))))
    return made


def not_drawn(world):
    """The e1 host the drawing leaves out: the first in use at the world's start, else e1r1p1."""
    in_use = [host for *_, begin, end, _, campus_id, host in world.sessions  # [id, begin, end, user, campus, host]
              if campus_id == 1 and host.startswith("e1r") and begin <= world.start < end]
    return min(in_use, default="e1r1p1")


def cluster_json(record):
    return {key: value for key, value in record.items() if key != "campus_id"}


def _place(host):
    """(cluster, row, post) of the world's host names; ("", 0, 0) for the irregular ones."""
    head, _, tail = host.rpartition("r")
    if not head or "s" not in tail and "p" not in tail:
        return "", 0, 0
    row, _, post = tail.replace("s", "p").partition("p")
    if not (row.isdigit() and post.isdigit()):
        return "", 0, 0
    return head, int(row), int(post)


def _seat_id(campus_id, host):
    if campus_id == 21:
        return host.upper()
    return host + DOMAINS[campus_id]


def drawing_svg(campus_id, cluster, title, seats, extra=(), left_out=""):
    """One cluster drawn as the intra draws it; seats: (host, row, post); extra: irregular hosts on a bench."""
    rows = {}
    for host, row, post in seats:
        if host != left_out:
            rows.setdefault(row, []).append((host, post))
    if cluster == NEVER_SEEN[0]:
        rows.setdefault(14, []).append((NEVER_SEEN[1], 1))
    width = 60 + 18 * max(post for row in rows.values() for _, post in row)
    height = 120 + 50 * len(rows) + (60 if extra else 0)
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             f'<svg viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" '
             'xmlns:xlink="http://www.w3.org/1999/xlink">', "  <defs/>", "  <script/>",
             f'  <text x="20" y="30" font-size="18" fill="#444">{title}</text>',
             f'  <line x1="10" y1="45" x2="{width - 10}" y2="45" stroke="#999"/>',
             f'  <rect x="{width - 30}" y="50" width="20" height="6" fill="#ccc" class="door"/>']
    scaled = campus_id == 9
    if scaled:  # Lyon's drawings were made small and scaled up, as Vienna's real one is
        lines.append('  <g class="zoom" transform="translate(10 0) scale(1.5)">')
    for index, row in enumerate(sorted(rows)):
        top = 60 + 50 * index
        if scaled:
            top = round(top / 1.5, 3)
        rotated = cluster == "z2" and row >= 12
        lines.append(f'  <g class="{cluster}r{row}"'
                     + (f' transform="rotate(6 40 {top})"' if rotated else "") + ">")
        lines.append(f'    <text x="12" y="{top + 14}" font-size="10" fill="#b2b2b2">R{row}</text>')
        for _, post in sorted(rows[row], key=lambda seat: seat[1]):
            lines.append(f'    <text x="{40 + 18 * (post - 1) + 4}" y="{top + 34 + 12 * (post % 2)}" '
                         f'font-size="10" fill="#b2b2b2">{post}</text>')
        lines.append(f'    <g class="r{row} seats">')
        for host, post in sorted(rows[row], key=lambda seat: seat[1]):
            x, y = 40 + 18 * (post - 1), top + 12 * (post % 2)
            seat_id = _seat_id(campus_id, host)
            lines.append(f'      <rect id="{seat_id}" height="20" width="16" x="{x}" y="{y}" stroke="#7f7f7f" '
                         'fill="#e5e5e5"/>')
            lines.append(f'      <image id="{seat_id}" height="20" width="16" x="{x}" y="{y}" '
                         'preserveAspectRatio="xMidYMid slice" xlink:href=""/>')
        lines.append("    </g>")
        lines.append("  </g>")
    if scaled:
        lines.append("  </g>")
    for index, host in enumerate(extra):  # irregular hosts on their own bench below the rows
        x, y = 40 + 40 * index, 60 + 50 * len(rows)
        lines.append(f'  <rect id="{_seat_id(campus_id, host)}" height="20" width="16" x="{x}" y="{y}" '
                     'stroke="#7f7f7f" fill="#e5e5e5"/>')
    lines.append("</svg>")
    return "\n".join(lines).encode()


def serve_drawing(handler, world, modified):
    """Answer GET /cluster/image/<id>/<file>.svg like a CDN: ETag, Last-Modified, 304 when unchanged."""
    parts = handler.route_path[len(CDN_PATH):].split("/")
    for record, data in drawings(world):
        if parts and parts[0] == str(record["id"]):
            etag = '"' + hashlib.sha256(data).hexdigest()[:20] + '"'
            headers = {"ETag": etag, "Last-Modified": format_datetime(modified, usegmt=True),
                       "Cache-Control": "max-age=3600"}
            if handler.headers.get("If-None-Match") == etag:
                return handler.send_bytes(304, b"", "image/svg+xml", headers)
            return handler.send_bytes(200, data, "image/svg+xml", headers)
    return handler.send_bytes(404, b"not found", "text/plain")
