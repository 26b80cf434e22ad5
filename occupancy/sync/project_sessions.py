"""The project sessions feed, with their projects, read incrementally by range[updated_at]."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from occupancy.models import Project, ProjectSession
from occupancy.sync.normalise import format_time, optional_int, parse_time, require
from occupancy.sync.state import FeedResult, feed_state, save_success
from occupancy.sync.surprises import note_surprises

FEED = "project_sessions"


def normalise_project(item):
    parent = item.get("parent") or {}
    return Project(
        id=require(item, "id", int),
        name=require(item, "name", str),
        slug=item.get("slug") or "",
        parent_id=optional_int(parent, "id") if parent else None,
        exam=bool(item.get("exam")),
    )


def normalise_session(item):
    return ProjectSession(
        id=require(item, "id", int),
        project_id=require(item, "project_id", int),
        campus_id=optional_int(item, "campus_id"),
        cursus_id=optional_int(item, "cursus_id"),
        begin_at=parse_time(item.get("begin_at"), field="begin_at"),
        end_at=parse_time(item.get("end_at"), field="end_at"),
        solo=bool(item.get("solo")),
        max_people=optional_int(item, "max_people"),
        updated_at=parse_time(item.get("updated_at"), field="updated_at", nullable=False),
    )


def sync_project_sessions(client, *, now=None, overlap=None):
    now = now or timezone.now()
    overlap = timedelta(seconds=settings.SYNC_OVERLAP if overlap is None else overlap)
    state = feed_state(FEED)
    params = {"sort": "id"}
    if state.watermark:
        params["range[updated_at]"] = f"{format_time(state.watermark - overlap)},{format_time(now + overlap)}"
    before = client.stats.total
    items = client.get_all("/v2/project_sessions", params)
    note_surprises("/v2/project_sessions", items, now=now)
    projects = {}
    sessions = []
    for item in items:
        project = normalise_project(require(item, "project", dict))
        projects[project.id] = project
        sessions.append(normalise_session(item))
    result = FeedResult(requests=client.stats.total - before)
    with transaction.atomic():
        known = set(ProjectSession.objects.filter(id__in=[s.id for s in sessions]).values_list("id", flat=True))
        Project.objects.bulk_create(list(projects.values()), update_conflicts=True, unique_fields=["id"],
                                    update_fields=["name", "slug", "parent_id", "exam"])
        ProjectSession.objects.bulk_create(
            sessions, update_conflicts=True, unique_fields=["id"],
            update_fields=["project_id", "campus_id", "cursus_id", "begin_at", "end_at", "solo", "max_people",
                           "updated_at"],
        )
        result.created = len({s.id for s in sessions} - known)
        result.updated = len(sessions) - result.created
        save_success(state, now=now, result=result, watermark=now)
    return result
