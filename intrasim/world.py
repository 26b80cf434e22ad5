"""The generated campus world: campuses and their seats, users, sessions, pools, projects.

Everything is a function of the seed and the start time, so the same seed and clock give the
same answers. Sessions are generated from `days` before the start to HORIZON_DAYS after it; the
API shows a session once it has begun, and its end once that has passed.
"""

import bisect
import heapq
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import holidays

HORIZON_DAYS = 4
AVATAR_ORIGIN = "https://cdn.intra.42.fr"  # where the world writes pictures; a server answers with its own URL
AVATAR_PATH = "/users/"
AVATAR_SIZES = ("large", "medium", "small", "micro")
FIRST_LOCATION_ID = 1_000_000
CURSUS = (21, 9, 3)  # 42cursus, C Piscine, Discovery


@dataclass(frozen=True)
class CampusSpec:
    id: int
    name: str
    time_zone: str
    country: str
    utc_offset: int  # hours, for the daily rhythm


CAMPUSES = (
    CampusSpec(1, "Paris", "Europe/Paris", "France", 1),
    CampusSpec(9, "Lyon", "Europe/Paris", "France", 1),
    CampusSpec(21, "Benguerir", "Africa/Casablanca", "Morocco", 1),
)
# Public holidays of each campus's country (the `holidays` package): the campus stays open, but fewer come.
HOLIDAY_COUNTRY_CODES = {"France": "FR", "Morocco": "MA"}
STAFF_NAMES = {
    1: ["amartin", "bleroy", "cmoreau", "dpetit", "edurand", "fgirard", "glaurent", "hsimon", "ibonnet", "jfaure",
        "kmercier", "lblanc", "mguerin", "nboyer", "ogarnier"],
    9: ["pchevali", "qfrancoi", "rlegrand", "sgauthie", "tperrin", "urobin", "vclement", "wmorin", "xnicolas",
        "yhenry", "zroussel", "aroux"],
    21: ["balaoui", "cbennani", "delidrissi", "ebenali", "fchraibi", "gtazi", "hnaciri", "iberrada", "jslaoui",
         "kfassi", "lzahraoui", "mbenjell"],
}
SYLLABLES = ["ba", "be", "bo", "ca", "ce", "da", "de", "di", "fa", "ga", "jo", "ka", "la", "le", "li", "lo", "ma",
             "me", "mi", "mo", "na", "ne", "no", "pa", "pe", "ra", "re", "ri", "ro", "sa", "se", "si", "ta", "te",
             "ti", "to", "va", "vi", "za", "zo", "an", "el", "is", "or", "ul"]


def iso(moment):
    return None if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + \
        f"{moment.microsecond // 1000:03d}Z"


def seats_of(campus_id, midpoint):
    """(host, available_from, available_until) of each seat; some appear or vanish at midpoint (drift)."""
    never = datetime.max.replace(tzinfo=UTC)
    epoch = datetime.min.replace(tzinfo=UTC)
    seats = []
    if campus_id == 1:
        for cluster in ("e1", "e2", "e3", "z1", "z2", "z3"):
            for row in range(1, 14):
                for post in range(1, 17):
                    if (row * 7 + post * 3 + int(cluster[1])) % 29 == 0:
                        continue  # pillars and doors
                    until = midpoint if cluster == "z3" and row == 13 else never
                    seats.append((f"{cluster}r{row}p{post}", epoch, until))
    elif campus_id == 9:
        for cluster in (1, 2, 3):
            for row in range(1, 10):
                for post in range(1, 13):
                    if row == 9 and cluster != 3 or (row == 4 and post == 6):
                        continue
                    since = midpoint if row == 9 else epoch  # a row added partway through history
                    seats.append((f"c{cluster}r{row}s{post}", since, never))
    else:
        for floor in (1, 2):
            for row in range(1, 7):
                for post in range(1, 11):
                    seats.append((f"bess-f{floor}r{row}s{post}", epoch, never))
        seats += [("lab-imac-07", epoch, never), ("bess-mac-mini", epoch, never)]
    return seats


class World:
    def __init__(self, seed, start, days):
        self.seed = seed
        self.start = start
        self.days = days
        rng = random.Random(seed)
        self.origin = (start - timedelta(days=days)).replace(hour=0, minute=0, second=0, microsecond=0)
        self.horizon = start + timedelta(days=HORIZON_DAYS)
        self.midpoint = self.origin + (start - self.origin) / 2
        self.campus_list = [self._campus(spec) for spec in CAMPUSES]
        self.users = self._users(rng)
        self.users_by_id = {user["id"]: user for user in self.users}
        self.users_by_login = {user["login"]: user for user in self.users}
        self._user_cores = {}  # user id -> the user object of locations, built once (a location copies it)
        self._sessions(rng)
        self._projects(rng)
        self._pools(rng)
        self._projects_users(rng)

    # --- generation ---------------------------------------------------------------

    def _campus(self, spec):
        return {"id": spec.id, "name": spec.name, "time_zone": spec.time_zone, "language": {"id": 1, "name": "English",
                "identifier": "en"}, "users_count": 0, "vogsphere_id": 1, "country": spec.country,
                "address": "", "zip": "", "city": spec.name, "website": "https://42.fr", "facebook": "", "twitter": "",
                "active": True, "public": True, "email_extension": "42.fr", "default_hidden_phone": False,
                "endpoint": None}

    def _users(self, rng):
        users = []
        used = set()
        next_id = 10_000
        for spec in CAMPUSES:
            for login in STAFF_NAMES[spec.id]:
                users.append(self._user(next_id, login, spec, staff=True, rng=rng))
                used.add(login)
                next_id += 1
            count = {1: 2400, 9: 700, 21: 420}[spec.id]
            for _ in range(count):
                login = ""
                while not login or login in used:
                    login = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 4)))[:8]
                used.add(login)
                users.append(self._user(next_id, login, spec, staff=False, rng=rng))
                next_id += 1
        return users

    def _user(self, user_id, login, spec, *, staff, rng):
        return {"id": user_id, "login": login, "campus_id": spec.id, "staff": staff,
                "cursus_id": None if staff else rng.choice(CURSUS),
                "activity": 0.25 if staff else rng.choice([0.35, 0.55, 0.7, 0.85, 0.95]),
                "pool_month": rng.choice(["july", "august", "september"]), "pool_year": str(rng.randint(2019, 2025))}

    def _sessions(self, rng):
        """Sessions per user and day, then seats assigned in time order (one user and one host at a time)."""
        wanted = []
        country = {spec.id: spec.country for spec in CAMPUSES}
        years = range(self.origin.year, self.horizon.year + 1)
        public = {name: holidays.country_holidays(code, years=years) for name, code in HOLIDAY_COUNTRY_CODES.items()}
        day = self.origin
        while day < self.horizon:
            weekend = day.weekday() >= 5
            for user in self.users:
                holiday = day.date() in public[country[user["campus_id"]]]
                if rng.random() > user["activity"] * (0.4 if holiday else 0.55 if weekend else 1.0):
                    continue
                hour = rng.choices(range(24), weights=HOUR_WEIGHTS)[0] - 1  # campuses are at UTC+1
                begin = day + timedelta(hours=hour, minutes=rng.randint(0, 59), seconds=rng.randint(0, 59))
                length = min(rng.lognormvariate(1.35, 0.6), 16) * 3600
                if rng.random() < 0.004:
                    length = 4 * 86400  # left open by a crashed machine
                wanted.append((begin, begin + timedelta(seconds=int(max(length, 600))), user["id"]))
                if rng.random() < 0.12:  # moves seat later the same day
                    later = wanted[-1][1] + timedelta(minutes=rng.randint(5, 90))
                    wanted.append((later, later + timedelta(seconds=int(rng.uniform(1800, 14400))), user["id"]))
            day += timedelta(days=1)
        wanted.sort()
        windows = {}
        free = {}
        for spec in CAMPUSES:
            rows = seats_of(spec.id, self.midpoint)
            windows.update({host: (since, until) for host, since, until in rows})
            free[spec.id] = [host for host, _, _ in rows]
        busy = {spec.id: [] for spec in CAMPUSES}  # heaps of (end, host)
        user_free_at = {}
        self.sessions = []
        for begin, end, user_id in wanted:
            if user_free_at.get(user_id, self.origin) > begin:
                continue
            campus_id = self.users_by_id[user_id]["campus_id"]
            heap, hosts = busy[campus_id], free[campus_id]
            while heap and heap[0][0] <= begin:
                hosts.append(heapq.heappop(heap)[1])
            host = None
            for _ in range(8 if hosts else 0):
                index = rng.randrange(len(hosts))
                since, until = windows[hosts[index]]
                if since <= begin < until:
                    hosts[index], hosts[-1] = hosts[-1], hosts[index]
                    host = hosts.pop()
                    break
            if host is None:
                continue  # the campus is full (or only retired seats are free)
            heapq.heappush(heap, (end, host))
            user_free_at[user_id] = end
            self.sessions.append([begin, end, user_id, campus_id, host])
        self.sessions.sort(key=lambda session: (session[0], session[2]))
        for index, session in enumerate(self.sessions):
            session.insert(0, FIRST_LOCATION_ID + index)
        self.session_begins = [session[1] for session in self.sessions]
        self.sessions_by_end = sorted(self.sessions, key=lambda session: session[2])
        self.session_ends = [session[2] for session in self.sessions_by_end]
        self.sessions_by_id = {session[0]: session for session in self.sessions}

    def _projects(self, rng):
        self.projects = []
        names = ["Libft", "get_next_line", "ft_printf", "Born2beroot", "minitalk", "push_swap", "so_long",
                 "Philosophers", "minishell", "NetPractice", "cub3d", "CPP Module 00", "CPP Module 01",
                 "Inception", "webserv", "ft_transcendence", "Exam Rank 02", "Exam Rank 03", "Exam Rank 04",
                 "Exam Rank 05", "C Piscine Shell 00", "C Piscine C 00", "C Piscine Final Exam"]
        for index, name in enumerate(names, start=1):
            parent = 12 if name.startswith("CPP Module 0") and index != 12 else None
            self.projects.append({"id": index, "name": name, "slug": name.lower().replace(" ", "-"),
                                  "exam": "Exam" in name, "parent_id": parent})
        self.project_sessions = []
        session_id = 3000
        for project in self.projects:
            for campus_id in (None, 1, 9, 21):
                if campus_id is None and not project["exam"] and rng.random() < 0.7:
                    continue
                session_id += 1
                offset = timedelta(days=rng.uniform(-self.days, HORIZON_DAYS))
                begin = self.start + offset
                created = min(begin, self.start) - timedelta(days=rng.uniform(1, 30))
                self.project_sessions.append({
                    "id": session_id, "project_id": project["id"], "campus_id": campus_id,
                    "cursus_id": 9 if project["name"].startswith("C Piscine") else 21,
                    "begin_at": begin, "end_at": begin + timedelta(hours=4 if project["exam"] else 24 * 30),
                    "created_at": created,
                    "modified_at": self.start + timedelta(hours=rng.uniform(0, 48)) if rng.random() < 0.3 else None,
                    "solo": rng.random() < 0.6, "max_people": None if rng.random() < 0.5 else rng.randint(20, 120),
                    "estimate_time": rng.choice([None, 86400, 604800]), "duration_days": None,
                    "terminating_after": None, "is_subscriptable": True, "team_behaviour": "user",
                    "difficulty": rng.choice([0, 42, 1000, 2000]),
                })

    def _pools(self, rng):
        self.pools = []
        self.balances = []
        balance_id = 500
        for spec in CAMPUSES:
            for cursus_id in (21, 9):
                pool_id = spec.id * 10 + (1 if cursus_id == 21 else 2)
                self.pools.append({"id": pool_id, "campus_id": spec.id, "cursus_id": cursus_id,
                                   "max_points": 2000, "base": rng.randint(200, 1500), "rate": rng.uniform(-2, 2)})
                moment = self.origin - timedelta(days=60)
                while moment < self.horizon:
                    balance_id += 1
                    length = timedelta(days=rng.choice([7, 14, 28]))
                    created = moment - timedelta(days=rng.uniform(1, 5))
                    self.balances.append({"id": balance_id, "pool_id": pool_id, "begin_at": moment,
                                          "end_at": moment + length, "created_at": created, "updated_at": created})
                    moment += length

    def _projects_users(self, rng):
        """Project registrations over two years with a weekly, daily and seasonal rhythm (for the graph)."""
        self.projects_users = []
        first = self.start - timedelta(days=730)
        statuses = ["finished", "in_progress", "waiting_for_correction", "searching_a_group", "creating_group"]
        students = [user for user in self.users if not user["staff"]]
        for index in range(20_000):
            day = first + timedelta(days=rng.triangular(0, 730, 700))
            if day.month in (7, 8, 9) and rng.random() < 0.3:
                day -= timedelta(days=rng.randint(0, 60))
            if day.weekday() >= 5 and rng.random() < 0.6:
                day += timedelta(days=2)
            created = day.replace(hour=0, minute=0, second=0) + timedelta(
                hours=rng.choices(range(24), weights=HOUR_WEIGHTS)[0], minutes=rng.randint(0, 59))
            if created > self.start:
                continue
            user = rng.choice(students)
            status = rng.choices(statuses, weights=[6, 3, 1, 1, 1])[0]
            marked = status == "finished"
            updated = created + timedelta(days=rng.uniform(0, 20))
            retriable = updated + timedelta(days=rng.choice([1, 3, 7])) if marked and rng.random() < 0.3 else None
            self.projects_users.append({
                "id": 90_000 + index, "project_id": rng.choice(self.projects)["id"], "user_id": user["id"],
                "created_at": created, "updated_at": min(updated, self.start), "occurrence": rng.randint(0, 3),
                "final_mark": rng.randint(0, 125) if marked else None, "retriable_at": retriable,
                "marked_at": updated if marked else None, "status": status, "cursus": user["cursus_id"],
                "campus": user["campus_id"], "retriable": retriable is not None, "marked": marked,
            })

    # --- views at a moment ---------------------------------------------------------

    def campuses(self):
        return [dict(campus) for campus in self.campus_list]

    def location_json(self, session, now):
        location_id, begin, end, user_id, campus_id, host = session
        return {"id": location_id, "begin_at": iso(begin), "end_at": iso(end) if end <= now else None,
                "primary": True, "floor": None, "row": None, "post": None, "host": host, "campus_id": campus_id,
                "user": self.user_core(self.users_by_id[user_id], host if end > now else None)}

    def visible_sessions(self, now, begun=None, ended=None):
        """Sessions begun by now; narrowed to those begun in `begun` (low, high) or ended in `ended`."""
        if ended is not None:
            low, high = ended
            high = min(high, now) if high else now
            start = bisect.bisect_left(self.session_ends, low) if low else 0
            chosen = self.sessions_by_end[start: bisect.bisect_right(self.session_ends, high)]
            return [s for s in chosen if s[1] <= now]
        low, high = begun or (None, None)
        high = min(high, now) if high else now
        start = bisect.bisect_left(self.session_begins, low) if low else 0
        return self.sessions[start: bisect.bisect_right(self.session_begins, high)]

    def open_sessions(self, now):
        """Sessions begun and not yet ended at now."""
        chosen = self.sessions_by_end[bisect.bisect_right(self.session_ends, now):]
        return sorted((s for s in chosen if s[1] <= now), key=lambda s: s[0])

    def locations(self, now, campus_id=None):
        """Ground truth: every location the API shows at now."""
        return [self.location_json(s, now) for s in self.visible_sessions(now)
                if campus_id is None or s[4] == campus_id]

    def active_locations(self, now, campus_id=None):
        return [location for location in self.locations(now, campus_id) if location["end_at"] is None]

    def staff_logins(self, campus_id=None):
        return [u["login"] for u in self.users if u["staff"] and campus_id in (None, u["campus_id"])]

    def student_logins(self, campus_id=None):
        return [u["login"] for u in self.users if not u["staff"] and campus_id in (None, u["campus_id"])]

    def user_core(self, user, location=None):
        """The user object as the API nests it in a location: every scalar field, no lists."""
        core = self._user_cores.get(user["id"])
        if core is None:
            core = self._user_cores[user["id"]] = self._make_user_core(user)
        return {**core, "location": location}

    def _make_user_core(self, user):
        login = user["login"]
        folder = f"{AVATAR_ORIGIN}{AVATAR_PATH}{user['id']:032x}"
        joined = self.origin - timedelta(days=400 + user["id"] % 900)
        erasure = iso(joined + timedelta(days=3 * 365))
        return {"id": user["id"], "email": f"{login}@student.42.fr", "login": login,
                "first_name": login[1:].capitalize(), "last_name": login[:1].upper(),
                "usual_full_name": f"{login[1:].capitalize()} {login[:1].upper()}.", "usual_first_name": None,
                "url": f"https://api.intra.42.fr/v2/users/{login}", "phone": "hidden",
                "displayname": f"{login[1:].capitalize()} {login[:1].upper()}.",
                "kind": "admin" if user["staff"] else "student",
                "image": {"link": f"{folder}/{login}.jpg",
                          "versions": {size: f"{folder}/{size}_{login}.jpg"
                                       for size in AVATAR_SIZES}},
                "staff?": user["staff"], "correction_point": user["id"] % 11, "pool_month": user["pool_month"],
                "pool_year": user["pool_year"], "location": None, "wallet": user["id"] * 7 % 500,
                "anonymize_date": erasure, "data_erasure_date": erasure, "created_at": iso(joined),
                "updated_at": iso(self.origin), "alumnized_at": None, "alumni?": False, "active?": True}

    def user_json(self, user):
        campus = next(c for c in self.campus_list if c["id"] == user["campus_id"])
        cursus = [] if user["staff"] else [{"cursus_id": user["cursus_id"], "grade": None, "level": 1.0,
                                            "begin_at": "2024-10-01T08:00:00.000Z", "end_at": None}]
        since = self.user_core(user)["created_at"]
        # A user's campuses come without their "endpoint", as in the real /v2/me answers.
        return {**self.user_core(user), "campus": [{k: v for k, v in campus.items() if k != "endpoint"}],
                "campus_users": [{"id": user["id"], "user_id": user["id"], "campus_id": campus["id"],
                                  "is_primary": True, "created_at": since, "updated_at": since}],
                "cursus_users": cursus, "groups": [], "projects_users": [], "languages_users": [],
                "achievements": [], "titles": [], "titles_users": [], "partnerships": [], "patroned": [],
                "patroning": [], "expertises_users": [], "roles": []}

    def pool_json(self, pool, now):
        days = (now - self.origin).total_seconds() / 86400
        points = int(min(max(pool["base"] + pool["rate"] * days * 10, 0), pool["max_points"]))
        return {"id": pool["id"], "current_points": points, "max_points": pool["max_points"],
                "campus_id": pool["campus_id"], "cursus_id": pool["cursus_id"]}

    def balance_json(self, balance):
        return {key: balance[key] for key in ("id", "begin_at", "end_at", "pool_id", "created_at", "updated_at")}

    def project_json(self, project):
        children = [p for p in self.projects if p["parent_id"] == project["id"]]
        parent = next((p for p in self.projects if p["id"] == project["parent_id"]), None)
        link = {"name", "id", "slug"}
        return {"id": project["id"], "name": project["name"], "slug": project["slug"], "description": None,
                "parent": {**{k: parent[k] for k in link}, "url": ""} if parent else None,
                "children": [{**{k: c[k] for k in link}, "url": ""} for c in children], "objectives": [],
                "tier": 1, "attachments": [], "created_at": iso(self.origin), "updated_at": iso(self.origin),
                "exam": project["exam"]}

    def project_session_values(self, session, now):
        """The session as of now: created sessions only, updated_at the last change that has happened."""
        if session["created_at"] > now:
            return None
        modified = session["modified_at"]
        values = {k: v for k, v in session.items() if k != "modified_at"}
        values["updated_at"] = modified if modified and modified <= now else session["created_at"]
        return values


HOUR_WEIGHTS = [2, 1, 1, 1, 1, 1, 2, 4, 8, 12, 14, 14, 12, 14, 18, 20, 20, 18, 16, 14, 12, 9, 6, 4]
