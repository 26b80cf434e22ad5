"""The simulator's HTTP server: OAuth2, the /v2 endpoints, rate limits, faults and admin paths."""

import functools
import html
import json
import random
import secrets
import socket
import threading
import time
from collections import Counter, deque
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

from intrasim import avatars, clusters
from intrasim.clock import SimClock
from intrasim.query import BadParameter, Resource, page_of, parse_time
from intrasim.webhooks import WEBHOOK_FAULTS, WebhookSender
from intrasim.world import AVATAR_PATH, World, iso

DEFAULT_CLIENTS = {"occupancy-demo": "occupancy-demo-secret"}
ADVANCED_TUTOR = "Advanced tutor"
GRAPH_FIELDS = ("created_at", "updated_at", "retriable_at")
GRAPH_INTERVALS = ("day", "week", "month", "quarter", "year", "hour_of_day", "day_of_week", "day_of_month",
                   "month_of_year")
GRAPH_CURSUS = {1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 25, 26, 27, 28, 31,
                32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 46, 47, 48, 49, 50, 51, 52, 53, 54, 56, 57, 58, 59,
                60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 73, 74, 75, 76}
GRAPH_CAMPUS = {1, 2} | set(range(5, 75))
FAULT_NAMES = ("latency", "error", "reset", "hang", "hang_seconds", "malformed", "shift", "revoke", "storm",
               *WEBHOOK_FAULTS)

LOCATION_FIELDS = ["id", "user_id", "begin_at", "end_at", "floor", "row", "post", "primary", "host", "campus_id"]
LOCATIONS = Resource(
    {"id": "int", "user_id": "int", "begin_at": "time", "end_at": "time", "row": "int", "post": "int",
     "primary": "bool", "campus_id": "int"},
    filters=LOCATION_FIELDS + ["active", "inactive", "future", "end"], ranges=LOCATION_FIELDS,
    sorts=LOCATION_FIELDS, default_sort=["-begin_at"],
    special={"active": lambda r: r["end_at"] is None, "inactive": lambda r: r["end_at"] is not None,
             "future": lambda r: r["future"], "end": lambda r: r["end_at"] is not None},
)
BALANCE_FIELDS = ["id", "begin_at", "end_at", "created_at", "updated_at", "pool_id"]
BALANCES = Resource(
    {"id": "int", "begin_at": "time", "end_at": "time", "created_at": "time", "updated_at": "time", "pool_id": "int"},
    filters=BALANCE_FIELDS + ["future", "end"], ranges=BALANCE_FIELDS, sorts=BALANCE_FIELDS,
    default_sort=["-created_at", "-id"],
    special={"future": lambda r: r["future"], "end": lambda r: r["ended"]},
)
PS_FIELDS = ["id", "project_id", "campus_id", "cursus_id", "estimate_time", "created_at", "updated_at", "begin_at",
             "end_at", "max_people", "duration_days", "terminating_after", "solo", "is_subscriptable",
             "team_behaviour", "difficulty"]
PROJECT_SESSIONS = Resource(
    {"id": "int", "project_id": "int", "campus_id": "int", "cursus_id": "int", "estimate_time": "int",
     "created_at": "time", "updated_at": "time", "begin_at": "time", "end_at": "time", "max_people": "int",
     "duration_days": "int", "terminating_after": "int", "solo": "bool", "is_subscriptable": "bool",
     "difficulty": "int"},
    filters=PS_FIELDS + ["future", "end"], ranges=PS_FIELDS,
    sorts=PS_FIELDS + ["minimum_mark", "commit", "description", "objectives", "divisor"], default_sort=["-id"],
    special={"future": lambda r: r["future"], "end": lambda r: r["ended"]},
)
PU_FIELDS = ["id", "project_id", "user_id", "created_at", "updated_at", "occurrence", "final_mark", "retriable_at",
             "marked_at", "status"]
PROJECTS_USERS = Resource(
    {"id": "int", "project_id": "int", "user_id": "int", "created_at": "time", "updated_at": "time",
     "occurrence": "int", "final_mark": "int", "retriable_at": "time", "marked_at": "time", "cursus": "int",
     "campus": "int", "retriable": "bool", "marked": "bool"},
    filters=PU_FIELDS + ["cursus", "campus", "retriable", "marked"], ranges=PU_FIELDS, sorts=PU_FIELDS,
    default_sort=["id"],
)
SIMPLE = Resource({"id": "int", "campus_id": "int", "cursus_id": "int"}, filters=["id", "campus_id", "cursus_id"],
                  ranges=["id"], sorts=["id", "campus_id", "cursus_id"], default_sort=["id"])


@functools.lru_cache(maxsize=4)
def world_for(seed, start, days):
    """Worlds are read-only once generated: servers started with the same seed, start and days share one."""
    return World(seed, start, days)


class ApiError(Exception):
    def __init__(self, status, error, message, headers=None):
        super().__init__(message)
        self.status, self.body, self.headers = status, {"error": error, "message": message}, headers or {}


class SimServer:
    """The simulator; `start()` serves it on a thread (port 0: a free port), `stop()` ends it."""

    def __init__(self, *, seed=7, days=2, host="127.0.0.1", port=0, admin=False, rate_second=2, rate_hour=1200,
                 token_ttl=7200, roles=(), faults=None, clock=None, clients=None, quiet=True, webhook_url=None,
                 webhook_secret=""):
        self.clock = clock if isinstance(clock, SimClock) else SimClock(clock)
        self.world = world_for(seed, self.clock.start, days)
        self.admin = admin
        self.rate_second, self.rate_hour = rate_second, rate_hour
        self.token_ttl = token_ttl
        self.roles = tuple(roles)
        self.clients = dict(clients or DEFAULT_CLIENTS)
        self.faults = dict(faults or {})
        self.fault_rng = random.Random(seed * 7919)
        self.quiet = quiet
        self.lock = threading.Lock()
        self.tokens = {}
        self.codes = {}
        self.refresh_tokens = {}
        self.windows = {}  # client_id -> (second deque, hour deque)
        self.stats = {"requests": Counter(), "rate_limited": 0, "total": 0}
        self.stopping = threading.Event()
        handler = type("Handler", (Handler,), {"sim": self})
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://{host}:{self.httpd.server_address[1]}"
        self.thread = None
        self.webhooks = WebhookSender(self, webhook_url, webhook_secret) if webhook_url else None

    def start(self):
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        if self.webhooks:
            self.webhooks.start()
        return self

    def stop(self):
        self.stopping.set()
        if self.webhooks:
            self.webhooks.stop()
        self.httpd.shutdown()
        self.httpd.server_close()

    # --- helpers used by the handler -------------------------------------------------

    def draw(self, name):
        share = float(self.faults.get(name, 0) or 0)
        with self.lock:
            return share > 0 and self.fault_rng.random() < share

    def issue_token(self, client_id, user_id=None, with_refresh=False):
        token = secrets.token_hex(32)
        now = self.clock.now()
        self.tokens[token] = {"client_id": client_id, "user_id": user_id, "created": now,
                              "expires": now + timedelta(seconds=self.token_ttl), "revoked": False}
        body = {"access_token": token, "token_type": "bearer", "expires_in": self.token_ttl, "scope": "public",
                "created_at": int(now.timestamp()), "secret_valid_until": int((now + timedelta(days=30)).timestamp())}
        if with_refresh:
            refresh = secrets.token_hex(32)
            self.refresh_tokens[refresh] = (client_id, user_id)
            body["refresh_token"] = refresh
        return body

    def take_quota(self, client_id):
        """(allowed, headers) under the per-second and per-hour limits of the application."""
        now = time.monotonic()
        with self.lock:
            second, hour = self.windows.setdefault(client_id, (deque(), deque()))
            while second and second[0] <= now - 1:
                second.popleft()
            while hour and hour[0] <= now - 3600:
                hour.popleft()
            allowed = len(second) < self.rate_second and len(hour) < self.rate_hour
            if allowed:
                second.append(now)
                hour.append(now)
            else:
                self.stats["rate_limited"] += 1
            headers = {
                "X-Secondly-RateLimit-Limit": str(self.rate_second),
                "X-Secondly-RateLimit-Remaining": str(max(self.rate_second - len(second), 0)),
                "X-Hourly-RateLimit-Limit": str(self.rate_hour),
                "X-Hourly-RateLimit-Remaining": str(max(self.rate_hour - len(hour), 0)),
                "X-Application-Id": str(abs(hash(client_id)) % 100_000),
                "X-Application-Name": client_id,
                # The real API writes "None" for an application without roles (tests/fixtures/intra_real).
                "X-Application-Roles": ",".join(self.roles) or "None",
            }
            if not allowed:
                wait = (second[0] + 1 - now) if len(second) >= self.rate_second else (hour[0] + 3600 - now)
                headers["Retry-After"] = str(max(int(wait + 0.999), 1))
        return allowed, headers


class Handler(BaseHTTPRequestHandler):
    sim: SimServer
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; without this, delayed ACKs add ~40 ms to each answer.
    disable_nagle_algorithm = True

    def log_message(self, format, *args):
        if not self.sim.quiet:
            super().log_message(format, *args)

    # --- plumbing ---------------------------------------------------------------

    def do_GET(self):
        self.dispatch("GET")

    def do_POST(self):
        self.dispatch("POST")

    def dispatch(self, method):
        parts = urlsplit(self.path)
        self.params = dict(parse_qsl(parts.query, keep_blank_values=True))
        self.route_path = parts.path.rstrip("/") or "/"
        self.extra_headers = {}
        template = self.route_path
        try:
            if self.route_path.startswith("/_sim/"):
                if not self.sim.admin:
                    raise ApiError(404, "Not Found", "no such path")
                template = self.route_path
                return self.send_json(200, self.admin_route(method))
            if self.route_path.startswith("/oauth/"):
                template = self.route_path
                return self.oauth_route(method)
            if self.route_path.startswith(clusters.CDN_PATH) and method == "GET":  # the CDN: no token, no quota
                template = clusters.CDN_PATH + ":id/:file"
                return clusters.serve_drawing(self, self.sim.world, self.sim.world.origin)
            if self.route_path.startswith(AVATAR_PATH) and method == "GET":  # the users' pictures, likewise
                template = AVATAR_PATH + ":id/:file"
                return avatars.serve_avatar(self, self.sim.world)
            if method != "GET" or not self.route_path.startswith("/v2/"):
                raise ApiError(404, "Not Found", "no such path")
            template, handler, args = self.match_v2()
            body = self.api_request(template, handler, args)
            self.send_api_body(body)
        except ApiError as error:
            self.extra_headers.update(error.headers)
            self.send_json(error.status, error.body)
        except BadParameter as error:
            self.send_json(400, {"error": "Bad Request", "message": str(error)})
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            with self.sim.lock:
                self.sim.stats["requests"][f"{method} {template} {getattr(self, 'sent_status', 0)}"] += 1
                self.sim.stats["total"] += 1

    def send_json(self, status, body):
        self.send_bytes(status, json.dumps(body).encode(), "application/json; charset=utf-8")

    def send_bytes(self, status, data, content_type, headers=None):
        self.sent_status = status
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in {**self.extra_headers, **(headers or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def read_form(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode() if length else ""
        if self.headers.get("Content-Type", "").startswith("application/json"):
            try:
                return json.loads(raw or "{}")
            except ValueError:
                raise ApiError(400, "invalid_request", "the body is not JSON") from None
        return dict(parse_qsl(raw, keep_blank_values=True))

    # --- the /v2 API with auth, quota and faults -----------------------------------------

    def api_request(self, template, handler, args):
        sim = self.sim
        header = self.headers.get("Authorization", "")
        token = header[7:] if header.startswith("Bearer ") else self.params.pop("access_token", "")
        entry = sim.tokens.get(token)
        if not entry or entry["revoked"]:
            raise ApiError(401, "Not authorized", "The access token is invalid")
        if entry["expires"] <= sim.clock.now():
            raise ApiError(401, "Not authorized", "The access token expired")
        allowed, headers = sim.take_quota(entry["client_id"])
        self.extra_headers.update(headers)
        if not allowed:
            raise ApiError(429, "Too Many Requests", "Rate limit exceeded")
        self.token_entry = entry
        if sim.faults.get("latency"):
            time.sleep(float(sim.faults["latency"]))
        if sim.draw("revoke"):
            entry["revoked"] = True
            raise ApiError(401, "Not authorized", "The access token was revoked")
        if sim.draw("reset"):
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            raise ConnectionResetError
        if sim.draw("hang"):
            sim.stopping.wait(float(sim.faults.get("hang_seconds", 30)))
        if sim.draw("storm"):
            raise ApiError(429, "Too Many Requests", "Rate limit exceeded", {"Retry-After": "1"})
        if sim.draw("error"):
            status = sim.fault_rng.choice([500, 502, 503])
            raise ApiError(status, "Internal Server Error", "simulated failure")
        return handler(*args)

    def send_api_body(self, body):
        items, headers = body if isinstance(body, tuple) else (body, {})
        data = avatars.own_links(json.dumps(items).encode(), self.sim.url)
        if self.sim.draw("malformed"):
            data = data[: max(len(data) // 2, 1)] + b"\x00"
        self.send_bytes(200, data, "application/json; charset=utf-8", headers)

    def match_v2(self):
        segments = self.route_path.split("/")[2:]
        routes = [
            (["me"], "/v2/me", self.me),
            (["users", None], "/v2/users/:id", self.user),
            (["users", None, "locations"], "/v2/users/:id/locations", lambda user: self.locations(user=user)),
            (["campus"], "/v2/campus", self.campus_list),
            (["clusters"], "/v2/clusters", lambda: self.listing(
                SIMPLE, [record for record, _ in clusters.drawings(self.sim.world)], clusters.cluster_json)),
            (["campus", None], "/v2/campus/:id", self.campus),
            (["campus", None, "locations"], "/v2/campus/:id/locations", lambda c: self.locations(campus=c)),
            (["locations"], "/v2/locations", self.locations),
            (["pools"], "/v2/pools", self.pools),
            (["pools", None], "/v2/pools/:id", self.pool),
            (["pools", None, "balances"], "/v2/pools/:id/balances", lambda p: self.balances(pool=p)),
            (["balances"], "/v2/balances", self.balances),
            (["project_sessions"], "/v2/project_sessions", self.project_sessions),
            (["projects", None, "project_sessions"], "/v2/projects/:id/project_sessions",
             lambda p: self.project_sessions(project=p)),
            (["projects_users", "graph"], "/v2/projects_users/graph", self.graph),
            (["projects_users", "graph", "on", None, "by", None], "/v2/projects_users/graph/on/:field/by/:interval",
             self.graph),
        ]
        for pattern, template, handler in routes:
            if len(pattern) == len(segments) and all(p is None or p == s for p, s in zip(pattern, segments,
                                                                                          strict=True)):
                return template, handler, [s for p, s in zip(pattern, segments, strict=True) if p is None]
        raise ApiError(404, "Not Found", "no such path")

    def listing(self, resource, records, to_json):
        records = resource.apply(records, self.params)
        shift = int(self.sim.faults.get("shift", 0) or 0)
        items, headers = page_of(records, self.params, self.sim.url + self.route_path, shift=shift)
        return [to_json(record) for record in items], headers

    # --- endpoints ---------------------------------------------------------------

    def find_user(self, key):
        world = self.sim.world
        user = world.users_by_id.get(int(key)) if key.isdigit() else world.users_by_login.get(key)
        if not user:
            raise ApiError(404, "Not Found", "no such user")
        return user

    def me(self):
        user_id = self.token_entry["user_id"]
        if user_id is None:
            raise ApiError(404, "Not Found", "an application token has no resource owner")
        return self.sim.world.user_json(self.sim.world.users_by_id[user_id])

    def user(self, key):
        return self.sim.world.user_json(self.find_user(key))

    def campus_list(self):
        return self.listing(SIMPLE, self.sim.world.campuses(), dict)

    def campus(self, key):
        for campus in self.sim.world.campuses():
            if str(campus["id"]) == key or campus["name"].lower() == key.lower():
                return campus
        raise ApiError(404, "Not Found", "no such campus")

    def locations(self, campus=None, user=None):
        world, now = self.sim.world, self.sim.clock.now()
        campus_id = self.campus(campus)["id"] if campus else None
        user_id = self.find_user(user)["id"] if user else None
        records = []
        for session in self.candidate_sessions(now):
            location_id, begin, end, uid, cid, host = session
            if campus_id not in (None, cid) or user_id not in (None, uid):
                continue
            records.append({"id": location_id, "user_id": uid, "begin_at": begin, "end_at": end if end <= now else None,
                            "floor": None, "row": None, "post": None, "primary": True, "host": host,
                            "campus_id": cid, "future": False})
        sessions = world.sessions_by_id
        return self.listing(LOCATIONS, records, lambda r: world.location_json(sessions[r["id"]], now))

    def candidate_sessions(self, now):
        """Narrow the sessions by index before the generic filters run (they still check every rule)."""
        world = self.sim.world
        if self.params.get("filter[active]") == "true":
            return world.open_sessions(now)
        for name, key in (("begin_at", "begun"), ("end_at", "ended")):
            value = self.params.get(f"range[{name}]", "")
            if value.count(",") == 1:
                low, high = (parse_time(part) if part else None for part in value.split(","))
                return world.visible_sessions(now, **{key: (low, high)})
        return world.visible_sessions(now)

    def pools(self):
        now = self.sim.clock.now()
        return self.listing(SIMPLE, [self.sim.world.pool_json(p, now) for p in self.sim.world.pools], dict)

    def pool(self, key):
        now = self.sim.clock.now()
        for pool in self.sim.world.pools:
            if str(pool["id"]) == key:
                return self.sim.world.pool_json(pool, now)
        raise ApiError(404, "Not Found", "no such pool")

    def balances(self, pool=None):
        if ADVANCED_TUTOR not in self.sim.roles:
            raise ApiError(403, "Forbidden", f"This action requires one of these roles: {ADVANCED_TUTOR}")
        now = self.sim.clock.now()
        records = [{**b, "future": b["begin_at"] > now, "ended": b["end_at"] < now}
                   for b in self.sim.world.balances if b["created_at"] <= now and (pool is None or
                                                                                   str(b["pool_id"]) == pool)]

        def to_json(record):
            return {"id": record["id"], "begin_at": record["begin_at"].strftime("%Y-%m-%d %H:%M:%S"),
                    "end_at": record["end_at"].strftime("%Y-%m-%d %H:%M:%S"), "pool_id": record["pool_id"]}

        return self.listing(BALANCES, records, to_json)

    def project_sessions(self, project=None):
        world, now = self.sim.world, self.sim.clock.now()
        projects = {p["id"]: p for p in world.projects}
        records = []
        for session in world.project_sessions:
            values = world.project_session_values(session, now)
            if values is None or project not in (None, str(values["project_id"]),
                                                   projects[values["project_id"]]["slug"]):
                continue
            records.append({**values, "future": values["begin_at"] > now, "ended": values["end_at"] < now})

        def to_json(record):
            body = {k: iso(v) if k.endswith("_at") else v for k, v in record.items()
                    if k not in ("future", "ended", "difficulty")}
            body.update({"scales": [], "uploads": [], "campus": None, "cursus": None, "evaluations": [],
                         "project": world.project_json(projects[record["project_id"]])})
            return body

        return self.listing(PROJECT_SESSIONS, records, to_json)

    def graph(self, field="created_at", interval="month_of_year"):
        if field not in GRAPH_FIELDS:
            raise BadParameter(f"field: must be one of {', '.join(GRAPH_FIELDS)}")
        if interval not in GRAPH_INTERVALS:
            raise BadParameter(f"interval: must be one of {', '.join(GRAPH_INTERVALS)}")
        for name, allowed in (("cursus", GRAPH_CURSUS), ("campus", GRAPH_CAMPUS)):
            for part in self.params.get(f"filter[{name}]", "").split(",") if f"filter[{name}]" in self.params else []:
                if not part.isdigit() or int(part) not in allowed:
                    raise BadParameter(f"filter[{name}]: {part!r} is not one of the allowed values")
        params = {k: v for k, v in self.params.items() if k.startswith(("filter", "range"))}
        records = PROJECTS_USERS.apply(self.sim.world.projects_users, params)
        counts = Counter()
        for record in records:
            moment = record.get(field)
            if moment is not None:
                counts[period_key(moment, interval)] += 1
        if interval in ("hour_of_day", "day_of_week", "day_of_month", "month_of_year"):
            return {str(key): counts[key] for key in sorted(counts)}
        return dict(sorted(counts.items()))

    # --- OAuth ---------------------------------------------------------------------

    def oauth_route(self, method):
        sim = self.sim
        if self.route_path == "/oauth/token" and method == "POST":
            return self.send_json(200, self.token_grant(self.read_form()))
        if self.route_path == "/oauth/token/info" and method == "GET":
            header = self.headers.get("Authorization", "")
            entry = sim.tokens.get(header[7:]) if header.startswith("Bearer ") else None
            if not entry or entry["revoked"] or entry["expires"] <= sim.clock.now():
                raise ApiError(401, "Not authorized", "The access token is invalid")
            return self.send_json(200, {
                "resource_owner_id": entry["user_id"], "scopes": ["public"],
                "expires_in_seconds": int((entry["expires"] - sim.clock.now()).total_seconds()),
                "application": {"uid": entry["client_id"]}, "created_at": int(entry["created"].timestamp())})
        if self.route_path == "/oauth/authorize":
            return self.authorize(method)
        raise ApiError(404, "Not Found", "no such path")

    def token_grant(self, form):
        sim = self.sim
        client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        if sim.clients.get(client_id) != secret or not client_id:
            raise ApiError(401, "invalid_client", "Client authentication failed")
        grant = form.get("grant_type")
        if grant == "client_credentials":
            return sim.issue_token(client_id)
        if grant == "authorization_code":
            entry = sim.codes.pop(form.get("code", ""), None)
            if (not entry or entry["client_id"] != client_id or entry["redirect_uri"] != form.get("redirect_uri")
                    or entry["expires"] <= sim.clock.now()):
                raise ApiError(400, "invalid_grant", "The authorization code is invalid, expired or used")
            return sim.issue_token(client_id, entry["user_id"], with_refresh=True)
        if grant == "refresh_token":
            owner = sim.refresh_tokens.pop(form.get("refresh_token", ""), None)
            if not owner or owner[0] != client_id:
                raise ApiError(400, "invalid_grant", "The refresh token is invalid")
            return sim.issue_token(client_id, owner[1], with_refresh=True)
        raise ApiError(400, "unsupported_grant_type", f"grant_type {grant!r} is not supported")

    def authorize(self, method):
        sim = self.sim
        params = self.read_form() if method == "POST" else self.params
        client_id, redirect_uri = params.get("client_id", ""), params.get("redirect_uri", "")
        if client_id not in sim.clients or not redirect_uri.startswith(("http://", "https://")):
            page = "<!doctype html><title>Error</title><h1>Unknown application or redirect URI</h1>"
            return self.send_bytes(400, page.encode(), "text/html; charset=utf-8")
        state = params.get("state", "")
        if method == "POST" or params.get("login"):
            if params.get("deny"):
                query = {"error": "access_denied", "error_description": "The user denied access", "state": state}
                return self.redirect(redirect_uri, query)
            user = sim.world.users_by_login.get(params.get("login", ""))
            if not user:
                raise ApiError(400, "invalid_request", "unknown login")
            code = secrets.token_hex(16)
            sim.codes[code] = {"client_id": client_id, "redirect_uri": redirect_uri, "user_id": user["id"],
                               "expires": sim.clock.now() + timedelta(minutes=10)}
            return self.redirect(redirect_uri, {"code": code, "state": state})
        hidden = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                         for k, v in params.items())
        sections = []
        for campus in sim.world.campuses():
            buttons = []
            for user in sorted((u for u in sim.world.users if u["campus_id"] == campus["id"]),
                               key=lambda u: (not u["staff"], u["id"]))[:40]:
                label = f'{user["login"]} ({"staff" if user["staff"] else "student"})'
                buttons.append(f'<button type="submit" name="login" value="{user["login"]}" '
                               f'data-login="{user["login"]}">{label}</button>')
            sections.append(f'<h2>{html.escape(campus["name"])}</h2><p>{" ".join(buttons)}</p>')
        page = (f'<!doctype html><meta charset="utf-8"><title>intra simulator: sign in</title>'
                f'<h1>Sign in to the intra simulator</h1><form method="post" action="/oauth/authorize">{hidden}'
                f'{"".join(sections)}<p><button type="submit" name="deny" value="1">Deny</button></p></form>')
        return self.send_bytes(200, page.encode(), "text/html; charset=utf-8")

    def redirect(self, uri, query):
        separator = "&" if "?" in uri else "?"
        self.send_bytes(302, b"", "text/plain", {"Location": f"{uri}{separator}{urlencode(query)}"})

    # --- admin -------------------------------------------------------------------

    def admin_route(self, method):
        sim = self.sim
        if self.route_path == "/_sim/stats" and method == "GET":
            with sim.lock:
                return {"requests": dict(sim.stats["requests"]), "rate_limited": sim.stats["rate_limited"],
                        "total": sim.stats["total"], "webhooks": dict(sim.webhooks.stats) if sim.webhooks else {}}
        if self.route_path == "/_sim/faults" and method == "POST":
            faults = self.read_form()
            unknown = set(faults) - set(FAULT_NAMES)
            if unknown:
                raise ApiError(400, "Bad Request", f"unknown faults: {', '.join(sorted(unknown))}")
            sim.faults = {k: float(v) for k, v in faults.items()}
            return {"faults": sim.faults}
        if self.route_path == "/_sim/clock" and method == "POST":
            body = self.read_form()
            if "advance" in body:
                sim.clock.advance(float(body["advance"]))
            elif "to" in body:
                sim.clock.move_to(parse_time(body["to"]))
            return {"now": iso(sim.clock.now())}
        if self.route_path == "/_sim/truth/locations" and method == "GET":
            campus = self.params.get("campus_id")
            return sim.world.locations(sim.clock.now(), int(campus) if campus else None)
        raise ApiError(404, "Not Found", "no such path")


def period_key(moment, interval):
    if interval == "day":
        return moment.strftime("%Y-%m-%d")
    if interval == "week":
        return (moment - timedelta(days=moment.weekday())).strftime("%Y-%m-%d")
    if interval == "month":
        return moment.strftime("%Y-%m-01")
    if interval == "quarter":
        return f"{moment.year}-{(moment.month - 1) // 3 * 3 + 1:02d}-01"
    if interval == "year":
        return f"{moment.year}-01-01"
    if interval == "hour_of_day":
        return moment.hour
    if interval == "day_of_week":
        return (moment.weekday() + 1) % 7  # 0 is Sunday
    if interval == "day_of_month":
        return moment.day
    return moment.month


def parse_faults(spec):
    """`error=0.1,latency=0.2,...` -> {"error": 0.1, ...}; raises ValueError naming what is wrong."""
    faults = {}
    for part in filter(None, (p.strip() for p in (spec or "").split(","))):
        name, _, value = part.partition("=")
        if name not in FAULT_NAMES:
            raise ValueError(f"unknown fault {name!r} (known: {', '.join(FAULT_NAMES)})")
        try:
            faults[name] = float(value)
        except ValueError:
            raise ValueError(f"fault {name} needs a number, not {value!r}") from None
    return faults
