"""The days and ids a user may type that the application can compute with, and the size of a posted JSON body;
every form, command and receiving view checks them here.

Python's calendar runs from 0001-01-01 to 9999-12-31. A period's default start lies four weeks before its last
day, its end is the day after, and a campus's time zone moves a local day by up to fourteen hours: a year of
margin at each end keeps every such shift inside the calendar. Ids are stored in PostgreSQL's integer.
"""

import json
from datetime import UTC, date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

FIRST_DAY = date(2, 1, 1)
LAST_DAY = date(9998, 12, 31)
MAX_ID = 2**31 - 1


def check_day(day):
    """day unchanged, or ValueError saying which days are allowed."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(_("%(day)s is outside the days this site can compute with (%(first)s to %(last)s).") % {
            "day": day.isoformat(), "first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()})
    return day


def check_moment(moment):
    """An aware datetime unchanged if its day in UTC is allowed, else ValueError."""
    try:
        day = moment.astimezone(UTC).date()
    except OverflowError:  # its zone moves it past the calendar's end: it lies on the first or last day
        day = moment.date()
    check_day(day)
    return moment


def check_id(number, what):
    """number as an int if it is an id PostgreSQL can store (1 to 2,147,483,647), else ValueError."""
    if not 1 <= number <= MAX_ID:
        raise ValueError(f"{what} must be a whole number from 1 to {MAX_ID:,}, not {number}")
    return number


def load_json(body, *, max_bytes):
    """The JSON document a request posted, or ValueError saying it is too big or not JSON."""
    if len(body) > max_bytes:
        raise ValueError(f"the body is over {max_bytes} bytes")
    try:
        return json.loads(body)
    except ValueError:  # malformed JSON, or bytes that are not text
        raise ValueError("the body is not JSON") from None


def validate_day(day):
    try:
        check_day(day)
    except ValueError as error:
        raise ValidationError(str(error), code="out_of_range") from None


class DayField(forms.DateField):
    """A local day, YYYY-MM-DD, inside the days the application can compute with."""

    default_validators = [validate_day]
