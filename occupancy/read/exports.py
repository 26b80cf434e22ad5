"""CSV exports: one streaming writer, and the rows of each export read from the database as they are written.

Every export is an `Export` (columns, a lazy generator of rows, a file name that says what, where and
when). The web (`occupancy/views/exports.py`) and the command (`manage.py export`) write the same rows
with the same writer. Large exports come from a server-side cursor, so memory stays flat whatever the
size. Times are ISO 8601 with the offset of the campus's time zone; periods are [since, until) in UTC
from the campus's local days.
"""

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice
from zoneinfo import ZoneInfo

from asgiref.sync import sync_to_async
from django.db import transaction
from django.db.models import (
    CharField,
    Count,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    Func,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, Least
from django.http import StreamingHttpResponse
from django.utils.text import slugify

from occupancy.models import Location, PoolPoints, ProjectSession, Seat, SeatState
from occupancy.read.usage import local_day_bounds, occupancy_series, pool_balances
from occupancy.sync.rollup import HOUR, floor_hour

# Rows fetched from the cursor per round trip, and rows written per chunk of the response.
CURSOR_CHUNK = 5000
WRITE_BATCH = 1000
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = frozenset("=+-@\t\r")


# --- the writer ---------------------------------------------------------------------------


def neutralised(row):
    """The row's cells, text that a spreadsheet would run as a formula prefixed with a quote; numbers unchanged."""
    return [("'" + value) if isinstance(value, str) and value[:1] in FORMULA_STARTS else value for value in row]


def _taken(buffer):
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def csv_chunks(rows: Iterable, columns: list, *, excel: bool = False) -> Iterator[str]:
    """The CSV text of a header and rows, in chunks of WRITE_BATCH rows (the header alone comes first).

    RFC 4180 (\\r\\n, quotes where needed); text cells that would run as formulas are neutralised,
    numbers are left as they are. excel: a byte-order mark, `;` between cells and `,` in decimals,
    as spreadsheets in such locales expect.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if excel else ",", lineterminator="\r\n")
    writer.writerow(neutralised(columns))
    yield ("\ufeff" if excel else "") + _taken(buffer)
    rows = iter(rows)
    while batch := list(islice(rows, WRITE_BATCH)):
        if excel:
            batch = [[str(value).replace(".", ",") if value.__class__ is float else value for value in row]
                     for row in batch]
        writer.writerows(map(neutralised, batch))
        yield _taken(buffer)


class ChunkedResponse(StreamingHttpResponse):
    """Streams its sync iterator under ASGI too, a chunk at a time in the request's thread.

    Django's own ASGI path reads a sync iterator whole into a list first: a million-row export would sit in memory.
    """

    async def __aiter__(self):
        chunks = iter(self.streaming_content)
        pull = sync_to_async(next)  # thread-sensitive: the same thread, so the same server-side cursor
        while (chunk := await pull(chunks, None)) is not None:
            yield chunk


def stream_csv(rows: Iterable, columns: list, filename: str, *, excel: bool = False) -> StreamingHttpResponse:
    """A response that streams the CSV of rows as an attachment named filename (see csv_chunks)."""
    response = ChunkedResponse(csv_chunks(rows, columns, excel=excel), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"  # personal data: no shared cache keeps a copy
    response["X-Accel-Buffering"] = "no"  # a proxy in front passes chunks on instead of buffering the whole file
    return response


def streamed(queryset) -> Iterator[tuple]:
    """The rows of a values_list queryset from a server-side cursor, CURSOR_CHUNK at a time.

    Inside a transaction, PostgreSQL's cursor yields rows as the query finds them; outside one
    (autocommit) Django declares it WITH HOLD, which PostgreSQL computes whole before the first row.
    """
    with transaction.atomic():
        yield from queryset.iterator(chunk_size=CURSOR_CHUNK)


# --- the exports ---------------------------------------------------------------------------


@dataclass
class Export:
    columns: list
    rows: Iterable  # lazy: read from the database while written
    filename: str
    count: Callable[[], int]  # how many rows (for a progress bar), one query


def filename(what, campus, first_day: date, last_day: date, *parts):
    """e.g. locations_paris_e1_2026-11-01_2026-11-24.csv: what, where and the local days of the period."""
    where = [slugify(campus.name) or f"campus-{campus.id}", *(slugify(part) for part in parts if part)]
    return "_".join([what, *where, first_day.isoformat(), last_day.isoformat()]) + ".csv"


def _local_time(zone):
    def local(moment):
        return moment.astimezone(zone).isoformat(timespec="seconds") if moment else ""

    return local


class LocalTimeText(Func):
    """A time as ISO 8601 text with the offset of a time zone, to the second, formatted by PostgreSQL.

    A million rows spend seconds in Python reading times (Django's loader of PostgreSQL times is
    Python) and formatting them; PostgreSQL does it on its own core while Python writes.
    """

    output_field = CharField()

    def __init__(self, expression, zone):
        super().__init__(expression)
        self.zone = zone

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        local = (f"(({sql}) AT TIME ZONE %s)", [*params, self.zone])
        utc = (f"(({sql}) AT TIME ZONE 'UTC')", params)
        parts = ["to_char(", local, ", 'YYYY-MM-DD\"T\"HH24:MI:SS') || CASE WHEN ", local, " < ", utc,
                 " THEN '-' || to_char(", utc, " - ", local, ", 'HH24:MI') ELSE '+' || to_char(", local, " - ", utc,
                 ", 'HH24:MI') END"]
        return ("".join(part if isinstance(part, str) else part[0] for part in parts),
                [value for part in parts if not isinstance(part, str) for value in part[1]])


def locations_export(campus, first_day, last_day, *, now, cluster="", host="", login="", active=False):
    """Sessions at the campus's seats that overlap the local days first_day..last_day, earliest first.

    duration is in seconds; a session still open counts until now and has no end.
    """
    since, until = local_day_bounds(campus, first_day, last_day)
    query = (Location.objects.filter(campus=campus, begin_at__lt=until)
             .filter(Q(end_at__gt=since) | Q(end_at__isnull=True)))
    if cluster:
        query = query.filter(seat__cluster=cluster)
    if host:
        query = query.filter(seat__host=host)
    if login:
        query = query.filter(login=login)
    if active:
        query = query.filter(end_at__isnull=True)
    duration = ExpressionWrapper(Coalesce("end_at", Value(now, DateTimeField())) - F("begin_at"),
                                 output_field=DurationField())
    values = query.order_by("begin_at", "id").values_list(
        "id", "seat__host", "seat__cluster", "seat__row", "seat__post", "user_id", "login",
        LocalTimeText("begin_at", campus.time_zone), LocalTimeText("end_at", campus.time_zone), duration)

    def rows():
        name = campus.name
        for location_id, seat_host, seat_cluster, row, post, user_id, user_login, begin, end, length in streamed(
                values):
            yield (location_id, name, seat_host, seat_cluster, row, post, user_id, user_login, begin,
                   end or "", int(length.total_seconds()))

    return Export(
        columns=["location id", "campus", "host", "cluster", "row", "post", "user id", "login", "begin", "end",
                 "duration (s)"],
        rows=rows(), count=query.count,
        filename=filename("locations", campus, first_day, last_day, cluster, host, login, "active" if active else ""),
    )


def occupancy_export(campus, first_day, last_day, *, now, by="hour", cluster=""):
    """Seats, taken at peak, taken on average and people per hour or per local day, from the hourly roll-up.

    The period stops at now: hours still to come are left out, not zeros. A day's people are its busiest hour's.
    """
    since, until = local_day_bounds(campus, first_day, last_day)
    until = min(until, floor_hour(now) + HOUR if by == "hour" else now)
    points = occupancy_series(campus, since, until, by=by, cluster=cluster) if since < until else []
    local = _local_time(ZoneInfo(campus.time_zone))
    return Export(
        columns=[by, "campus", "cluster", "seats", "taken at peak", "taken on average",
                 "people" if by == "hour" else "people (busiest hour)"],
        rows=((local(point.start), campus.name, cluster, point.seats, point.taken_peak, round(point.taken_mean, 2),
               point.people) for point in points),
        count=lambda: len(points),
        filename=filename(f"occupancy-by-{by}", campus, first_day, last_day, cluster),
    )


def utilisation_export(campus, first_day, last_day, *, now, cluster=""):
    """Each seat's state and note, sessions, hours taken and share of the period taken (the period stops at now),
    by place."""
    since, until = local_day_bounds(campus, first_day, last_day)
    end = max(min(until, now), since)
    moment = DateTimeField()
    overlap = Q(locations__begin_at__lt=end) & (Q(locations__end_at__gt=since) | Q(locations__end_at__isnull=True))
    taken = ExpressionWrapper(
        Least(Coalesce("locations__end_at", Value(end, moment)), Value(end, moment))
        - Greatest("locations__begin_at", Value(since, moment)), output_field=DurationField())
    seats = Seat.objects.filter(campus=campus)
    if cluster:
        seats = seats.filter(cluster=cluster)
    values = (seats.annotate(sessions=Count("locations", filter=overlap), taken=Sum(taken, filter=overlap))
              .order_by("cluster", "row", "post", "host")
              .values_list("host", "cluster", "row", "post", "state", "note", "sessions", "taken"))
    period = (end - since).total_seconds()

    def rows():
        states = {value: str(label) for value, label in SeatState.choices}
        for seat_host, seat_cluster, row, post, state, note, sessions, seconds in streamed(values):
            seconds = seconds.total_seconds() if seconds else 0.0
            yield (seat_host, seat_cluster, row, post, states[state], note, sessions, round(seconds / 3600, 2),
                   round(100 * seconds / period, 1) if period else 0.0)

    return Export(
        columns=["host", "cluster", "row", "post", "state", "note", "sessions", "hours taken", "share of period (%)"],
        rows=rows(), count=seats.count, filename=filename("utilisation", campus, first_day, last_day, cluster),
    )


def pools_export(campus, first_day, last_day, *, now):
    """The points of the campus's pools at each sync in the period, by pool then time."""
    since, until = local_day_bounds(campus, first_day, last_day)
    query = PoolPoints.objects.filter(pool__campus_id=campus.id, seen_at__gte=since, seen_at__lt=until)
    values = query.order_by("pool_id", "seen_at").values_list(
        "pool_id", "pool__cursus_id", "seen_at", "current_points", "pool__max_points")
    local = _local_time(ZoneInfo(campus.time_zone))
    return Export(
        columns=["pool id", "cursus id", "seen at", "points", "max points"],
        rows=((pool_id, cursus_id, local(seen_at), points, most)
              for pool_id, cursus_id, seen_at, points, most in streamed(values)),
        count=query.count, filename=filename("pools", campus, first_day, last_day),
    )


def balances_export(campus, first_day, last_day, *, now):
    """The balances of the campus's pools overlapping the period, by pool then begin."""
    balances = pool_balances(campus, *local_day_bounds(campus, first_day, last_day))
    local = _local_time(ZoneInfo(campus.time_zone))
    return Export(
        columns=["balance id", "pool id", "begin", "end"],
        rows=((balance.id, balance.pool_id, local(balance.begin_at), local(balance.end_at)) for balance in balances),
        count=lambda: len(balances), filename=filename("balances", campus, first_day, last_day),
    )


def project_sessions_export(campus, first_day, last_day, *, now):
    """Project sessions of the campus, or of every campus, overlapping the period, by begin."""
    since, until = local_day_bounds(campus, first_day, last_day)
    query = (ProjectSession.objects.filter(Q(campus_id=campus.id) | Q(campus_id__isnull=True))
             .filter(Q(begin_at__lt=until) | Q(begin_at__isnull=True))
             .filter(Q(end_at__gt=since) | Q(end_at__isnull=True)))
    values = query.order_by(F("begin_at").asc(nulls_first=True), "id").values_list(
        "id", "project__name", "project__slug", "project__exam", "campus_id", "cursus_id", "begin_at", "end_at",
        "solo", "max_people")
    local = _local_time(ZoneInfo(campus.time_zone))

    def rows():
        for (session_id, project, slug, exam, campus_id, cursus_id, begin, end, solo,
             max_people) in streamed(values):
            yield (session_id, project, slug, _yes_no(exam), campus.name if campus_id else "every campus",
                   cursus_id if cursus_id is not None else "every cursus", local(begin), local(end), _yes_no(solo),
                   max_people if max_people is not None else "")

    return Export(
        columns=["session id", "project", "slug", "exam", "campus", "cursus", "begin", "end", "solo", "max people"],
        rows=rows(), count=query.count, filename=filename("project-sessions", campus, first_day, last_day),
    )


def _yes_no(flag):
    return "yes" if flag else "no"


EXPORTS = {
    "locations": locations_export,
    "occupancy": occupancy_export,
    "utilisation": utilisation_export,
    "pools": pools_export,
    "balances": balances_export,
    "project-sessions": project_sessions_export,
}
