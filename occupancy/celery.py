"""The Celery application: configured from Django's settings (the CELERY_ names)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "occupancy.settings")

app = Celery("occupancy")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
