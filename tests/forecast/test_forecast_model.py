"""The forecast's behaviour: no look into the future, holidays and exams, seats that change, short history."""

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from occupancy.forecast.history import load_calendar, load_history
from occupancy.forecast.model import forecast
from occupancy.models import OccupancyHour, ProjectSession
from tests.forecast.conftest import NOW, PARIS, add_history, make_campus, schedule_exam, usual_share

pytestmark = pytest.mark.django_db


def forecast_at(campus, moment, *, loaded_at=None, hours=24):
    """The forecast made at `moment`, from what the database holds at `loaded_at` (default: the same moment)."""
    history = load_history(campus, until=loaded_at or moment)
    return forecast(history, load_calendar(campus, history, known_at=moment), moment, hours=hours)


def median_of(prediction, cluster="e1"):
    return prediction.bands[1, prediction.groups.index(cluster)]


def test_a_forecast_made_at_t_is_unchanged_when_everything_after_t_is_deleted():
    campus = make_campus()
    add_history(campus, until=NOW + timedelta(days=6))
    made_at = NOW - timedelta(days=2, hours=9)  # a Saturday afternoon
    schedule_exam(campus, made_at + timedelta(hours=5), updated_at=made_at + timedelta(hours=1))  # not known at T
    with_future = forecast_at(campus, made_at, loaded_at=NOW + timedelta(days=6))

    OccupancyHour.objects.filter(hour__gte=made_at.replace(minute=0)).delete()
    ProjectSession.objects.all().delete()
    without_future = forecast_at(campus, made_at)

    assert with_future.groups == without_future.groups == ["", "e1"]
    assert with_future.hours == without_future.hours
    np.testing.assert_array_equal(with_future.bands, without_future.bands)


def test_a_public_holiday_of_the_campus_country_is_forecast_quieter():
    france = make_campus()
    nowhere = make_campus(2, "Nowhere", country="")
    for campus in (france, nowhere):
        add_history(campus)

    holiday = median_of(forecast_at(france, NOW))  # 11 November, from its midnight
    usual = median_of(forecast_at(nowhere, NOW))

    assert holiday.sum() < 0.7 * usual.sum()


def test_a_scheduled_exam_moves_the_forecast_of_its_hours():
    campus = make_campus(country="")

    def busier_in_exams(local):
        exam = local.date() in (date(2025, 10, 28), date(2025, 11, 4)) and 14 <= local.hour < 18
        return min(1.0, usual_share(local) + (0.4 if exam else 0))

    add_history(campus, share=busier_in_exams)
    for number, day in enumerate((date(2025, 10, 28), date(2025, 11, 4)), start=1):
        schedule_exam(campus, datetime(day.year, day.month, day.day, 13, tzinfo=UTC), session_id=number)
    tomorrow_at_two = datetime(2025, 11, 11, 13, tzinfo=UTC)  # 14:00 in Paris
    without = median_of(forecast_at(campus, NOW))
    schedule_exam(campus, tomorrow_at_two, session_id=3)

    with_exam = median_of(forecast_at(campus, NOW))

    exam_hours = slice(14, 18)  # the forecast starts at local midnight
    assert with_exam[exam_hours].mean() > without[exam_hours].mean() + 0.1 * 40
    np.testing.assert_allclose(with_exam[:12], without[:12])


def test_a_cluster_that_doubled_its_seats_is_forecast_at_its_new_size():
    campus = make_campus(country="")
    add_history(campus, seats=20, seats_from=(NOW - timedelta(days=1), 40))
    wednesday_afternoon = datetime(2025, 11, 12, 14, tzinfo=UTC)

    prediction = forecast_at(campus, NOW, hours=48)

    index = prediction.groups.index("e1")
    assert prediction.seats[index] == 40
    share = usual_share(wednesday_afternoon.astimezone(PARIS))
    afternoon = prediction.bands[1, index, prediction.hours.index(wednesday_afternoon)]
    assert abs(afternoon - 40 * share) < 0.15 * 40


def test_a_cluster_with_less_than_two_weeks_of_history_gets_no_number():
    campus = make_campus(country="")
    add_history(campus)
    add_history(campus, cluster="e9", first=(NOW - timedelta(days=10)).date(), seed=2, whole_campus=False)

    prediction = forecast_at(campus, NOW)

    assert "e9" in prediction.short
    assert "e9" not in prediction.groups and "e1" in prediction.groups


def test_the_band_holds_the_usual_day_and_the_median_follows_it():
    campus = make_campus(country="")
    add_history(campus, until=NOW + timedelta(days=2))
    made_at = NOW - timedelta(hours=23)  # Monday's local midnight

    prediction = forecast_at(campus, made_at, loaded_at=NOW)
    actual = np.array(OccupancyHour.objects.filter(campus=campus, cluster="e1", hour__gte=made_at,
                                                   hour__lt=made_at + timedelta(hours=24))
                      .order_by("hour").values_list("taken_peak", flat=True), dtype=float)

    low, median, high = prediction.bands[:, prediction.groups.index("e1")]
    assert np.mean(np.abs(median - actual)) < 2
    assert np.mean((low <= actual) & (actual <= high)) >= 0.6
    assert prediction.hours[0] == made_at.replace(tzinfo=UTC)
