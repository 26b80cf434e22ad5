"""The 42 intra API client. `client_from_settings()` builds the one the feeds use."""

from occupancy.intra.errors import (
    IntraAuthError,
    IntraError,
    IntraForbidden,
    IntraRejected,
    IntraUnavailable,
    RateLimitDeadline,
)

__all__ = [
    "IntraAuthError",
    "IntraError",
    "IntraForbidden",
    "IntraRejected",
    "IntraUnavailable",
    "RateLimitDeadline",
]
