"""CSV exports: GET /exports/<name>.csv with the export's filters, streamed as it is read."""

from django.http import Http404
from django.utils import timezone
from django.views.decorators.http import require_GET

from occupancy.export_forms import FORMS, BadExport, build_export
from occupancy.read.exports import stream_csv
from occupancy.views.errors import bad_request


@require_GET
def export_csv(request, name):
    if name not in FORMS:
        raise Http404(f"no export called {name}")
    try:
        export, excel = build_export(name, request.GET, now=timezone.now())
    except BadExport as error:
        return bad_request(request, str(error))
    return stream_csv(export.rows, export.columns, export.filename, excel=excel)
