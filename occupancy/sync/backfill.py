"""History: page through a campus's past locations, committing page by page so a stopped run resumes."""

import time

from django.db import transaction

from occupancy.sync.locations import upsert_locations
from occupancy.sync.normalise import format_time
from occupancy.sync.rollup import roll_up
from occupancy.sync.state import FeedResult, feed_state, save_success

FEED = "backfill"
MAX_ID = 2**31 - 1


def backfill_locations(client, *, campus_id, since, until, progress=None, clock=time.monotonic):
    """Load locations begun between since and until; resumes after the last committed page of the same span.

    progress(done, total, rate) is called after each page.
    """
    state = feed_state(FEED, campus_id)
    span = {"since": format_time(since), "until": format_time(until)}
    after_id = state.cursor.get("after_id", 0) if state.cursor.get("span") == span else 0
    params = {
        "range[begin_at]": f"{span['since']},{span['until']}",
        "range[id]": f"{after_id + 1},{MAX_ID}",
        "sort": "id",
    }
    result = FeedResult()
    started = clock()
    done = 0
    total = None
    before = client.stats.total
    for items, page_total in client.pages(f"/v2/campus/{campus_id}/locations", params):
        if total is None:
            total = page_total
        with transaction.atomic():
            created, updated = upsert_locations(items)
            result.created += created
            result.updated += updated
            if items:
                after_id = max(after_id, max(item["id"] for item in items))
            result.requests = client.stats.total - before
            save_success(state, now=until, result=result, cursor={"span": span, "after_id": after_id})
        done += len(items)
        if progress:
            progress(done, total, done / max(clock() - started, 1e-6))
    # Once over the whole span rather than per page (pages overlap in time); a resumed run rolls it too.
    with transaction.atomic():
        roll_up(campus_id, since, until, now=until)
    return result
