"""A graph answer as a series: ordinal periods complete and in reading order, dated periods with zeros for gaps."""

from occupancy.graph import graph_series, parse_graph_query
from occupancy.sync.graph import fetch_graph
from tests.intra.conftest import client_for


def test_days_of_week_read_from_monday_with_the_apis_sunday_zero_last():
    series = graph_series("day_of_week", {"0": 5, "1": 7, "3": 2})

    assert series == [("Monday", 7), ("Tuesday", 0), ("Wednesday", 2), ("Thursday", 0), ("Friday", 0),
                      ("Saturday", 0), ("Sunday", 5)]


def test_hours_of_day_run_from_0_to_23_with_missing_hours_as_zero():
    series = graph_series("hour_of_day", {"23": 4, "9": 1})

    assert [label for label, _ in series] == [f"{hour:02d}:00" for hour in range(24)]
    assert dict(series) == {**{f"{hour:02d}:00": 0 for hour in range(24)}, "09:00": 1, "23:00": 4}


def test_dated_periods_are_in_order_with_gaps_as_zero():
    assert graph_series("day", {"2026-01-03": 2, "2026-01-01": 1}) == [
        ("2026-01-01", 1), ("2026-01-02", 0), ("2026-01-03", 2)]
    assert graph_series("month", {"2025-11-01": 1, "2026-02-01": 3}) == [
        ("Nov 2025", 1), ("Dec 2025", 0), ("Jan 2026", 0), ("Feb 2026", 3)]
    assert graph_series("quarter", {"2025-10-01": 1, "2026-04-01": 3}) == [("Q4 2025", 1), ("Q1 2026", 0),
                                                                          ("Q2 2026", 3)]


def test_the_simulators_answers_become_complete_series(intra_sim, db):
    client = client_for(intra_sim)
    for interval, length in [("day_of_week", 7), ("hour_of_day", 24), ("month_of_year", 12), ("day_of_month", 31)]:
        query = parse_graph_query([("interval", interval), ("filter[campus]", "1")])

        counts = fetch_graph(client, query)

        series = graph_series(interval, counts)
        assert len(series) == length and sum(count for _, count in series) == sum(counts.values()) > 0
    weekly = fetch_graph(client, parse_graph_query([("interval", "week")]))
    assert sum(count for _, count in graph_series("week", weekly)) == sum(weekly.values())
