"""Errors of views and Celery tasks to Sentry (or a compatible server), with personal data taken out first.

Started from settings.py only when SENTRY_DSN is set; without it nothing is sent anywhere.
"""

import re

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration

from occupancy.log_format import redact

FILTERED = "[Filtered]"
# Values under these keys (anywhere in an event) are a person or a credential.
_PERSONAL_KEY = re.compile(r"(?i)login|user|email|token|secret|password|passwd|authorization|cookie|session|csrf"
                           r"|api_?key|dsn|signature|(^|_)code$")
# Paths that carry a login or a display token: ours (/user/<login>/, /kiosk/<token>/) and the intra's.
_PERSONAL_PATH = re.compile(r"(/(?:user|users|kiosk)/)[^/?#\s\"']+")
# The request headers worth keeping; the others (Authorization, Cookie, forwarded addresses) go.
_KEPT_HEADERS = {"accept", "accept-language", "content-type", "content-length", "host", "x-forwarded-proto"}


def start_error_reports(dsn, *, environment, secrets=()):
    """Send errors to `dsn`; `secrets` (SECRET_KEY, the intra secret ...) are masked wherever they appear."""
    masked = [secret for secret in secrets if secret]
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        # Frame variables hold seats, sessions and requests whose logins no key name betrays.
        include_local_variables=False,
        traces_sample_rate=0,
        before_send=lambda event, hint: scrub(event, masked),
        before_breadcrumb=lambda crumb, hint: _clean(crumb, masked),
    )


def scrub(event, secrets=()):
    """The event without user, cookies, credentials, logins in paths, or any of `secrets`."""
    event.pop("user", None)
    request = event.get("request")
    if isinstance(request, dict):
        for part in ("cookies", "data", "query_string", "env"):
            request.pop(part, None)
        headers = request.get("headers") or {}
        request["headers"] = {name: value for name, value in headers.items() if name.lower() in _KEPT_HEADERS}
    return _clean(event, secrets)


def _clean(value, secrets, key=""):
    if key and _PERSONAL_KEY.search(key) and value not in (None, "", [], {}):
        return FILTERED
    if isinstance(value, dict):
        return {name: _clean(item, secrets, str(name)) for name, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(item, secrets) for item in value]
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, FILTERED)
        return _PERSONAL_PATH.sub(rf"\1{FILTERED}", redact(value))
    return value
