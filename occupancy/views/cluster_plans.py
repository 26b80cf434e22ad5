"""Staff's choice when the intra's plan of a cluster changed over a layout they edited: apply it, or keep theirs."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from occupancy.layouts.intra_plan import apply_plan, keep_layout
from occupancy.models import ClusterDrawing
from occupancy.views.errors import bad_request


def _back(request, record):
    if request.POST.get("back") == "cluster" and record.cluster:
        return redirect("cluster", campus_id=record.campus_id, cluster=record.cluster)
    return redirect("status")


@require_POST
@permission_required("occupancy.edit_layout", raise_exception=True)
def plan_apply(request, drawing_id):
    record = get_object_or_404(ClusterDrawing.objects.select_related("campus"), id=drawing_id)
    if record.state != ClusterDrawing.WAITING or not record.plan:
        return bad_request(request, _("The intra's plan of %(name)s waits for no choice.") % {"name": record.name},
                           status=409)
    version = apply_plan(record, saved_by=request.user.get_username())
    if version is None:
        return bad_request(request, _("Not applied: %(reason)s.") % {"reason": record.refused}, status=409)
    messages.success(request, _("The intra's plan of %(name)s is version %(number)s: the maps show it now.")
                     % {"name": record.name, "number": version.number})
    return _back(request, record)


@require_POST
@permission_required("occupancy.edit_layout", raise_exception=True)
def plan_keep(request, drawing_id):
    record = get_object_or_404(ClusterDrawing.objects.select_related("campus"), id=drawing_id)
    if record.state != ClusterDrawing.WAITING:
        return bad_request(request, _("The intra's plan of %(name)s waits for no choice.") % {"name": record.name},
                           status=409)
    keep_layout(record, saved_by=request.user.get_username())
    messages.success(request, _("The layout in use stays for %(name)s; the intra's next change will ask again.")
                     % {"name": record.name})
    return _back(request, record)
