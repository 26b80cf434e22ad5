"""The layout editor: staff holding the permission occupancy.edit_layout redraw a campus's clusters.

Every save, import or revert adds a version (layouts/versions.py); a save or revert made on a version
that is no longer in use is refused with 409 and who saved meanwhile, so nothing is lost silently.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from occupancy.forms import LayoutImportForm, LayoutRevertForm, first_error
from occupancy.layouts.format import LayoutError, dump_layout, parse_layout
from occupancy.layouts.plan import editable_document
from occupancy.layouts.versions import LayoutChanged, in_use, revert, save_version
from occupancy.models import Campus, LayoutVersion
from occupancy.read import queries
from occupancy.views.errors import bad_request, json_error
from occupancy.views.maps import campuses_for, map_labels

MAX_SAVE_BYTES = 5 * 1024 * 1024
edit_layout = permission_required("occupancy.edit_layout", raise_exception=True)


def saved_message(version):
    return _("Saved as version %(number)s (%(source)s): the maps show it now.") % {
        "number": version.number, "source": version.source}


@require_GET
@edit_layout
def layout_editor(request, campus_id):
    campus = get_object_or_404(Campus, id=campus_id)
    map_ = queries.campus_map(campus)
    current = in_use(campus)
    return render(request, "occupancy/layout_editor.html", {
        "campus": campus, "campuses": campuses_for(request), "map": map_, "labels": map_labels(),
        "editor": {
            "base": current.number if current else 0,
            "document": editable_document([cluster.plan for cluster in map_.clusters]),
            "states": {seat.host: seat.state for cluster in map_.clusters for seat in cluster.seats},
            "unplaced": [seat.host for seat in map_.unplaced],
            "cluster": request.GET.get("cluster", ""),
        },
        "versions": LayoutVersion.objects.filter(campus=campus).defer("document")[:50],
        "current": current, "import_form": LayoutImportForm(initial={"base": current.number if current else 0}),
    })


@require_POST
@edit_layout
def layout_save(request, campus_id):
    """JSON {"base": N, "document": {...}} -> 200 {"version": M}, 400 {"error"} or 409 {"error"}."""
    campus = Campus.objects.filter(id=campus_id).first()
    if campus is None:
        return json_error(f"no campus {campus_id}", status=404)
    if len(request.body) > MAX_SAVE_BYTES:
        return json_error(f"a layout is at most {MAX_SAVE_BYTES // 1024 // 1024} MB")
    try:
        body = json.loads(request.body)
        base, document = int(body["base"]), body["document"]
    except (ValueError, KeyError, TypeError):
        return json_error('expected JSON {"base": version number, "document": layout}')
    try:
        # Through the file parser, so the editor can save nothing that load_layout would refuse.
        parsed = parse_layout(json.dumps(document, indent=1))
        version = save_version(campus, parsed, source="editor", saved_by=request.user.get_username(), base=base)
    except LayoutError as error:
        return json_error(f"not saved: {error}")
    except LayoutChanged as error:
        return json_error(f"not saved: {error}. Reload to see it; your drawing stays here until you do.",
                          status=409)
    messages.success(request, saved_message(version))
    return JsonResponse({"version": version.number, "saved_at": version.saved_at.isoformat()})


@require_POST
@edit_layout
def layout_import(request, campus_id):
    campus = get_object_or_404(Campus, id=campus_id)
    form = LayoutImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return bad_request(request, first_error(form))
    upload = form.cleaned_data["file"]
    try:
        document = parse_layout(upload.read().decode("utf-8"))
        version = save_version(campus, document, source=f"import {upload.name}",
                               saved_by=request.user.get_username(), base=form.cleaned_data["base"])
    except UnicodeDecodeError:
        return bad_request(request, f"{upload.name}: not UTF-8 text")
    except (LayoutError, LayoutChanged) as error:
        return bad_request(request, f"{upload.name}: {error}", status=409 if isinstance(error, LayoutChanged) else 400)
    messages.success(request, saved_message(version))
    return redirect("layout-editor", campus_id=campus.id)


@require_POST
@edit_layout
def layout_revert(request, campus_id, number):
    campus = get_object_or_404(Campus, id=campus_id)
    get_object_or_404(LayoutVersion, campus=campus, number=number)
    form = LayoutRevertForm(request.POST)
    if not form.is_valid():
        return bad_request(request, first_error(form))
    try:
        version = revert(campus, number, saved_by=request.user.get_username(), base=form.cleaned_data["base"])
    except LayoutChanged as error:
        return bad_request(request, str(error), status=409)
    messages.success(request, saved_message(version))
    return redirect("layout-editor", campus_id=campus.id)


@require_GET
@edit_layout
def layout_export(request, campus_id):
    """The layout in use (or ?version=N) as a file load_layout reads; without any version, the inferred one."""
    campus = get_object_or_404(Campus, id=campus_id)
    versions = LayoutVersion.objects.filter(campus=campus)
    wanted = request.GET.get("version", "")
    if wanted and not wanted.isdigit():
        return bad_request(request, "version: a whole number")
    version = versions.filter(number=int(wanted)).first() if wanted else versions.filter(in_use=True).first()
    if wanted and version is None:
        return bad_request(request, f"campus {campus.name} has no layout version {wanted}", status=404)
    if version:
        document, suffix = version.document, f"v{version.number}"
    else:
        document, suffix = editable_document([c.plan for c in queries.campus_map(campus).clusters]), "inferred"
    response = HttpResponse(dump_layout(document), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="layout_{campus.id}_{suffix}.yaml"'
    return response
