"""The forecast computed ahead by the hourly task, and read by its JSON, the chart page, the status page."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from occupancy.displays import create_display
from occupancy.forecast.present import display_lines, strip
from occupancy.forecast.store import compute_forecasts, run_forecasts
from occupancy.models import Forecast
from tests.forecast.conftest import NOW, add_history, make_campus

pytestmark = pytest.mark.django_db


@pytest.fixture
def paris():
    campus = make_campus(country="")
    add_history(campus, first=(NOW - timedelta(days=21)).date())
    add_history(campus, cluster="e9", first=(NOW - timedelta(days=5)).date(), seed=2, whole_campus=False)
    return campus


def snapshot():
    return list(Forecast.objects.order_by("issue", "cluster", "hour").values_list(
        "issue", "cluster", "hour", "made_at", "seats", "p10", "p50", "p90"))


@override_settings(FORECAST_REPLAY_DAYS=3)
def test_the_hourly_run_twice_at_the_same_hour_writes_the_same_rows(paris):
    compute_forecasts(paris, now=NOW)
    first = snapshot()
    compute_forecasts(paris, now=NOW)

    assert snapshot() == first
    latest = [row for row in first if row[0] == "latest"]
    assert len(latest) == 2 * 24 * 7  # the whole campus and e1, a week ahead; e9 is too young
    assert {row[1] for row in first if row[0] == "day"} == {"", "e1"}
    assert len([row for row in first if row[0] == "day"]) == 2 * 24 * 4  # three days back and today


@override_settings(FORECAST_REPLAY_DAYS=1)
def test_the_next_run_replaces_the_hours_ahead_and_keeps_the_day_forecasts(paris):
    run_forecasts(now=NOW)
    day_rows = list(Forecast.objects.filter(issue="day").values_list("hour", "p50"))
    run_forecasts(now=NOW + timedelta(hours=1))

    assert set(Forecast.objects.filter(issue="latest").values_list("made_at", flat=True)) == {
        NOW + timedelta(hours=1)}
    assert Forecast.objects.filter(issue="latest").earliest("hour").hour == NOW + timedelta(hours=1)
    assert sorted(Forecast.objects.filter(issue="day").values_list("hour", "p50")) == sorted(day_rows)


def test_the_json_gives_seats_and_percent_and_says_when_history_is_short(staff_client, live_campus):
    answer = staff_client.get(f"/campus/{live_campus.id}/forecast.json?hours=6").json()
    by_cluster = {item["cluster"]: item for item in answer["clusters"]}

    assert by_cluster["e9"] == {"cluster": "e9", "state": "not enough history yet"}
    e1 = by_cluster["e1"]
    assert e1["state"] == "ok" and e1["seats"] == 40 and e1["current"] is True and len(e1["hours"]) == 6
    hour = e1["hours"][0]
    assert hour["p10"] <= hour["p50"] <= hour["p90"]
    assert hour["percent"]["p50"] == round(100 * hour["p50"] / 40, 1)
    one = staff_client.get(f"/campus/{live_campus.id}/forecast.json?cluster=e1").json()
    assert [item["cluster"] for item in one["clusters"]] == ["e1"]


@pytest.mark.parametrize("query", ["hours=0", "hours=500", "hours=x", "cluster=e1%3Bdrop"])
def test_bad_json_parameters_answer_400_with_a_reason(staff_client, paris, query):
    response = staff_client.get(f"/campus/{paris.id}/forecast.json?{query}")
    assert response.status_code == 400
    assert response.json()["error"]


def test_the_json_needs_staff_or_a_display_token(client, live_campus):
    _, token = create_display(created_by="amartin", name="Hall", campus=live_campus, clusters=["e1"])

    assert client.get(f"/campus/{live_campus.id}/forecast.json").status_code in (302, 401)
    shown = client.get(f"/kiosk/{token}/forecast.json").json()
    assert [item["cluster"] for item in shown["clusters"]] == ["e1"]  # only the display's clusters
    assert client.get("/kiosk/not-a-token/forecast.json").status_code == 403


def test_the_status_page_shows_when_each_forecast_ran_and_its_error(staff_client, paris):
    with override_settings(FORECAST_REPLAY_DAYS=7):
        compute_forecasts(paris, now=NOW)

    page = staff_client.get("/status/").content.decode()

    assert 'data-forecast-campus="1"' in page
    assert NOW.strftime("%Y-%m-%d %H:%M") in page
    assert "seats (" in page  # the measured error of the last days' forecasts
    assert "e9" in page  # not enough history yet


def test_the_forecast_chart_has_its_csv(staff_client, paris):
    with override_settings(FORECAST_REPLAY_DAYS=7):
        compute_forecasts(paris, now=NOW)
    query = "campus=1&cluster=e1&since=2025-11-04&until=2025-11-10"

    page = staff_client.get(f"/charts/forecast/?{query}")
    csv = b"".join(staff_client.get(f"/charts/forecast/forecast.csv?{query}").streaming_content).decode()

    assert page.status_code == 200 and "chart-forecast" in page.content.decode()
    lines = csv.splitlines()
    assert lines[0] == "hour,seats,taken at peak,forecast p10,forecast median,forecast p90,within band"
    assert len(lines) == 1 + 7 * 24
    assert staff_client.get("/charts/forecast/?campus=1&since=2025-09-01&until=2025-11-10").status_code == 400


def test_the_backtest_command_scores_the_forecast_beside_both_baselines(paris, capsys):
    call_command("forecast_backtest", "--weeks", "1")
    out = capsys.readouterr().out
    for method in ("forecast", "same hour last week", "weekday-hour median"):
        assert f"| Paris | {method} |" in out
    with pytest.raises(CommandError, match="--weeks"):
        call_command("forecast_backtest", "--weeks", "0")
    with pytest.raises(CommandError, match="no campus 77"):
        call_command("forecast_backtest", "--campus", "77")


def test_a_forecast_older_than_two_hours_is_never_shown_as_current(staff_client, settings):
    now = timezone.now()
    campus = make_campus(country="")
    add_history(campus, first=(now - timedelta(days=21)).date(), until=now - timedelta(hours=3))
    settings.FORECAST_REPLAY_DAYS = 0
    compute_forecasts(campus, now=now - timedelta(hours=3))  # the worker has been down since
    display, _ = create_display(created_by="amartin", name="Hall", campus=campus, clusters=["e1"])

    assert strip(campus, "e1", now=now).state == "none"
    assert display_lines(display, now=now)[0] == []
    e1 = staff_client.get(f"/campus/{campus.id}/forecast.json?cluster=e1").json()["clusters"][0]
    assert e1["current"] is False
    assert strip(campus, "e1", now=now - timedelta(hours=1)).state == "ok"  # two hours old: still current
