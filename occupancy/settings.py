"""Django settings for Occupancy, every value read once from the environment.

The README's configuration table lists each variable; .env.example holds the same list.
"""

from pathlib import Path

from occupancy.env import (
    ConfigError,
    env_bool,
    env_float,
    env_int,
    env_int_list,
    env_list,
    env_network_list,
    env_str,
    parse_database_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent
# Local state: the embedded PostgreSQL and Redis (when no URL is given), beat's schedule, collected static files.
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var"))).resolve()

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ConfigError("SECRET_KEY is required when DEBUG is off (set SECRET_KEY, or DEBUG=1 for a local demo)")
    SECRET_KEY = "insecure-demo-key-only-for-debug"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_TZ = True
USE_I18N = True
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- The 42 intra API -------------------------------------------------------
INTRA_API_URL = env_str("INTRA_API_URL", "https://api.intra.42.fr").rstrip("/")
INTRA_CLIENT_ID = env_str("INTRA_CLIENT_ID", "")
INTRA_CLIENT_SECRET = env_str("INTRA_CLIENT_SECRET", "")
INTRA_CAMPUS_IDS = env_int_list("INTRA_CAMPUS_IDS")
# The application's limits (42 may raise them); the client also obeys lower limits the API reports.
INTRA_RATE_PER_SECOND = env_int("INTRA_RATE_PER_SECOND", 2, minimum=1)
INTRA_RATE_PER_HOUR = env_int("INTRA_RATE_PER_HOUR", 1200, minimum=1)
INTRA_TIMEOUT = env_float("INTRA_TIMEOUT", 20.0, minimum=1)
INTRA_MAX_TRIES = env_int("INTRA_MAX_TRIES", 5, minimum=1)
INTRA_BACKOFF_BASE = env_float("INTRA_BACKOFF_BASE", 1.0, minimum=0)
INTRA_MAX_RATE_WAIT = env_float("INTRA_MAX_RATE_WAIT", 60.0, minimum=0)
# Webhook deliveries (location create, close, destroy): unset, the endpoint answers 404. Each event's
# subscription may have its own secret; INTRA_WEBHOOK_SECRET serves the events without one.
INTRA_WEBHOOK_SECRET = env_str("INTRA_WEBHOOK_SECRET", "")
INTRA_WEBHOOK_SECRETS = {
    "create": env_str("INTRA_WEBHOOK_SECRET_CREATE", ""),
    "close": env_str("INTRA_WEBHOOK_SECRET_CLOSE", ""),
    "destroy": env_str("INTRA_WEBHOOK_SECRET_DESTROY", ""),
}
# The intra's cluster drawings (the clusters feed): fetched from this host (the path of each cdn_link),
# with no token and no API quota, at most CLUSTER_PLAN_MAX_BYTES and CLUSTER_PLAN_TIMEOUT seconds each.
INTRA_CDN_URL = env_str("INTRA_CDN_URL", "https://cdn.intra.42.fr").rstrip("/")
CLUSTER_PLAN_MAX_BYTES = env_int("CLUSTER_PLAN_MAX_BYTES", 4 * 1024 * 1024, minimum=1024)
CLUSTER_PLAN_TIMEOUT = env_float("CLUSTER_PLAN_TIMEOUT", 20.0, minimum=1)

# --- Sync schedule (seconds) -------------------------------------------------------
SYNC_LOCATIONS_EVERY = env_int("SYNC_LOCATIONS_EVERY", 30, minimum=5)
SYNC_RECONCILE_EVERY = env_int("SYNC_RECONCILE_EVERY", 600, minimum=60)
SYNC_POOLS_EVERY = env_int("SYNC_POOLS_EVERY", 600, minimum=60)
SYNC_PROJECT_SESSIONS_EVERY = env_int("SYNC_PROJECT_SESSIONS_EVERY", 3600, minimum=60)
# The intra's drawn cluster plans: daily; 0 turns the import off (manage.py sync_now clusters still runs it).
SYNC_CLUSTERS_EVERY = env_int("SYNC_CLUSTERS_EVERY", 24 * 3600, minimum=0)
# While webhook deliveries flow (one in the last WEBHOOK_QUIET_AFTER seconds) the live poll runs only
# this often; once they stop it is back to SYNC_LOCATIONS_EVERY at its next beat. Below three cycles,
# or pages, /status/ and the metrics would call the data late while the deliveries keep it fresh.
SYNC_LOCATIONS_EVERY_WITH_WEBHOOKS = env_int("SYNC_LOCATIONS_EVERY_WITH_WEBHOOKS", 2 * SYNC_LOCATIONS_EVERY,
                                             minimum=5)
if SYNC_LOCATIONS_EVERY_WITH_WEBHOOKS >= 3 * SYNC_LOCATIONS_EVERY:
    raise ConfigError("SYNC_LOCATIONS_EVERY_WITH_WEBHOOKS must stay below three SYNC_LOCATIONS_EVERY "
                      "(past three cycles the data is called late)")
WEBHOOK_QUIET_AFTER = env_int("WEBHOOK_QUIET_AFTER", 120, minimum=10)
# /healthz answers 503 when the last successful location sync is older than this (seconds).
HEALTH_MAX_SYNC_AGE = env_int("HEALTH_MAX_SYNC_AGE", 300, minimum=30)
# Locations that ended more than this many days ago are folded into the hourly roll-up and removed
# (0: keep everything).
LOCATION_RETENTION_DAYS = env_int("LOCATION_RETENTION_DAYS", 0, minimum=0)
# Layout seats not seen for this many days are reported by the drift report.
LAYOUT_STALE_DAYS = env_int("LAYOUT_STALE_DAYS", 30, minimum=1)
# Maps mark a session open longer than this many hours: a machine left logged in, worth a look.
MAP_LONG_SESSION_HOURS = env_int("MAP_LONG_SESSION_HOURS", 10, minimum=1)
# A feed's lock expires after this many seconds, should the worker holding it die.
SYNC_LOCK_TTL = env_int("SYNC_LOCK_TTL", 300, minimum=1)
# Each incremental window reaches this far back before the last one, for clock skew and late writes.
SYNC_OVERLAP = env_int("SYNC_OVERLAP", 120, minimum=0)
# The projects_users graph: answers older than GRAPH_MAX_AGE are refreshed in the background when shown;
# a page waits at most GRAPH_PAGE_BUDGET for an answer it has never had; common graphs refresh on a schedule.
GRAPH_MAX_AGE = env_int("GRAPH_MAX_AGE", 3600, minimum=60)
GRAPH_PAGE_BUDGET = env_float("GRAPH_PAGE_BUDGET", 2.0, minimum=0)
GRAPH_REFRESH_EVERY = env_int("GRAPH_REFRESH_EVERY", 3600, minimum=300)
# The forecast (occupancy/forecast/): recomputed per campus every FORECAST_EVERY seconds; pages never show
# one older than FORECAST_MAX_AGE as current; each run keeps the midnight forecast of the last
# FORECAST_REPLAY_DAYS days it has not kept yet; a cluster is "busy" from FORECAST_BUSY_PERCENT of its seats.
FORECAST_EVERY = env_int("FORECAST_EVERY", 3600, minimum=300)
FORECAST_MAX_AGE = env_int("FORECAST_MAX_AGE", 7200, minimum=600)
FORECAST_REPLAY_DAYS = env_int("FORECAST_REPLAY_DAYS", 35, minimum=0)
FORECAST_BUSY_PERCENT = env_int("FORECAST_BUSY_PERCENT", 85, minimum=1)

# --- Database, broker, cache -------------------------------------------------
# PostgreSQL and Redis in every mode. Without a URL, the embedded servers (occupancy/embedded.py) under
# VAR_DIR are started or reused, so that a demo on a fresh machine needs nothing installed.
DATABASE_URL = env_str("DATABASE_URL")
REDIS_URL = env_str("REDIS_URL")
if not DATABASE_URL or not REDIS_URL:
    from occupancy import embedded

    DATABASE_URL = DATABASE_URL or embedded.postgres_url(VAR_DIR)
    REDIS_URL = REDIS_URL or embedded.redis_url(VAR_DIR)
DATABASES = {"default": parse_database_url(DATABASE_URL)}
# 0: a connection per request. The web server is ASGI, where Django's persistent connections do not
# come back to the request that opened them (its docs: disable them under ASGI).
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 0, minimum=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
CELERY_BROKER_URL = REDIS_URL
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_IGNORE_RESULT = True
# Each feed on its own schedule; a run that cannot start before the next one is due expires.
CELERY_BEAT_SCHEDULE = {
    f"sync-{feed}": {"task": "occupancy.tasks.sync_feed", "schedule": every, "args": (feed,),
                     "options": {"expires": every}}
    for feed, every in [
        ("locations", SYNC_LOCATIONS_EVERY),
        ("reconcile", SYNC_RECONCILE_EVERY),
        ("pools", SYNC_POOLS_EVERY),
        ("balances", SYNC_POOLS_EVERY),
        ("project_sessions", SYNC_PROJECT_SESSIONS_EVERY),
        ("clusters", SYNC_CLUSTERS_EVERY),
    ]
    if every
}
CELERY_BEAT_SCHEDULE["refresh-common-graphs"] = {
    "task": "occupancy.tasks.refresh_common_graphs", "schedule": GRAPH_REFRESH_EVERY,
    "options": {"expires": GRAPH_REFRESH_EVERY},
}
CELERY_BEAT_SCHEDULE["forecast"] = {
    "task": "occupancy.tasks.compute_forecasts", "schedule": FORECAST_EVERY, "options": {"expires": FORECAST_EVERY},
}
CELERY_BEAT_SCHEDULE["retention"] = {
    "task": "occupancy.tasks.prune_locations", "schedule": 24 * 3600, "options": {"expires": 3600},
}
HEARTBEAT_EVERY = 30
CELERY_BEAT_SCHEDULE["heartbeat"] = {
    "task": "occupancy.tasks.heartbeat", "schedule": HEARTBEAT_EVERY, "options": {"expires": HEARTBEAT_EVERY},
}
CELERY_TIMEZONE = "UTC"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- Django ------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "accounts",
    "accounts.intra42",
    "occupancy",
]

MIDDLEWARE = [
    "occupancy.request_timing.RequestTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "occupancy.error_reports.mask_request_logins",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "occupancy.urls"
WSGI_APPLICATION = "occupancy.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Sign-in with 42 (accounts/) ------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",  # the admin's superusers
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/accounts/login/"
SOCIALACCOUNT_ONLY = True
ACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_ADAPTER = "accounts.adapter.StaffSocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {
    "intra42": {"APPS": [{"client_id": INTRA_CLIENT_ID, "secret": INTRA_CLIENT_SECRET, "key": ""}]},
}
# Logins let in even without the intra's staff flag; and, when set, only staff of these campuses.
STAFF_LOGINS = set(env_list("STAFF_LOGINS"))
STAFF_CAMPUS_IDS = env_int_list("STAFF_CAMPUS_IDS")
# A session lasts this long from sign-in, then the staff member signs in again (and the rule is re-checked).
SESSION_TTL = env_int("SESSION_TTL", 12 * 3600, minimum=60)
SESSION_COOKIE_AGE = SESSION_TTL
SESSION_SAVE_EVERY_REQUEST = False

# --- Security when DEBUG is off --------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Probes and scrapers inside the compose network speak plain HTTP to the web container.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Content-Security-Policy (django-csp) -----------------------------------------
# Scripts and styles only from our static files (no inline code, no eval), images from us and the intra's
# CDN (avatars), data only from our origin (push streams included), no framing (the kiosk widens this for
# signage players), forms only to us and to the intra's OAuth pages (sign-in redirects there). Violations
# are reported to /csp-report, which logs and counts them for the status page.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", INTRA_CDN_URL],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'", INTRA_API_URL],
        "report-uri": ["/csp-report"],
    },
}

# --- Monitoring: Prometheus and Sentry ------------------------------------------------
# /metrics answers a request bearing this token (Authorization: Bearer ...) or coming straight from one of
# these networks; with neither set it answers nobody.
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
METRICS_ALLOWED_NETWORKS = env_network_list("METRICS_ALLOWED_NETWORKS")
# Errors go to this Sentry (or compatible) project; unset, nothing is sent.
SENTRY_DSN = env_str("SENTRY_DSN", "")
SENTRY_ENVIRONMENT = env_str("SENTRY_ENVIRONMENT", "production")
if SENTRY_DSN:
    from occupancy.error_reports import start_error_reports

    start_error_reports(SENTRY_DSN, environment=SENTRY_ENVIRONMENT,
                        secrets=[SECRET_KEY, INTRA_CLIENT_SECRET, METRICS_TOKEN])

# --- Logging: one JSON line per event on stdout ------------------------------
LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in ("DEBUG", "INFO", "WARNING", "ERROR"):
    raise ConfigError(f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {LOG_LEVEL!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "occupancy.log_format.RedactSecrets"}},
    "formatters": {"json": {"()": "occupancy.log_format.JsonLineFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["redact"],
        }
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # The embedded PostgreSQL (occupancy/embedded.py) logs every command it runs at INFO.
        "pgserver": {"level": "WARNING"},
    },
}

