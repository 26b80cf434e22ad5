"""Content-Security-Policy violations that browsers report: parsed, logged and counted for the status page.

Counts live in the cache (Redis), not the database: they are a gauge for operators, and a flood of reports
(a broken deploy seen by every wall display) must cost a counter increment, not a row each.
"""

import logging
import re

import redis
from django.core.cache import cache
from django.utils import timezone

from occupancy.input_limits import load_json

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 16 * 1024
MAX_REPORTS_PER_BODY = 20
# Reports logged per minute for the whole site; the rest are only counted, so a flood cannot fill the logs.
LOGGED_PER_MINUTE = 60
COUNT_KEY = "occupancy:csp:violations"
DROPPED_KEY = "occupancy:csp:dropped"
LAST_KEY = "occupancy:csp:last"
# What is logged of a report, by its report-uri name and its Reporting API name; values cut to FIELD_CHARS.
FIELDS = {"document-uri": "documentURL", "effective-directive": "effectiveDirective",
          "violated-directive": "effectiveDirective", "blocked-uri": "blockedURL", "source-file": "sourceFile",
          "line-number": "lineNumber", "script-sample": "sample", "disposition": "disposition"}
FIELD_CHARS = 200
URI_FIELDS = ("document-uri", "blocked-uri", "source-file")
KIOSK_TOKEN = re.compile(r"/kiosk/[^/?#]+")


class BadReport(ValueError):
    """A body that is not a violation report; the message is the one-line reason."""


def parse_reports(body):
    """The violations in a report body: report-uri's {"csp-report": {...}} or the Reporting API's list."""
    try:
        document = load_json(body, max_bytes=MAX_BODY_BYTES)
    except ValueError as error:
        raise BadReport(str(error)) from None
    if isinstance(document, dict) and isinstance(document.get("csp-report"), dict):
        return [_fields(document["csp-report"])]
    if isinstance(document, list) and 0 < len(document) <= MAX_REPORTS_PER_BODY and all(
            isinstance(item, dict) and item.get("type") == "csp-violation" and isinstance(item.get("body"), dict)
            for item in document):
        return [_fields(item["body"]) for item in document]
    raise BadReport("the body is not a CSP violation report")


def _fields(report):
    kept = {}
    for name, reporting_name in FIELDS.items():
        value = report.get(name, report.get(reporting_name))
        if isinstance(value, str | int) and not isinstance(value, bool) and name not in kept:
            value = str(value)
            if name in URI_FIELDS:  # a wall display's address is its key; queries may hold anything
                value = KIOSK_TOKEN.sub("/kiosk/[token]", value.split("?")[0])
            kept[name] = value[:FIELD_CHARS]
    return kept


def record_reports(reports, *, now=None):
    """Count the violations; log them unless this minute's share is spent. Returns False when it was."""
    now = now or timezone.now()
    minute_key = f"occupancy:csp:minute:{int(now.timestamp() // 60)}"
    try:
        cache.add(minute_key, 0, timeout=120)
        logged = cache.incr(minute_key, len(reports))
        cache.add(COUNT_KEY, 0, timeout=None)
        cache.incr(COUNT_KEY, len(reports))
        cache.set(LAST_KEY, now.isoformat(), timeout=None)
        if logged > LOGGED_PER_MINUTE:
            cache.add(DROPPED_KEY, 0, timeout=None)
            cache.incr(DROPPED_KEY, len(reports))
            return False
    except redis.RedisError as error:  # counting is best effort: the report is still logged
        log.warning("CSP violation not counted", extra={"error": str(error)})
    for report in reports:
        log.warning("CSP violation", extra={"csp": report})
    return True


def violation_stats():
    """{"count", "dropped" (not logged, over the rate), "last" (ISO time or None)} for the status page."""
    try:
        values = cache.get_many([COUNT_KEY, DROPPED_KEY, LAST_KEY])
    except redis.RedisError:
        return None
    return {"count": values.get(COUNT_KEY, 0), "dropped": values.get(DROPPED_KEY, 0), "last": values.get(LAST_KEY)}
