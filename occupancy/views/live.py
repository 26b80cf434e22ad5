"""Server-Sent Events streams of the live pages: thin async views around occupancy.live.streams."""

from asgiref.sync import sync_to_async
from django.contrib.auth.decorators import login_not_required
from django.core.handlers.wsgi import WSGIRequest
from django.db import connection
from django.http import JsonResponse, StreamingHttpResponse
from django.views.decorators.http import require_GET

from occupancy.displays import enabled_display
from occupancy.live.streams import campus_events, cluster_events, event_stream
from occupancy.models import Display


@sync_to_async
def _release_database():
    # A stream lasts minutes: it must not hold the connection the sign-in check opened.
    connection.close()


def _stream(request, events):
    if isinstance(request, WSGIRequest):
        # A WSGI server (Django's test server) would read the endless stream whole before sending a byte:
        # refuse at once, and the page polls instead.
        return JsonResponse({"error": "push streams need the ASGI server"}, status=503)
    response = StreamingHttpResponse(events, content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # a proxy must pass each event on at once
    return response


@require_GET
async def cluster_stream(request, campus_id, cluster):
    await _release_database()
    return _stream(request, event_stream(cluster_events(campus_id, cluster)))


@require_GET
async def campus_stream(request, campus_id):
    await _release_database()
    return _stream(request, event_stream(campus_events(campus_id)))


@sync_to_async
def _enabled_display(token):
    try:
        return enabled_display(token)
    finally:
        connection.close()


@sync_to_async
def _still_enabled(display_id):
    try:
        return Display.objects.enabled().filter(pk=display_id).exists()
    finally:
        connection.close()


@login_not_required
@require_GET
async def kiosk_stream(request, token):
    """A wall display's stream: its campus, its clusters, nothing else; it ends once the display is revoked."""
    display = await _enabled_display(token)
    if display is None:
        return JsonResponse({"error": "this display is not enabled"}, status=403)
    return _stream(request, event_stream(campus_events(display.campus_id, display.clusters),
                                still_allowed=lambda: _still_enabled(display.pk)))
