"""A day or id at the edge of what the application computes with is refused with a reason, never a 500."""

import pytest
from django.core.management import CommandError, call_command

from occupancy.models import Campus
from tests.maps.conftest import make_campus


@pytest.fixture
def paris(db, settings):
    settings.GRAPH_PAGE_BUDGET = 0
    return make_campus()


@pytest.mark.parametrize("path", [
    "/charts/", "/charts/pools/", "/charts/sessions/", "/exports/locations.csv", "/exports/occupancy.csv",
    "/charts/usage/people-hour.csv",
])
def test_the_first_day_of_the_calendar_is_refused_with_a_reason(staff_client, paris, path):
    response = staff_client.get(path, {"campus": paris.id, "until": "0001-01-01"})

    assert response.status_code == 400
    assert response.context["reason"] == (
        "until: 0001-01-01 is outside the days this site can compute with (0002-01-01 to 9998-12-31).")


@pytest.mark.parametrize("params", [
    {"since": "9999-12-31", "until": "9999-12-31"},
    {"since": "0001-12-31"},
])
def test_a_day_whose_shift_leaves_the_calendar_is_refused(staff_client, paris, params):
    response = staff_client.get("/charts/", {"campus": paris.id, **params})

    assert response.status_code == 400
    assert "is outside the days this site can compute with" in response.context["reason"]


def test_the_first_and_last_days_allowed_are_answered_in_a_zone_fourteen_hours_ahead(staff_client, db):
    kiritimati = Campus.objects.create(id=2, name="Kiritimati", time_zone="Pacific/Kiritimati")

    for params in ({"since": "0002-01-01", "until": "0002-01-28"}, {"until": "9998-12-31"}):
        assert staff_client.get("/charts/", {"campus": kiritimati.id, **params}).status_code == 200


def test_the_export_command_refuses_the_edge_of_the_calendar_in_one_line(paris, tmp_path):
    with pytest.raises(CommandError, match=r"^until: 0001-01-01 is outside the days this site can compute with"):
        call_command("export", "locations", "-o", str(tmp_path / "x.csv"), "--campus=1", "--until=0001-01-01")

    assert not (tmp_path / "x.csv").exists()


@pytest.mark.parametrize("arguments, reason", [
    (["--campus=1", "--since=0001-01-01T00:00:00+14:00"], "is outside the days this site can compute with"),
    (["--campus=1", "--since=9999-12-31"], "9999-12-31 is outside the days"),
    (["--campus=-1", "--since=2026-01-01"], "--campus must be a whole number from 1 to 2,147,483,647, not -1"),
    (["--campus=2147483648", "--since=2026-01-01"], "--campus must be a whole number from 1 to 2,147,483,647"),
])
def test_the_backfill_refuses_days_and_campuses_it_cannot_store_in_one_line(db, arguments, reason):
    with pytest.raises(CommandError, match=reason):
        call_command("backfill_locations", *arguments)

    assert not Campus.objects.exists()  # nothing half-written


@pytest.mark.parametrize("days", ["0", "99999999999"])
def test_the_demo_history_refuses_a_number_of_days_outside_its_range(db, days):
    with pytest.raises(CommandError, match="--days must be from 1 to 3660"):
        call_command("demo_history", f"--days={days}")
