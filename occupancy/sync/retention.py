"""Retention: locations older than LOCATION_RETENTION_DAYS are folded into the hourly roll-up, then removed.

Charts keep their history (they read the roll-up) while personal data does not outlive its purpose.
Hours before the cutoff are frozen: nothing re-rolls them from the few locations left.
"""

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from occupancy.models import Location
from occupancy.sync.rollup import retention_cutoff, roll_up
from occupancy.sync.state import FeedResult, feed_state, save_success

FEED = "retention"


def prune_locations(*, now=None):
    """Fold the sessions past retention into the roll-up, then delete them; returns how many went."""
    now = now or timezone.now()
    limit = retention_cutoff(now)
    result = FeedResult()
    if limit is None:
        return result
    old = Location.objects.filter(end_at__lt=limit)
    with transaction.atomic():
        for campus_id, oldest in old.values_list("campus_id").annotate(oldest=Min("begin_at")).order_by():
            roll_up(campus_id, oldest, limit, now=now, before_pruning=True)
        result.deleted = old.delete()[0]
        save_success(feed_state(FEED), now=now, result=result)
    return result
