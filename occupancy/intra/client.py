"""The intra API v2 client: token, shared rate limiter, retries with backoff, paging, typed errors."""

import logging
import random
import time
from urllib.parse import urljoin, urlsplit

import requests

from occupancy.intra.errors import (
    IntraAuthError,
    IntraError,
    IntraForbidden,
    IntraRejected,
    IntraUnavailable,
)
from occupancy.intra.stats import RequestStats, endpoint_of, read_rate_headers

log = logging.getLogger(__name__)

PAGE_SIZE = 100
RETRYABLE_STATUSES = {429, 500, 502, 503, 504}
FORBIDDEN_ROLE = "Advanced tutor"


class IntraClient:
    def __init__(
        self,
        base_url,
        client_id,
        client_secret,
        *,
        limiter,
        tokens,
        timeout=(5, 20),
        max_tries=5,
        backoff_base=1.0,
        backoff_cap=30.0,
        max_rate_wait=60.0,
        reserve=(0, 0),
        session=None,
        sleep=time.sleep,
    ):
        self.base_url = base_url.rstrip("/")
        self.client_id = client_id
        self.client_secret = client_secret
        self.limiter = limiter
        self.tokens = tokens
        self.timeout = timeout
        self.max_tries = max_tries
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.max_rate_wait = max_rate_wait
        self.reserve = reserve
        self.session = session or requests.Session()
        self.sleep = sleep
        self.stats = RequestStats()

    # --- public -------------------------------------------------------------

    def get(self, path, params=None):
        """One GET; returns the decoded JSON body."""
        return self._request(self._url(path), params)[0]

    def get_all(self, path, params=None):
        """Every item of a list endpoint, page by page (page[size]=100), following the Link header."""
        items = []
        for page, _total in self.pages(path, params):
            items.extend(page)
        return items

    def pages(self, path, params=None):
        """Yield (items, X-Total) for each page of a list, following `next` until it is absent."""
        params = {**(params or {}), "page[size]": PAGE_SIZE, "page[number]": 1}
        url = self._url(path)
        seen_pages = 0
        while url:
            body, response = self._request(url, params)
            if not isinstance(body, list):
                raise IntraUnavailable(endpoint_of(urlsplit(url).path), response.status_code, "expected a JSON list")
            yield body, _int_header(response, "X-Total")
            seen_pages += 1
            url = response.links.get("next", {}).get("url")
            params = None  # the next link carries every parameter
            if url and seen_pages > _page_bound(response):
                raise IntraUnavailable(endpoint_of(urlsplit(url).path), response.status_code, "paging does not end")

    # --- internals ----------------------------------------------------------

    def _url(self, path):
        return urljoin(self.base_url + "/", path.lstrip("/"))

    def _request(self, url, params):
        endpoint = endpoint_of(urlsplit(url).path)
        status = None
        renewed_token = False
        attempt = 0
        while True:
            attempt += 1
            self.limiter.acquire(
                max_wait=self.max_rate_wait,
                reserve_second=self.reserve[0],
                reserve_hour=self.reserve[1],
                endpoint=endpoint,
            )
            token = self._token()
            retry_after = None
            try:
                response = self.session.get(
                    url, params=params, headers={"Authorization": f"Bearer {token}"}, timeout=self.timeout
                )
            except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError) as error:
                self.stats.record(endpoint, type(error).__name__)
                reason = f"network error: {type(error).__name__}"
            else:
                status = response.status_code
                self.stats.record(endpoint, status)
                self._note_rate_headers(response)
                if status == 200:
                    try:
                        return response.json(), response
                    except ValueError:
                        reason = "malformed JSON body"
                elif status == 401:
                    # The token expired or was revoked early: renew it; the first renewal costs no try.
                    self.tokens.discard(token)
                    reason = "HTTP 401"
                    if not renewed_token:
                        renewed_token = True
                        attempt -= 1
                        continue
                elif status == 403:
                    raise IntraForbidden(endpoint, FORBIDDEN_ROLE, _error_message(response))
                elif status in RETRYABLE_STATUSES:
                    reason = f"HTTP {status}"
                    retry_after = _retry_after(response)
                else:
                    raise IntraRejected(endpoint, status, _error_message(response))
            if attempt >= self.max_tries:
                raise IntraUnavailable(endpoint, status, f"gave up after {attempt} tries; last: {reason}")
            delay = self._backoff(attempt, retry_after)
            log.warning("intra request failed; retrying", extra={"endpoint": endpoint, "reason": reason,
                                                                  "attempt": attempt, "delay": round(delay, 2)})
            self.sleep(delay)

    def _backoff(self, attempt, retry_after):
        """Exponential backoff with full jitter; never shorter than the API's Retry-After."""
        ceiling = min(self.backoff_cap, self.backoff_base * 2 ** (attempt - 1))
        delay = random.uniform(0, ceiling)
        return max(delay, retry_after or 0)

    def _note_rate_headers(self, response):
        reported = read_rate_headers(response.headers)
        if reported:
            self.stats.last_headers = reported
            if "secondly_limit" in reported or "hourly_limit" in reported:
                self.limiter.report(reported.get("secondly_limit"), reported.get("hourly_limit"))

    def _token(self):
        token = self.tokens.get()
        if token:
            return token
        endpoint = "/oauth/token"
        data = {"grant_type": "client_credentials", "client_id": self.client_id, "client_secret": self.client_secret}
        last = None
        for attempt in range(1, self.max_tries + 1):
            self.limiter.acquire(max_wait=self.max_rate_wait, endpoint=endpoint)
            try:
                response = self.session.post(self._url(endpoint), data=data, timeout=self.timeout)
            except (requests.ConnectionError, requests.Timeout) as error:
                self.stats.record(endpoint, type(error).__name__)
                last = None
            else:
                last = response.status_code
                self.stats.record(endpoint, last)
                if last == 200:
                    try:
                        body = response.json()
                        self.tokens.put(body["access_token"], int(body.get("expires_in", 7200)))
                        return body["access_token"]
                    except (ValueError, KeyError, TypeError):
                        pass
                elif last in (400, 401):
                    raise IntraAuthError(endpoint, last, "the intra refused the client id or secret")
            if attempt < self.max_tries:
                self.sleep(self._backoff(attempt, _retry_after(response) if last == 429 else None))
        raise IntraUnavailable(endpoint, last, f"no token after {self.max_tries} tries")


def _retry_after(response):
    value = response.headers.get("Retry-After", "")
    try:
        return max(float(value), 0.0)
    except ValueError:
        return None


def _error_message(response):
    try:
        body = response.json()
        return str(body.get("message") or body.get("error") or body)[:200]
    except (ValueError, AttributeError):
        return f"HTTP {response.status_code}"


def _int_header(response, name):
    value = response.headers.get(name, "")
    return int(value) if value.isdigit() else None


def _page_bound(response):
    """How many pages X-Total announces, with slack for items that arrive while we page."""
    total = _int_header(response, "X-Total")
    per_page = _int_header(response, "X-Per-Page") or PAGE_SIZE
    return 10_000 if total is None else total // per_page + 10


__all__ = ["IntraClient", "IntraError"]
