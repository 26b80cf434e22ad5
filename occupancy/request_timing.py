"""Middleware timing every web request into REQUEST_LATENCY and RESPONSES, labelled by route name."""

import time

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings

from occupancy.metrics import REQUEST_LATENCY, RESPONSES


def route_of(request):
    """The URL pattern's name (never the path: it holds logins and tokens)."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name or "unnamed"
    return "static" if request.path.startswith(settings.STATIC_URL) else "unmatched"


def record(request, response, started):
    route = route_of(request)
    REQUEST_LATENCY.labels(route=route).observe(time.perf_counter() - started)
    RESPONSES.labels(route=route, status=response.status_code).inc()


class RequestTimingMiddleware:
    """First in MIDDLEWARE, so the time includes every other middleware; sync and async alike."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    def __call__(self, request):
        if iscoroutinefunction(self):
            return self._acall(request)
        started = time.perf_counter()
        response = self.get_response(request)
        record(request, response, started)
        return response

    async def _acall(self, request):
        started = time.perf_counter()
        response = await self.get_response(request)
        record(request, response, started)
        return response
