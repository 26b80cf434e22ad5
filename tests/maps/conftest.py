from datetime import timedelta

from django.utils import timezone

from occupancy.live import versions
from occupancy.models import Campus, Location, Seat, SyncState

_next_location = [1]


def make_campus(campus_id=1, name="Paris", *, clusters=("e1",), rows=3, posts=4, gaps=(), extra_hosts=()):
    """A campus with seats e1r1p1... (gaps: hosts left out) and a fresh locations sync."""
    campus = Campus.objects.create(id=campus_id, name=name, time_zone="Europe/Paris")
    now = timezone.now()
    seats = [
        Seat(campus=campus, host=f"{cluster}r{row}p{post}", cluster=cluster, row=row, post=post,
             first_seen=now - timedelta(days=1), last_seen=now)
        for cluster in clusters for row in range(1, rows + 1) for post in range(1, posts + 1)
        if f"{cluster}r{row}p{post}" not in gaps
    ]
    seats += [Seat(campus=campus, host=host, first_seen=now, last_seen=now) for host in extra_hosts]
    Seat.objects.bulk_create(seats)
    SyncState.objects.update_or_create(feed="locations", defaults={"last_success_at": now})
    return campus


def sit(campus, host, login, *, begun_minutes_ago=30, ended=False, avatar=""):
    seat = Seat.objects.get(campus=campus, host=host)
    begin = timezone.now() - timedelta(minutes=begun_minutes_ago)
    _next_location[0] += 1
    location = Location.objects.create(
        id=_next_location[0], campus=campus, seat=seat, user_id=1000 + _next_location[0], login=login,
        begin_at=begin, end_at=begin + timedelta(minutes=10) if ended else None, avatar=avatar,
    )
    versions.bump({campus.id: {seat.cluster}})  # as every write path does once it commits: open pages hear of it
    return location

