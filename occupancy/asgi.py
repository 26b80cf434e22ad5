import os

from django.core.asgi import get_asgi_application

from occupancy.env import ConfigError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "occupancy.settings")
try:
    application = get_asgi_application()
except ConfigError as error:
    raise SystemExit(f"configuration error: {error}") from None
