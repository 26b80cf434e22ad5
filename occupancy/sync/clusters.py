"""The clusters feed: the intra's drawn plans (/v2/clusters), each drawing fetched from the CDN when it changed.

The list comes through the API client (paged, rate-limited, counted). The drawings come from the CDN, another
host that needs no token and counts against no API quota: they are fetched from INTRA_CDN_URL (the path of
each cdn_link, so no link can send us elsewhere), with a timeout and a size limit, and conditionally
(If-None-Match / If-Modified-Since), so an unchanged drawing costs a 304. What to do with a drawing is
occupancy/layouts/intra_plan.py's business.
"""

import hashlib
import time
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from occupancy.layouts.intra_plan import place_plans, read_plan
from occupancy.layouts.intra_svg import DrawingRefused
from occupancy.models import Campus, ClusterDrawing
from occupancy.sync.normalise import require
from occupancy.sync.state import FeedResult, feed_state, save_success
from occupancy.sync.surprises import note_surprises

FEED = "clusters"
CHUNK = 64 * 1024


def sync_cluster_plans(client, *, campus_ids, now=None, session=None):
    """List the clusters of the campuses synced, fetch each drawing that changed, and place the new plans."""
    now = now or timezone.now()
    before = client.stats.total
    items = client.get_all("/v2/clusters")
    note_surprises("/v2/clusters", items, now=now)
    wanted = set(campus_ids)
    listed = []
    for item in items:
        campus_id = require(require(item, "campus", dict), "id", int)
        if campus_id in wanted:
            listed.append((require(item, "id", int), campus_id, require(item, "name", str)[:100],
                           require(item, "cdn_link", str)[:500]))
    result = FeedResult(requests=client.stats.total - before, details={"imported": 0, "waiting": 0, "refused": 0})
    known = ClusterDrawing.objects.in_bulk([cluster_id for cluster_id, *_ in listed])
    campuses = Campus.objects.in_bulk({campus_id for _, campus_id, _, _ in listed})
    session = session or requests.Session()
    fresh = {}
    for cluster_id, campus_id, name, cdn_link in listed:
        record = known.get(cluster_id) or ClusterDrawing(id=cluster_id)
        result.created += record._state.adding
        record.campus, record.name = campuses[campus_id], name
        if record.cdn_link != cdn_link:
            record.cdn_link, record.etag, record.last_modified = cdn_link, "", ""
        try:
            data = fetch_drawing(session, record, now=now)
        except DrawingRefused as error:
            record.refused = str(error)[:300]
            data = None
        if data is not None and hashlib.sha256(data).hexdigest() != record.digest:
            record.digest = hashlib.sha256(data).hexdigest()
            result.updated += not record._state.adding
            if read_plan(record, data, now=now):
                fresh.setdefault(record.campus, []).append(record)
                continue  # saved with its placement: should that fail, the next run fetches it again
        if record.refused:
            result.details["refused"] += 1
        record.save()
    with transaction.atomic():
        for campus, records in fresh.items():
            place_plans(campus, records, now=now)
            for record in records:
                waiting = record.state == ClusterDrawing.WAITING
                result.details["refused" if record.refused else "waiting" if waiting else "imported"] += 1
        save_success(feed_state(FEED), now=now, result=result)
    return result


def cdn_url(cdn_link):
    """Where a drawing is fetched: the link's path on INTRA_CDN_URL, whatever host the link names."""
    parts = urlsplit(cdn_link)
    return settings.INTRA_CDN_URL + (parts.path if parts.path.startswith("/") else "/" + parts.path)


def fetch_drawing(session, record, *, now):
    """The drawing's bytes, or None when the CDN says it has not changed; DrawingRefused on any failure.

    Streams, and stops as soon as it passes CLUSTER_PLAN_MAX_BYTES or CLUSTER_PLAN_TIMEOUT in all.
    """
    headers = {}
    if record.etag:
        headers["If-None-Match"] = record.etag
    if record.last_modified:
        headers["If-Modified-Since"] = record.last_modified
    limit, timeout = settings.CLUSTER_PLAN_MAX_BYTES, settings.CLUSTER_PLAN_TIMEOUT
    deadline = time.monotonic() + timeout
    try:
        with session.get(cdn_url(record.cdn_link), headers=headers, timeout=timeout, stream=True,
                         allow_redirects=False) as response:
            record.checked_at = now
            if response.status_code == 304:
                return None
            if response.status_code != 200:
                raise DrawingRefused(f"the CDN answered HTTP {response.status_code}")
            if int(response.headers.get("Content-Length") or 0) > limit:
                raise DrawingRefused(f"the drawing is larger than {limit // 1024} KB")
            chunks, size = [], 0
            for chunk in response.iter_content(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise DrawingRefused(f"the drawing is larger than {limit // 1024} KB")
                if time.monotonic() > deadline:
                    raise DrawingRefused(f"the drawing took more than {timeout:g} s to arrive")
                chunks.append(chunk)
            record.etag = response.headers.get("ETag", "")[:200]
            record.last_modified = response.headers.get("Last-Modified", "")[:100]
    except requests.RequestException as error:
        raise DrawingRefused(f"the CDN could not be reached ({type(error).__name__})") from None
    return b"".join(chunks)
