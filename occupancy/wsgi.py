import os

from django.core.wsgi import get_wsgi_application

from occupancy.env import ConfigError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "occupancy.settings")
try:
    application = get_wsgi_application()
except ConfigError as error:
    raise SystemExit(f"configuration error: {error}") from None
