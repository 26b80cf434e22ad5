"""Wall displays: tokens (only their hash is kept), the lookup that enables a display, and its data."""

import hashlib
import json
import secrets
from datetime import timedelta

from django.utils import timezone

from occupancy.models import Display
from occupancy.read import queries

# A display polls every few seconds; writing its last contact once a minute is enough to show it.
CONTACT_RESOLUTION = timedelta(seconds=60)


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def create_display(*, created_by, now=None, **fields):
    """Create a display; returns (display, token). The token is shown once and never stored."""
    token = secrets.token_urlsafe(32)
    display = Display.objects.create(token_hash=hash_token(token), created_by=created_by,
                                     created_at=now or timezone.now(), **fields)
    return display, token


def enabled_display(token, *, now=None):
    """The enabled display of a token, its last contact noted; None for an unknown or revoked token."""
    if not token or len(token) > 100:
        return None
    display = Display.objects.enabled().select_related("campus").filter(token_hash=hash_token(token)).first()
    if display is None:
        return None
    now = now or timezone.now()
    if display.last_contact_at is None or now - display.last_contact_at > CONTACT_RESOLUTION:
        Display.objects.filter(pk=display.pk).update(last_contact_at=now)
        display.last_contact_at = now
    return display


def revoke(display, *, now=None):
    display.revoked_at = now or timezone.now()
    display.save(update_fields=["revoked_at"])


def kiosk_payload(display, clusters=None):
    """What a wall display shows: free seats per cluster and the map of each shown cluster.

    clusters: names asked for in the URL, kept only where the display may show them.
    """
    campus_map = queries.campus_map(display.campus)
    allowed = [c for c in campus_map.clusters if not display.clusters or c.name in display.clusters]
    if display.clusters:
        allowed.sort(key=lambda c: display.clusters.index(c.name))
    shown = [c for c in allowed if c.name in clusters] if clusters else allowed
    names = {c.name for c in allowed}
    freshness = queries.freshness()
    return {
        "campus": display.campus.name,
        "time_zone": display.campus.time_zone,
        "synced_at": freshness.synced_at_iso,
        "stale_after": freshness.stale_after,
        # Clusters the display or its URL names but the campus has no seats in: said on screen, never a blank one.
        "missing": [name for name in dict.fromkeys([*display.clusters, *(clusters or [])]) if name not in names],
        "summary": [{"cluster": c.name, "label": c.label, "free": c.counts.get("free", 0),
                     "taken": c.counts.get("taken", 0)} for c in allowed],
        # Drawn by the same renderer as the maps; without logins, nothing that could identify anyone.
        "clusters": [c.as_json(show_logins=display.show_logins) for c in shown],
    }


def display_version(display, clusters, script):
    """What shapes a display's data besides its campus's live version: its settings, the clusters asked, the script."""
    key = [display.pk, display.campus.name, display.campus.time_zone, display.clusters, display.show_logins,
           clusters, script]
    return hashlib.blake2b(json.dumps(key).encode(), digest_size=8).hexdigest()
