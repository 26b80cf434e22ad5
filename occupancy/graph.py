"""The intra's projects_users graph endpoint: its parameters exactly as the reference page lists them,
the canonical form of a query (the cache key and the Celery task's argument), the cached answers
(GraphAnswer, filled by the graph feed), and an answer as an ordered series with gaps as zeros.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import parse_qsl, urlencode

from django.db.models import Q
from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS
from django.utils.translation import gettext_lazy as _

from occupancy.models import GraphAnswer

FIELDS = ("created_at", "updated_at", "retriable_at")
INTERVALS = ("day", "week", "month", "quarter", "year", "hour_of_day", "day_of_week", "day_of_month", "month_of_year")
DEFAULT_FIELD, DEFAULT_INTERVAL = "created_at", "month_of_year"
CURSUS = (1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 25, 26, 27, 28, 31, 32, 33,
          34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 46, 47, 48, 49, 50, 51, 52, 53, 54, 56, 57, 58, 59, 60, 61, 62,
          63, 64, 65, 66, 67, 68, 69, 73, 74, 75, 76)
CAMPUSES = (1, 2, *range(5, 75))
INTEGER_FIELDS = ("id", "project_id", "user_id", "occurrence", "final_mark")
TIME_FIELDS = ("created_at", "updated_at", "retriable_at", "marked_at")
FILTERS = ("id", "project_id", "user_id", "created_at", "updated_at", "occurrence", "final_mark", "retriable_at",
           "marked_at", "status", "cursus", "campus", "retriable", "marked")
RANGES = ("id", "project_id", "user_id", "created_at", "updated_at", "occurrence", "final_mark", "retriable_at",
          "marked_at", "status")
# The reference lists no status values; these are the ones the intra uses for projects users.
STATUSES = ("creating_group", "searching_a_group", "in_progress", "waiting_for_correction", "finished", "parent")
# What the page shows for the API's values (the values stay in the URL, as the API spells them).
FIELD_WORDS = {"created_at": _("created"), "updated_at": _("updated"), "retriable_at": _("retriable")}
INTERVAL_WORDS = {"day": _("day"), "week": _("week"), "month": _("month"), "quarter": _("quarter"), "year": _("year"),
                  "hour_of_day": _("hour of the day"), "day_of_week": _("day of the week"),
                  "day_of_month": _("day of the month"), "month_of_year": _("month of the year")}
STATUS_WORDS = {"creating_group": _("creating a group"), "searching_a_group": _("searching a group"),
                "in_progress": _("in progress"), "waiting_for_correction": _("waiting for evaluation"),
                "finished": _("finished"), "parent": _("parent project")}
# The intra's best-known cursus; the others are named by their number.
CURSUS_NAMES = {1: "42", 3: "Discovery Piscine", 9: "C Piscine", 21: "42cursus"}


def cursus_word(cursus_id):
    return CURSUS_NAMES.get(cursus_id) or _("cursus %(id)s") % {"id": cursus_id}
ORDINAL = {
    "hour_of_day": list(range(24)),
    "day_of_week": [1, 2, 3, 4, 5, 6, 0],  # the API counts 0 as Sunday; staff read weeks from Monday
    "day_of_month": list(range(1, 32)),
    "month_of_year": list(range(1, 13)),
}
MAX_VALUES = 50
_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?Z?)?$")
_WORD = re.compile(r"^[a-z_]{1,40}$")


class GraphParameterError(ValueError):
    """A parameter the reference does not allow; the message says which and why."""


@dataclass(frozen=True)
class GraphQuery:
    field: str = DEFAULT_FIELD
    interval: str = DEFAULT_INTERVAL
    filters: tuple = ()  # ((name, "a,b"), ...) sorted by name
    ranges: tuple = ()  # ((name, "min,max"), ...) sorted by name

    @property
    def path(self):
        return f"/v2/projects_users/graph/on/{self.field}/by/{self.interval}"

    @property
    def params(self):
        """The API's query parameters: filter[...] and range[...]."""
        return {**{f"filter[{name}]": value for name, value in self.filters},
                **{f"range[{name}]": value for name, value in self.ranges}}

    @property
    def key(self):
        """The canonical query string: one cache row and one task argument per distinct question."""
        return urlencode({"field": self.field, "interval": self.interval, **self.params})

    @property
    def filter_map(self):
        return dict(self.filters)

    @property
    def range_map(self):
        return dict(self.ranges)


def parse_graph_query(pairs):
    """A GraphQuery from (name, value) pairs (a QueryDict's items or a key); raises GraphParameterError."""
    field, interval, filters, ranges = DEFAULT_FIELD, DEFAULT_INTERVAL, {}, {}
    for name, raw in pairs:
        value = raw.strip()
        if not value:
            continue  # an empty input of the form means "not set"
        if name == "field":
            if value not in FIELDS:
                raise GraphParameterError(f"field must be one of {', '.join(FIELDS)}, not {value!r}")
            field = value
        elif name == "interval":
            if value not in INTERVALS:
                raise GraphParameterError(f"interval must be one of {', '.join(INTERVALS)}, not {value!r}")
            interval = value
        elif name.startswith("filter[") and name.endswith("]"):
            key = name[7:-1]
            if key not in FILTERS:
                raise GraphParameterError(f"filter[{key}] is not a filter of projects users; "
                                          f"allowed: {', '.join(FILTERS)}")
            filters[key] = ",".join(_filter_values(key, value))
        elif name.startswith("range[") and name.endswith("]"):
            key = name[6:-1]
            if key not in RANGES:
                raise GraphParameterError(f"range[{key}] is not a range of projects users; "
                                          f"allowed: {', '.join(RANGES)}")
            ranges[key] = _range_value(key, value)
        else:
            raise GraphParameterError(f"{name} is not a parameter of the graph (field, interval, filter[...], "
                                      "range[...])")
    return GraphQuery(field, interval, tuple(sorted(filters.items())), tuple(sorted(ranges.items())))


def query_from_key(key):
    return parse_graph_query(parse_qsl(key, keep_blank_values=True))


def _filter_values(key, value):
    parts = [part.strip() for part in value.split(",")]
    if len(parts) > MAX_VALUES:
        raise GraphParameterError(f"filter[{key}] takes at most {MAX_VALUES} values")
    for part in parts:
        _check_value(f"filter[{key}]", key, part)
    return parts


def _range_value(key, value):
    parts = [part.strip() for part in value.split(",")]
    if len(parts) != 2 or not any(parts):
        raise GraphParameterError(f"range[{key}] needs min,max (either may be empty), not {value!r}")
    for part in parts:
        if part:
            _check_value(f"range[{key}]", key, part)
    return ",".join(parts)


def _check_value(label, key, part):
    allowed = {"campus": CAMPUSES, "cursus": CURSUS}.get(key)
    if allowed is not None:
        if not part.isdigit() or int(part) not in allowed:
            raise GraphParameterError(f"{label}: {part!r} is not one of the values the reference lists")
    elif key in INTEGER_FIELDS:
        if not part.isdigit():
            raise GraphParameterError(f"{label}: {part!r} is not a whole number")
    elif key in TIME_FIELDS:
        if not _TIME.match(part):
            raise GraphParameterError(f"{label}: {part!r} is not a date (YYYY-MM-DD) or time (YYYY-MM-DDTHH:MM:SSZ)")
    elif key in ("retriable", "marked"):
        if part not in ("true", "false"):
            raise GraphParameterError(f"{label}: must be true or false, not {part!r}")
    elif key == "status" and not _WORD.match(part):
        raise GraphParameterError(f"{label}: {part!r} is not a status")


# --- the cached answers -----------------------------------------------------------------


def cached_answer(query):
    """The answer kept for a query, fetched or still pending; None if it was never asked."""
    return GraphAnswer.objects.filter(query=query.key).first()


def is_stale(answer, now, max_age):
    return answer is None or answer.fetched_at is None or (now - answer.fetched_at).total_seconds() > max_age


def claim_refresh(query, now, *, every):
    """True for the one caller that should enqueue a refresh: none was asked for in the last `every` seconds."""
    GraphAnswer.objects.get_or_create(query=query.key)
    recent = now - timedelta(seconds=every)
    return bool(GraphAnswer.objects.filter(query=query.key).filter(Q(requested_at__isnull=True) |
                                                                    Q(requested_at__lt=recent))
                .update(requested_at=now))


# --- the answer as a series -------------------------------------------------------------


def graph_series(interval, counts):
    """[(label, count)] in reading order: ordinal periods complete (Monday first, hours 0-23), dated periods
    from the first to the last with the missing ones as zeros."""
    if interval in ORDINAL:
        by_number = {}
        for key, count in counts.items():
            if str(key).strip().isdigit():
                by_number[int(key)] = by_number.get(int(key), 0) + int(count)
        return [(ordinal_label(interval, number), by_number.get(number, 0)) for number in ORDINAL[interval]]
    dated = {}
    for key, count in counts.items():
        try:
            day = date.fromisoformat(str(key)[:10])
        except ValueError:
            continue  # a key we cannot place in time is left out rather than put out of order
        dated[day] = dated.get(day, 0) + int(count)
    if not dated:
        return []
    periods = set(dated)
    day = min(dated)
    while day < max(dated):
        day = _next_period(interval, day)
        periods.add(day)
    return [(dated_label(interval, day), dated.get(day, 0)) for day in sorted(periods) if day <= max(dated)]


def ordinal_label(interval, number):
    if interval == "day_of_week":
        return str(WEEKDAYS[(number - 1) % 7])  # the API's 0 is Sunday, Django's 0 Monday
    if interval == "month_of_year":
        return str(MONTHS[number])
    if interval == "hour_of_day":
        return f"{number:02d}:00"
    return str(number)


def dated_label(interval, day):
    if interval == "month":
        return f"{str(MONTHS_3[day.month]).capitalize()} {day.year}"
    if interval == "quarter":
        return f"Q{(day.month - 1) // 3 + 1} {day.year}"
    if interval == "year":
        return str(day.year)
    if interval == "week":
        return _("week of %(day)s") % {"day": day.isoformat()}
    return day.isoformat()


def _next_period(interval, day):
    if interval == "day":
        return day + timedelta(days=1)
    if interval == "week":
        return day + timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[interval]
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)
