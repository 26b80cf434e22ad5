"""Turning the API's JSON into plain values; anything malformed stops the run before a row is written."""

from datetime import UTC, datetime

from occupancy.input_limits import MAX_ID, check_moment


class MalformedItem(ValueError):
    """An item lacks a field we need or holds a value of the wrong shape."""


def parse_time(value, *, field, nullable=True):
    if value is None:
        if nullable:
            return None
        raise MalformedItem(f"{field} is missing")
    try:
        parsed = datetime.fromisoformat(str(value).replace(" ", "T"))
    except ValueError:
        raise MalformedItem(f"{field} is not a time: {value!r}") from None
    try:
        return check_moment(parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed).astimezone(UTC)
    except ValueError as error:
        raise MalformedItem(f"{field}: {error}") from None


def format_time(moment):
    """The API's ISO 8601 form, in UTC, to the second."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def require(item, key, kind):
    value = item.get(key) if isinstance(item, dict) else None
    if not isinstance(value, kind) or isinstance(value, bool) and kind is int:
        raise MalformedItem(f"{key} is missing or not {kind.__name__}: {value!r}")
    return value


def require_id(item, key, *, maximum=MAX_ID):
    """A positive whole number that fits its column (PostgreSQL's integer unless told)."""
    value = require(item, key, int)
    if not 1 <= value <= maximum:
        raise MalformedItem(f"{key} is not an id from 1 to {maximum}: {value!r}")
    return value


AVATAR_MAX_LENGTH = 500  # Location.avatar and StaffProfile.avatar_url


def avatar_of(user):
    """A user's picture link, or "": image.link in answers since about 2023, image_url before (both seen in real
    /v2/me and /v2/locations answers). A link that is not http(s) or too long for its column is dropped rather
    than stopping the run: a seat without its picture is the whole loss."""
    image = user.get("image")
    link = image.get("link") if isinstance(image, dict) else None
    link = link or user.get("image_url")
    if not isinstance(link, str) or len(link) > AVATAR_MAX_LENGTH or not link.startswith(("https://", "http://")):
        return ""
    return link


def optional_int(item, key):
    value = item.get(key)
    if value is None or isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    raise MalformedItem(f"{key} is not a whole number: {value!r}")
