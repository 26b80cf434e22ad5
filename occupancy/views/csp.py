"""Where browsers report Content-Security-Policy violations: no sign-in, no CSRF token, a small body."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from occupancy import csp_reports
from occupancy.views.errors import json_error


@csrf_exempt
@login_not_required
@require_POST
def csp_report(request):
    length = request.headers.get("Content-Length") or "0"
    if not length.isdigit() or int(length) > csp_reports.MAX_BODY_BYTES:
        return json_error(f"a report is at most {csp_reports.MAX_BODY_BYTES} bytes", status=413)
    try:
        reports = csp_reports.parse_reports(request.body)
    except csp_reports.BadReport as error:
        return json_error(str(error))
    if not csp_reports.record_reports(reports):
        return json_error("too many reports this minute: counted, not logged", status=429)
    return HttpResponse(status=204)
