"""Wall displays: staff create and revoke them; a display's token opens its kiosk page and data, nothing else."""

from csp.decorators import csp_replace
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from occupancy.displays import create_display, display_version, enabled_display, kiosk_payload, revoke
from occupancy.forms import DisplayForm
from occupancy.live import versions
from occupancy.models import Display
from occupancy.read import queries
from occupancy.views.maps import json_with_etag, not_modified

KIOSK_SCRIPT = "js/kiosk.js"


@require_http_methods(["GET", "POST"])
def display_list(request):
    own = queries.default_campus(request.user)
    initial = {"campus": own} if own else {}  # a new display is for the staff member's own campus by default
    form = DisplayForm(request.POST or None, initial=initial)
    created = None
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "occupancy/displays.html", {"form": form, "displays": Display.objects.all()},
                          status=400)
        display, token = create_display(created_by=request.user.get_username(), **form.cleaned_data)
        created = (display, request.build_absolute_uri(reverse("kiosk", args=[token])))
        form = DisplayForm(initial=initial)
    return render(request, "occupancy/displays.html", {
        "form": form, "created": created, "displays": Display.objects.select_related("campus"),
    })


@require_POST
def display_revoke(request, display_id):
    revoke(get_object_or_404(Display, id=display_id))
    return redirect("displays")


@login_not_required
@xframe_options_exempt
# Signage players often show a page inside their own frame: the wall display (and only it) may be framed.
@csp_replace({"frame-ancestors": ["*"]})
@require_GET
def kiosk(request, token):
    display = enabled_display(token)
    if display is None:
        return render(request, "occupancy/kiosk_disabled.html", status=403)
    return render(request, "occupancy/kiosk.html", {"display": display, "token": token, "script": KIOSK_SCRIPT})


@login_not_required
@require_GET
def kiosk_data(request, token):
    display = enabled_display(token)
    if display is None:
        return JsonResponse({"error": "this display is not enabled"}, status=403)
    wanted = [name for name in request.GET.get("clusters", "").split(",") if name][:50]
    # A deploy changes the script's hashed name: the screen reloads itself to pick up the new version.
    script = static(KIOSK_SCRIPT)
    etag = versions.campus_etag(display.campus_id, display_version(display, wanted, script))
    if unchanged := not_modified(request, etag):
        return unchanged
    payload = kiosk_payload(display, wanted)
    payload["version"] = script
    return json_with_etag(request, payload, etag)
