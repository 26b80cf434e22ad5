"""Typed errors of the intra client; each names the endpoint and the last HTTP status it saw."""


class IntraError(Exception):
    def __init__(self, endpoint, status, reason):
        self.endpoint = endpoint
        self.status = status
        self.reason = reason
        super().__init__(f"{endpoint}: {reason}" + (f" (last status {status})" if status else ""))


class IntraUnavailable(IntraError):
    """The API kept failing (5xx, 429, timeouts, resets, malformed bodies) after every try."""


class IntraForbidden(IntraError):
    """403: the application lacks a role (or scope) the endpoint needs; the API's own words are kept."""

    def __init__(self, endpoint, role, message=""):
        self.role = role
        said = f" (the API says: {message})" if message else ""
        super().__init__(endpoint, 403, f"forbidden; the application needs the role {role!r}{said}")


class IntraRejected(IntraError):
    """A 4xx other than 401/403/429: our request is wrong and retrying will not help."""


class IntraAuthError(IntraError):
    """The OAuth token could not be obtained (bad client id or secret)."""


class RateLimitDeadline(IntraError):
    """The shared rate limiter would make this request wait past its deadline."""
