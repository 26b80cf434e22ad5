from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from occupancy.csp_reports import violation_stats
from occupancy.read import status
from occupancy.read.queries import freshness
from occupancy.sync.webhooks import delivery_stats


@require_GET
def status_page(request):
    now = timezone.now()
    queue_length = status.broker_queue_length()
    return render(request, "occupancy/status.html", {
        "now": now, "feeds": status.feed_statuses(now), "api": status.api_usage(now), "queue_length": queue_length,
        "workers": status.workers(now, queue_length), "freshness": freshness(now),
        "webhooks": delivery_stats(now), "csp": violation_stats(),
    })
