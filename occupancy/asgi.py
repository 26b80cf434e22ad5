import os
import warnings

from django.core.asgi import get_asgi_application

from occupancy.env import ConfigError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "occupancy.settings")
# whitenoise answers static files with a FileResponse, which Django's ASGI handler reads whole before
# sending, with a warning in every worker's log: harmless for files this small. (Exports stream in chunks.)
warnings.filterwarnings("ignore", message="StreamingHttpResponse must consume synchronous iterators")
try:
    application = get_asgi_application()
except ConfigError as error:
    raise SystemExit(f"configuration error: {error}") from None
