"""Errors of views and Celery tasks to Sentry (or a compatible server), with personal data taken out first.

Started from settings.py only when SENTRY_DSN is set; without it nothing is sent anywhere.
"""

import re
from contextvars import ContextVar

import sentry_sdk
from asgiref.sync import iscoroutinefunction
from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.utils.decorators import sync_and_async_middleware
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration

from occupancy.log_format import redact

FILTERED = "[Filtered]"
# Values under these keys (anywhere in an event) are a person or a credential.
_PERSONAL_KEY = re.compile(r"(?i)login|user|email|token|secret|password|passwd|authorization|cookie|session|csrf"
                           r"|api_?key|dsn|signature|(^|_)code$")
# Paths that carry a login or a display token: ours (/user/<login>/, /kiosk/<token>/) and the intra's.
_PERSONAL_PATH = re.compile(r"(/(?:user|users|kiosk)/)([^/?#\s\"']+)")
# The logins of the request being answered (see mask_request_logins).
_LOGINS = ContextVar("occupancy_request_logins", default=())
# The request headers worth keeping; the others (Authorization, Cookie, forwarded addresses) go.
_KEPT_HEADERS = {"accept", "accept-language", "content-type", "content-length", "host", "x-forwarded-proto"}


def start_error_reports(dsn, *, environment, secrets=()):
    """Send errors to `dsn`; `secrets` (SECRET_KEY, the intra secret ...) are masked wherever they appear."""
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        # Frame variables hold seats, sessions and requests whose logins no key name betrays.
        data_collection={"user_info": False, "http_bodies": [], "database_query_data": False,
                         "stack_frame_variables": False},
        traces_sample_rate=0,
        before_send=lambda event, hint: scrub(event, secrets),
        before_breadcrumb=lambda crumb, hint: scrub(crumb, secrets),
    )


@sync_and_async_middleware
def mask_request_logins(get_response):
    """Middleware: the signed-in login and the login in the path are masked in any event the request raises.

    Only with SENTRY_DSN set; placed after the authentication middleware, which has usually loaded the user.
    """
    if not settings.SENTRY_DSN:
        raise MiddlewareNotUsed
    if iscoroutinefunction(get_response):
        async def remembering(request):
            token = _LOGINS.set(_logins(request, await request.auser()))
            try:
                return await get_response(request)
            finally:
                _LOGINS.reset(token)
    else:
        def remembering(request):
            token = _LOGINS.set(_logins(request, request.user))
            try:
                return get_response(request)
            finally:
                _LOGINS.reset(token)
    return remembering


def _logins(request, user):
    found = {match.group(2) for match in _PERSONAL_PATH.finditer(request.path)}
    if user.is_authenticated:
        found.add(user.get_username())
    return tuple(found)


def scrub(event, secrets=()):
    """The event without user, cookies, credentials, logins in paths, or any of `secrets` and the request's logins."""
    event.pop("user", None)
    described = event.get("request")
    if isinstance(described, dict):
        for part in ("cookies", "data", "query_string", "env"):
            described.pop(part, None)
        headers = described.get("headers") or {}
        described["headers"] = {name: value for name, value in headers.items() if name.lower() in _KEPT_HEADERS}
    return _clean(event, _masking(secrets, _LOGINS.get()))


def _masking(secrets, logins):
    """One pattern for the secrets wherever they are, and the logins as whole words (not inside other words)."""
    parts = [re.escape(secret) for secret in sorted(filter(None, secrets), key=len, reverse=True)]
    words = [re.escape(login) for login in sorted(filter(None, logins), key=len, reverse=True)]
    if words:
        parts.append(rf"(?<![\w-])(?:{'|'.join(words)})(?![\w-])")
    return re.compile("|".join(parts)) if parts else None


def _clean(value, masked, key=""):
    if key and _PERSONAL_KEY.search(key) and value not in (None, "", [], {}):
        return FILTERED
    if isinstance(value, dict):
        return {name: _clean(item, masked, str(name)) for name, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(item, masked) for item in value]
    if isinstance(value, str):
        if masked is not None:
            value = masked.sub(FILTERED, value)
        return _PERSONAL_PATH.sub(rf"\g<1>{FILTERED}", redact(value))
    return value
