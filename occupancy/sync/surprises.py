"""Fields the intra sends that we did not expect: logged once per endpoint and field, kept for the status page.

The expected fields are those of the real answers published by projects that use the API every day
(tests/fixtures/intra_real/, checked by tests/contract/), of the API's reference pages and of the
simulator. A field outside them is neither an error nor dropped in silence: the run goes on, and the
first time it is seen it is logged and recorded (ApiSurprise), so the first contact with the real API
tells its operators what differs.
"""

import logging

from django.utils import timezone

from occupancy.models import ApiSurprise

log = logging.getLogger(__name__)

# The user object as the API nests it (in a location, in /v2/me): 2018, 2022 and 2024 answers.
USER_FIELDS = frozenset({
    "id", "email", "login", "first_name", "last_name", "usual_full_name", "usual_first_name", "url", "phone",
    "displayname", "kind", "image", "image_url", "new_image_url", "staff?", "correction_point", "pool_month",
    "pool_year", "location", "wallet", "anonymize_date", "data_erasure_date", "created_at", "updated_at",
    "alumnized_at", "alumni", "alumni?", "active?", "is_launched?",
})
ME_FIELDS = USER_FIELDS | {
    "groups", "cursus_users", "projects_users", "languages_users", "achievements", "titles", "titles_users",
    "partnerships", "patroned", "patroning", "expertises_users", "roles", "campus", "campus_users",
}
LOCATION_FIELDS = frozenset({"id", "begin_at", "end_at", "primary", "floor", "row", "post", "host", "campus_id",
                             "user"})
CAMPUS_FIELDS = frozenset({
    "id", "name", "time_zone", "language", "users_count", "vogsphere_id", "country", "address", "zip", "city",
    "website", "facebook", "twitter", "active", "public", "email_extension", "default_hidden_phone", "endpoint",
})
POOL_FIELDS = frozenset({"id", "current_points", "max_points", "campus_id", "cursus_id"})
BALANCE_FIELDS = frozenset({"id", "begin_at", "end_at", "pool_id", "created_at", "updated_at"})
PROJECT_SESSION_FIELDS = frozenset({
    "id", "solo", "begin_at", "end_at", "estimate_time", "difficulty", "duration_days", "terminating_after",
    "project_id", "campus_id", "cursus_id", "created_at", "updated_at", "max_people", "is_subscriptable",
    "scales", "uploads", "team_behaviour", "project", "campus", "cursus", "evaluations", "objectives",
    "description", "commit",
})
PROJECT_FIELDS = frozenset({"id", "name", "slug", "description", "parent", "children", "objectives", "tier",
                            "attachments", "created_at", "updated_at", "exam", "difficulty"})

# endpoint -> (fields of an item, {nested object: its fields})
EXPECTED = {
    "/v2/locations": (LOCATION_FIELDS, {"user": USER_FIELDS}),
    "/v2/me": (ME_FIELDS, {}),
    "/v2/campus": (CAMPUS_FIELDS, {}),
    "/v2/pools": (POOL_FIELDS, {}),
    "/v2/balances": (BALANCE_FIELDS, {}),
    "/v2/project_sessions": (PROJECT_SESSION_FIELDS, {"project": PROJECT_FIELDS}),
    "/v2/clusters": (frozenset({"id", "name", "cdn_link", "campus"}), {"campus": frozenset({"id", "name"})}),
}


def unexpected_fields(endpoint, items):
    """{field: JSON type of its first value} of the fields in items that the endpoint is not known to send."""
    fields, nested = EXPECTED[endpoint]
    found = {}
    for item in items:
        if not isinstance(item, dict):
            continue
        for name, value in item.items():
            if name not in fields:
                found.setdefault(name, json_type(value))
            elif name in nested and isinstance(value, dict):
                for inner, inner_value in value.items():
                    if inner not in nested[name]:
                        found.setdefault(f"{name}.{inner}", json_type(inner_value))
    return found


def note_surprises(endpoint, items, *, now=None):
    """Record and log, once, each field of items the endpoint is not known to send; returns the new ones.

    Costs nothing while answers hold only expected fields; otherwise one query, and one insert of the new.
    """
    found = unexpected_fields(endpoint, items)
    if not found:
        return {}
    known = set(ApiSurprise.objects.filter(endpoint=endpoint, field__in=found).values_list("field", flat=True))
    new = {name: kind for name, kind in found.items() if name not in known}
    if new:
        now = now or timezone.now()
        ApiSurprise.objects.bulk_create(
            [ApiSurprise(endpoint=endpoint, field=name, json_type=kind, first_seen=now) for name, kind in new.items()],
            ignore_conflicts=True,  # another worker may record the same field at the same moment
        )
        for name, kind in sorted(new.items()):
            log.warning("the intra sent a field we did not expect",
                        extra={"endpoint": endpoint, "field": name, "json_type": kind})
    return new


def json_type(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"
