"""The campus overview in Chromium: a 1,040-seat campus painted, and one seat update applied

The site is served as in production (gunicorn with uvicorn workers) on loopback and opened in
headless Chromium (Debian's, as the tests use). Painted: from the navigation's start to the first
frame after the last seat of the last cluster is drawn, 20 navigations. One update: the page's own
apply() given the campus JSON with one seat changed, until that seat's style and layout are computed
again, 50 updates.
"""

import os
import shutil
import statistics
import tempfile
from contextlib import contextmanager

from django.core.management import call_command
from django.db import connection
from selenium import webdriver

from bench.bench_maps import build_campus, signed_in_client
from bench.report import target
from tests.browser import CHROMIUM_FLAGS
from tests.conftest import Gunicorn

NAVIGATIONS = 20
UPDATES = 50
SEATS = 1040

# Installed before any page script runs: notes when the last seat exists, then waits for the frame it is painted in.
WATCH_PAINT = """
new MutationObserver((changes, observer) => {
  if (document.querySelectorAll("svg[data-cluster] .seat").length < SEATS) return;
  observer.disconnect();
  requestAnimationFrame(() => setTimeout(() => { window.__paintedAt = performance.now(); }));
}).observe(document, { childList: true, subtree: true });
""".replace("SEATS", str(SEATS))

APPLY_ONE_SEAT = """
const done = arguments[arguments.length - 1];
const script = document.querySelector('script[src*="campus"]').src;
import(script).then(async ({ apply }) => {
  const data = await (await fetch(document.querySelector("[data-campus-url]").dataset.campusUrl)).json();
  const seat = data.clusters[1].seats[7];
  const node = () => document.querySelector(`[data-host="${seat.host}"]`);
  const times = [];
  for (let i = 0; i < UPDATES; i++) {
    seat.state = i % 2 ? "free" : "taken";
    seat.login = i % 2 ? "" : "bench";
    seat.since = i % 2 ? null : new Date().toISOString();
    const started = performance.now();
    apply(data);
    getComputedStyle(node().querySelector(".box")).fill;  // the style the next frame paints
    node().getBoundingClientRect();
    times.push(performance.now() - started);
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
  done(times);
});
""".replace("UPDATES", str(UPDATES))


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def chromium():
    profile = tempfile.mkdtemp(prefix="occupancy-bench-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--window-size=1920,1080"]:
        options.add_argument(flag)
    service = webdriver.ChromeService(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(options=options, service=service), profile


@contextmanager
def signed_in_site():
    """The site served as in production (gunicorn with uvicorn workers), and a Chromium signed in to it."""
    call_command("collectstatic", interactive=False, verbosity=0)
    cookie = signed_in_client().cookies["sessionid"].value
    db = connection.settings_dict
    server = Gunicorn(dict(os.environ, DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/"
                                                 f"{db['NAME']}", DEBUG="0", SECURE_SSL_REDIRECT="0",
                           ALLOWED_HOSTS="127.0.0.1")).start()
    browser, profile = chromium()
    try:
        browser.get(server.url + "/healthz")
        browser.add_cookie({"name": "sessionid", "value": cookie, "path": "/"})
        yield browser, server.url
    finally:
        browser.quit()
        shutil.rmtree(profile, ignore_errors=True)
        server.stop()


def paint_times(browser, url, watch):
    """Milliseconds from each of NAVIGATIONS navigations to url (after one to warm up) to its last seat painted."""
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": watch})
    browser.get(url)  # warm up: the server's first answers and the browser's caches
    painted = []
    for _ in range(NAVIGATIONS):
        browser.get(url)
        painted.append(browser.execute_async_script(
            "const done = arguments[0]; (function wait() { window.__paintedAt ? done(window.__paintedAt)"
            " : setTimeout(wait, 10); })();"))
    return painted


def run():
    build_campus()
    with signed_in_site() as (browser, site):
        painted = paint_times(browser, site + "/campus/1/", WATCH_PAINT)
        browser.set_script_timeout(60)
        updates = browser.execute_async_script(APPLY_ONE_SEAT)
    return [
        (f"overview of a {SEATS:,}-seat campus painted, median of {NAVIGATIONS}", statistics.median(painted), "ms",
         target("< 300 ms", lambda v: v < 300)),
        ("overview painted, 95th percentile", percentile(painted, 0.95), "ms", target("< 300 ms", lambda v: v < 300)),
        (f"one seat update applied (style and layout), median of {UPDATES}", statistics.median(updates), "ms",
         target("< 16 ms", lambda v: v < 16)),
        ("one seat update applied, 95th percentile", percentile(updates, 0.95), "ms",
         target("< 16 ms", lambda v: v < 16)),
    ]

