"""The usage charts from the hourly roll-up: pages, their CSVs, their periods, in a fixed number of queries."""

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest

from occupancy.read.charts import longest_sessions_chart, people_chart
from occupancy.read.usage import local_day_bounds, occupancy_series, weekday_hour_means
from occupancy.sync.rollup import roll_up
from tests.charts.conftest import NOW

pytestmark = pytest.mark.django_db
USAGE = "/charts/?campus=1&since=2025-11-24&until=2025-11-26"


def test_occupancy_per_hour_and_per_local_day_with_gaps_as_zero(campus):
    since, until = local_day_bounds(campus, date(2025, 11, 24), date(2025, 11, 26))

    hours = occupancy_series(campus, since, until, by="hour")
    days = occupancy_series(campus, since, until, by="day")

    assert len(hours) == 72 and hours[0].start == datetime(2025, 11, 23, 23, tzinfo=UTC)
    at_nine = next(point for point in hours if point.start == datetime(2025, 11, 24, 9, tzinfo=UTC))
    assert (at_nine.taken_peak, at_nine.people, at_nine.seats) == (2, 2, 6)
    assert at_nine.taken_mean == pytest.approx((3600 + 45 * 60) / 3600)
    assert hours[-1].taken_peak == 0  # after now: no row, shown as zero
    assert [(day.start.date(), day.taken_peak) for day in days] == [
        (date(2025, 11, 24), 2), (date(2025, 11, 25), 0), (date(2025, 11, 26), 1)]
    assert occupancy_series(campus, since, until, by="day", cluster="e2")[0].taken_mean == pytest.approx(
        9 / 24)


def test_the_heat_map_reads_monday_first_in_the_campus_time_zone(campus):
    since, until = local_day_bounds(campus, date(2025, 11, 24), date(2025, 11, 26))

    grid = weekday_hour_means(campus, since, until)

    assert grid[0][10] == pytest.approx(1.75)  # Monday 09:00-10:00 UTC is 10:00 in Paris
    assert grid[2][8] == 1.0 and grid[1] == [0.0] * 24


def test_the_usage_page_draws_every_chart_in_a_fixed_number_of_queries(client, campus, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get(USAGE)

    assert response.status_code == 200
    slugs = [chart.slug for chart in response.context["charts"]]
    assert len(response.context["charts"][0].rows) == 72  # three local days, midnight to midnight
    assert slugs == ["people-hour", "people-day", "weekday-hour", "clusters", "utilisation", "longest-sessions"]
    page = response.content.decode()
    assert "Seats taken per hour, Paris, 2025-11-24 to 2025-11-26" in page
    assert page.count("Download CSV") == page.count("Download PNG") == 6
    assert page.count('<div class="visually-hidden"><table id="chart-') == 6


def test_clusters_rank_by_seat_hours_with_their_utilisation(client, campus):
    charts = {chart.slug: chart for chart in client.get(USAGE).context["charts"]}

    assert charts["clusters"].rows == [["e2", 2, 9.0, 1], ["e1", 3, 6.0, 2]]
    open_hours = 11 + 5  # hours anyone was on campus: Monday 08-18 UTC, Wednesday 07 and 09-12
    assert charts["utilisation"].rows == [["e2", 2, round(100 * 9 / (2 * open_hours), 1)],
                                          ["e1", 3, round(100 * 6 / (3 * open_hours), 1)]]
    assert charts["longest-sessions"].rows[0][:2] == ["ana", "e1r1p3"]  # still open: it counts until now
    assert charts["longest-sessions"].rows[0][3] == "still open"
    assert charts["longest-sessions"].rows[1][:2] == ["cleo", "e2r1p1"]


def test_each_chart_downloads_exactly_its_rows_as_csv(client, campus):
    charts = client.get(USAGE).context["charts"]
    for chart in charts:
        response = client.get(f"/charts/usage/{chart.slug}.csv?campus=1&since=2025-11-24&until=2025-11-26")

        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
        assert rows[0] == chart.columns
        assert rows[1:] == [[("" if cell is None else str(cell)) for cell in row] for row in chart.csv_rows]


def test_hours_are_left_out_of_periods_longer_than_a_month(client, campus):
    response = client.get("/charts/?campus=1&since=2025-09-02&until=2025-11-26")

    assert "people-hour" not in [chart.slug for chart in response.context["charts"]]


@pytest.mark.parametrize(("query", "reason"), [
    ("campus=1&since=2025-11-26&until=2025-11-02", "The period must begin on or before its last day."),
    ("campus=1&since=2020-01-01&until=2025-11-02", "A period is at most"),
    ("campus=99", "campus: Select a valid choice."),
    ("campus=1&since=yesterday", "since: Enter a valid date."),
])
def test_a_bad_period_or_campus_is_a_400_with_the_reason(client, campus, query, reason):
    response = client.get(f"/charts/?{query}")

    assert response.status_code == 400 and reason in response.content.decode()


def test_an_unknown_chart_has_no_csv(client, campus):
    assert client.get("/charts/usage/nothing.csv?campus=1").status_code == 404


def test_hours_still_to_come_are_left_out_of_the_hourly_chart(campus):
    since, until = local_day_bounds(campus, date(2025, 11, 24), date(2025, 11, 26))

    chart = people_chart(campus, since, until, by="hour", now=NOW)

    assert len(chart.rows) == 1 + 48 + 13  # local midnight (23:00 UTC) up to now's hour
    assert longest_sessions_chart(campus, since, until, now=NOW).rows[0][:2] == ["cleo", "e2r1p1"]


def test_roll_up_hours_never_go_past_now(campus):
    assert roll_up(campus.id, NOW, NOW + timedelta(days=2), now=NOW) == 3  # the current hour: campus, e1, e2


def test_the_default_period_begins_no_earlier_than_the_history(client, campus):
    young = client.get("/charts/?campus=1&until=2025-11-26").context["form"].cleaned_data
    chosen = client.get("/charts/?campus=1&since=2025-11-01&until=2025-11-26").context["form"].cleaned_data

    assert young["since"] == date(2025, 11, 23)  # the roll-up's first local day, not four weeks back
    assert chosen["since"] == date(2025, 11, 1)  # a period the user chose stays as it is
