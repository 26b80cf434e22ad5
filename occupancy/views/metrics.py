import hmac
import ipaddress

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseForbidden
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from occupancy.metrics import OccupancyCollector

_REGISTRY = CollectorRegistry(auto_describe=False)
_REGISTRY.register(OccupancyCollector())


def may_scrape(request):
    """The bearer token METRICS_TOKEN, or a peer inside METRICS_ALLOWED_NETWORKS; neither set: nobody."""
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    # The direct peer only: behind the proxy that is the proxy, which refuses /metrics without a token.
    try:
        peer = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(peer in network for network in settings.METRICS_ALLOWED_NETWORKS)


@login_not_required
@require_GET
@never_cache
def metrics(request):
    if not may_scrape(request):
        return HttpResponseForbidden("metrics need a token or an allowed network\n", content_type="text/plain")
    try:
        exposition = generate_latest(_REGISTRY)
    except (redis.RedisError, DatabaseError) as error:
        # A failed scrape is the signal (up == 0); the reason is one line, not a traceback.
        return HttpResponse(f"metrics unavailable: {type(error).__name__}\n", status=503, content_type="text/plain")
    return HttpResponse(exposition, content_type=CONTENT_TYPE_LATEST)
