"""Pools (points over time), balances and project sessions of a campus over a period."""

import pytest

from occupancy.models import Balance, Pool, PoolPoints, Project, ProjectSession
from occupancy.read.exports import balances_export, pools_export, project_sessions_export
from tests.exports.conftest import FIRST_DAY, LAST_DAY, NOW, PERIOD, utc


@pytest.fixture
def pools(paris):
    ours = Pool.objects.create(id=7, campus_id=paris.id, cursus_id=21, current_points=-5, max_points=100,
                               synced_at=NOW)
    theirs = Pool.objects.create(id=8, campus_id=2, cursus_id=21, max_points=50, synced_at=NOW)
    for pool, seen_at, points in [(ours, utc(27, 12), 40), (ours, utc(28, 9), 30), (ours, utc(29, 9), -5),
                                  (theirs, utc(29, 9), 10), (ours, utc(31, 9), 0)]:
        PoolPoints.objects.create(pool=pool, seen_at=seen_at, current_points=points)
    for balance_id, pool_id, begin, end in [(1, 7, utc(1, 0), utc(27, 0)), (2, 7, utc(27, 0), utc(29, 0)),
                                            (3, 7, utc(29, 0), None), (4, 8, utc(27, 0), None)]:
        Balance.objects.create(id=balance_id, pool_id=pool_id, begin_at=begin, end_at=end)
    return paris


@pytest.fixture
def project_sessions(paris):
    libft = Project.objects.create(id=1, name="=cmd|' /C calc'!A0", slug="libft")
    exam = Project.objects.create(id=2, name="Exam Rank 02", slug="exam-rank-02", exam=True)
    for session_id, project, campus_id, cursus_id, begin, end in [
        (10, libft, paris.id, 21, utc(1, 0), utc(27, 0)),  # over before the period
        (11, exam, paris.id, 21, utc(29, 8), utc(29, 11)),
        (12, libft, None, None, utc(1, 0), None),  # every campus, open-ended
        (13, exam, 2, 21, utc(29, 8), utc(29, 11)),  # another campus
    ]:
        ProjectSession.objects.create(id=session_id, project=project, campus_id=campus_id, cursus_id=cursus_id,
                                      begin_at=begin, end_at=end, max_people=None if project is libft else 40,
                                      solo=project is libft, updated_at=NOW)
    return paris


def test_pool_points_of_the_campus_in_the_period_keep_negative_numbers(pools):
    export = pools_export(pools, FIRST_DAY, LAST_DAY, now=NOW)

    assert export.columns == ["pool id", "cursus id", "seen at", "points", "max points"]
    assert list(export.rows) == [(7, 21, "2026-03-28T10:00:00+01:00", 30, 100),
                                 (7, 21, "2026-03-29T11:00:00+02:00", -5, 100)]
    assert export.filename == "pools_paris_2026-03-28_2026-03-30.csv"


def test_balances_overlapping_the_period(pools):
    export = balances_export(pools, FIRST_DAY, LAST_DAY, now=NOW)

    assert export.columns == ["balance id", "pool id", "begin", "end"]
    assert list(export.rows) == [(2, 7, "2026-03-27T01:00:00+01:00", "2026-03-29T01:00:00+01:00"),
                                 (3, 7, "2026-03-29T01:00:00+01:00", "")]


def test_project_sessions_of_the_campus_or_every_campus_in_the_period(project_sessions):
    export = project_sessions_export(project_sessions, FIRST_DAY, LAST_DAY, now=NOW)

    assert export.columns == ["session id", "project", "slug", "exam", "campus", "cursus", "begin", "end", "solo",
                              "max people"]
    assert list(export.rows) == [
        (12, "=cmd|' /C calc'!A0", "libft", "no", "every campus", "every cursus", "2026-03-01T01:00:00+01:00", "",
         "yes", ""),
        (11, "Exam Rank 02", "exam-rank-02", "yes", "Paris", 21, "2026-03-29T10:00:00+02:00",
         "2026-03-29T13:00:00+02:00", "no", 40),
    ]


def test_the_web_exports_neutralise_hostile_names_and_keep_negative_points(staff_client, pools, project_sessions):
    sessions = b"".join(staff_client.get("/exports/project-sessions.csv", PERIOD).streaming_content).decode()
    points = b"".join(staff_client.get("/exports/pools.csv", PERIOD).streaming_content).decode()
    balances = staff_client.get("/exports/balances.csv", PERIOD)

    assert sessions.splitlines()[1].startswith("12,'=cmd|' /C calc'!A0,libft,")
    assert points.splitlines()[-1] == "7,21,2026-03-29T11:00:00+02:00,-5,100"
    assert balances["Content-Disposition"] == 'attachment; filename="balances_paris_2026-03-28_2026-03-30.csv"'
