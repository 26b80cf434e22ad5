"""filter[...], range[...], sort and page[...] exactly as the reference pages list them, or a 400."""

import math
from datetime import UTC, datetime
from urllib.parse import urlencode

DEFAULT_PAGE_SIZE = 30
MAX_PAGE_SIZE = 100


class BadParameter(Exception):
    """A parameter the API would refuse; the message names it."""


def parse_time(text):
    try:
        moment = datetime.fromisoformat(text.strip().replace(" ", "T").replace("Z", "+00:00"))
    except ValueError:
        raise BadParameter(f"{text!r} is not an ISO 8601 time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def convert(kind, text, name):
    if kind == "int":
        try:
            return int(text)
        except ValueError:
            raise BadParameter(f"{name}: {text!r} is not a number") from None
    if kind == "time":
        return parse_time(text)
    if kind == "bool":
        if text not in ("true", "false"):
            raise BadParameter(f"{name}: {text!r} must be true or false")
        return text == "true"
    return text


class Resource:
    """One list endpoint's rules: field kinds, what may be filtered, ranged and sorted, its default sort."""

    def __init__(self, fields, *, filters, ranges, sorts, default_sort, special=None):
        self.fields = fields
        self.filters = filters
        self.ranges = ranges
        self.sorts = sorts
        self.default_sort = default_sort
        self.special = special or {}

    def apply(self, records, params):
        """records: dicts of raw values (datetimes, ints...). Returns the filtered, sorted list."""
        for key, value in params.items():
            if key.startswith("filter[") and key.endswith("]"):
                records = self._filter(records, key[7:-1], value)
            elif key.startswith("range[") and key.endswith("]"):
                records = self._range(records, key[6:-1], value)
            elif key.startswith(("filter", "range")):
                raise BadParameter(f"{key} is not a valid parameter")
        return self._sort(records, params.get("sort"))

    def _filter(self, records, name, value):
        if name not in self.filters:
            raise BadParameter(f"filter[{name}]: must be one of {', '.join(self.filters)}")
        if name in self.special:
            wanted = convert("bool", value, f"filter[{name}]")
            test = self.special[name]
            return [r for r in records if test(r) == wanted]
        kind = self.fields.get(name, "str")
        values = {convert(kind, part, f"filter[{name}]") for part in value.split(",")}
        return [r for r in records if r.get(name) in values]

    def _range(self, records, name, value):
        if name not in self.ranges:
            raise BadParameter(f"range[{name}]: must be one of {', '.join(self.ranges)}")
        parts = value.split(",")
        if len(parts) != 2:
            raise BadParameter(f"range[{name}]: expected min,max")
        kind = self.fields.get(name, "str")
        low, high = (convert(kind, part, f"range[{name}]") if part else None for part in parts)
        return [r for r in records if r.get(name) is not None and (low is None or r[name] >= low)
                and (high is None or r[name] <= high)]

    def _sort(self, records, value):
        keys = value.split(",") if value else self.default_sort
        for key in reversed(keys):
            name = key.lstrip("-")
            if name not in self.sorts:
                raise BadParameter(f"sort: {name!r} must be one of {', '.join(self.sorts)}")
            present = [r for r in records if r.get(name) is not None]
            missing = [r for r in records if r.get(name) is None]
            present.sort(key=lambda r: r[name], reverse=key.startswith("-"))
            records = present + missing
        return records


def page_of(records, params, base_url, *, shift=0):
    """Cut one page; returns (items, headers). shift > 0 plays items arriving at the front while paging."""
    number = params.get("page[number]", params.get("page", "1"))
    size = params.get("page[size]", params.get("per_page", str(DEFAULT_PAGE_SIZE)))
    try:
        number, size = int(number), int(size)
    except ValueError:
        raise BadParameter("page[number] and page[size] must be numbers") from None
    if number < 1 or size < 1:
        raise BadParameter("page[number] and page[size] must be at least 1")
    size = min(size, MAX_PAGE_SIZE)
    start = (number - 1) * size - shift * (number - 1)
    total = len(records) + shift * (number - 1)
    items = records[max(start, 0): max(start, 0) + size]
    last = max(math.ceil(total / size), 1)
    rest = {k: v for k, v in params.items() if k not in ("page", "per_page", "page[number]", "page[size]")}

    def link(page):
        return f"<{base_url}?{urlencode({**rest, 'page[number]': page, 'page[size]': size})}>"

    links = [f'{link(1)}; rel="first"']
    if number > 1:
        links.append(f'{link(min(number - 1, last))}; rel="prev"')
    if start + size < len(records):
        links.append(f'{link(number + 1)}; rel="next"')
    links.append(f'{link(last)}; rel="last"')
    headers = {"X-Page": str(number), "X-Per-Page": str(size), "X-Total": str(total), "Link": ", ".join(links)}
    return items, headers
