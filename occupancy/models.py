"""What the sync keeps of the intra API, in PostgreSQL. All times are UTC."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Campus(models.Model):
    id = models.PositiveIntegerField(primary_key=True, help_text="The intra campus id.")
    name = models.CharField(max_length=100)
    time_zone = models.CharField(max_length=64, default="UTC")
    country = models.CharField(max_length=100, blank=True, help_text="As the intra names it; its public holidays "
                                                                      "shape the forecast.")
    host_pattern = models.CharField(
        max_length=300,
        blank=True,
        help_text="Regular expression with named groups cluster, row and post; blank uses the built-in schemes.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "campuses"

    def __str__(self):
        return self.name


class SeatState(models.TextChoices):
    IN_SERVICE = "", _("In service")
    OUT_OF_SERVICE = "out_of_service", _("Out of service")
    RESERVED = "reserved", _("Reserved")


class Seat(models.Model):
    campus = models.ForeignKey(Campus, on_delete=models.CASCADE, related_name="seats")
    host = models.CharField(max_length=100)
    cluster = models.CharField(max_length=50, blank=True, help_text="Floor or cluster; blank when unplaced.")
    row = models.PositiveIntegerField(null=True, blank=True)
    post = models.PositiveIntegerField(null=True, blank=True)
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    # Staff notes; the sync never writes these fields.
    state = models.CharField(max_length=20, choices=SeatState.choices, blank=True)
    note = models.CharField(max_length=300, blank=True)
    marked_by = models.CharField(max_length=64, blank=True)
    marked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["campus", "cluster", "row", "post", "host"]
        constraints = [models.UniqueConstraint(fields=["campus", "host"], name="seat_unique_host")]
        indexes = [models.Index(fields=["campus", "cluster", "row", "post"], name="seat_place")]

    def __str__(self):
        return self.host

    @property
    def is_placed(self):
        return bool(self.cluster) and self.row is not None and self.post is not None


class LayoutVersion(models.Model):
    """One saved drawing of a campus's rooms (occupancy/layouts/format.py); without any the layout is inferred.

    Every save, load, import or revert adds a version and none is ever changed, so any can be gone back to.
    The one in use is marked; a version may wait unused (an imported plan awaiting a staff member's choice).
    """

    campus = models.ForeignKey(Campus, on_delete=models.CASCADE, related_name="layout_versions")
    number = models.PositiveIntegerField(help_text="1, 2, 3... per campus.")
    document = models.JSONField(help_text="The parsed layout file: clusters, rows, seats, shapes, labels, order.")
    source = models.CharField(max_length=200, blank=True, help_text="Where it came from: a file, the editor, a revert.")
    saved_by = models.CharField(max_length=150, blank=True)
    saved_at = models.DateTimeField()
    in_use = models.BooleanField(default=False)

    class Meta:
        ordering = ["campus", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["campus", "number"], name="layoutversion_unique_number"),
            models.UniqueConstraint(fields=["campus"], condition=Q(in_use=True), name="layoutversion_one_in_use"),
        ]
        permissions = [("edit_layout", "Can edit campus layouts in the browser")]

    def __str__(self):
        return f"layout {self.number} of {self.campus}"


class LocationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(end_at__isnull=True)


class Location(models.Model):
    """One session of a user at a seat, as the intra reports it (end_at is null while open)."""

    id = models.BigIntegerField(primary_key=True, help_text="The intra location id.")
    campus = models.ForeignKey(Campus, on_delete=models.CASCADE, related_name="locations")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="locations")
    user_id = models.PositiveIntegerField()
    login = models.CharField(max_length=64)
    begin_at = models.DateTimeField()
    end_at = models.DateTimeField(null=True, blank=True)
    primary = models.BooleanField(default=True)
    avatar = models.CharField(max_length=500, blank=True, default="",
                              help_text="The user's picture link as the intra gave it (the browser loads it).")

    objects = LocationQuerySet.as_manager()

    class Meta:
        ordering = ["-begin_at"]
        indexes = [
            models.Index(fields=["campus"], condition=Q(end_at__isnull=True), name="location_active"),
            models.Index(fields=["seat", "-begin_at"], name="location_seat_history"),
            models.Index(fields=["login", "-begin_at"], name="location_login_history"),
            models.Index(fields=["campus", "begin_at"], name="location_campus_begin"),
            models.Index(fields=["campus", "end_at"], name="location_campus_end"),
        ]

    def __str__(self):
        return f"{self.login} at {self.seat_id} from {self.begin_at:%Y-%m-%d %H:%M}"


class OccupancyHour(models.Model):
    """One hour of a campus (cluster "") or of one cluster, rolled up from locations by the sync."""

    campus = models.ForeignKey(Campus, on_delete=models.CASCADE, related_name="occupancy_hours")
    cluster = models.CharField(max_length=50, blank=True, help_text='"" is the whole campus.')
    hour = models.DateTimeField(help_text="Start of the hour (UTC).")
    seats = models.PositiveIntegerField(default=0, help_text="Seats known by the end of the hour.")
    taken_peak = models.PositiveIntegerField(default=0, help_text="Most sessions open at once in the hour.")
    taken_seconds = models.PositiveIntegerField(default=0, help_text="Seat-seconds taken; / 3600 is the mean taken.")
    people = models.PositiveIntegerField(default=0, help_text="Distinct users seated during the hour.")

    class Meta:
        ordering = ["campus", "cluster", "hour"]
        constraints = [
            models.UniqueConstraint(fields=["campus", "cluster", "hour"], name="occupancyhour_unique"),
        ]

    def __str__(self):
        return f"{self.campus_id}/{self.cluster or 'all'} {self.hour:%Y-%m-%d %H}h: {self.taken_peak}"


class GraphAnswer(models.Model):
    """One answer of the intra's projects_users graph endpoint, kept with the time it was fetched."""

    query = models.CharField(max_length=1000, unique=True, help_text="The canonical query: field, interval, filters.")
    counts = models.JSONField(default=dict, help_text="The API's answer: period key -> count.")
    fetched_at = models.DateTimeField(null=True, blank=True)
    requested_at = models.DateTimeField(null=True, blank=True, help_text="When a refresh was last enqueued.")
    last_error = models.TextField(blank=True)

    def __str__(self):
        return self.query


class Pool(models.Model):
    id = models.PositiveIntegerField(primary_key=True)
    campus_id = models.PositiveIntegerField(null=True, blank=True)
    cursus_id = models.PositiveIntegerField(null=True, blank=True)
    current_points = models.IntegerField(default=0)
    max_points = models.IntegerField(default=0)
    synced_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"pool {self.id}"


class PoolPoints(models.Model):
    """A pool's points as seen at one sync, so that points can be charted over time."""

    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="points")
    seen_at = models.DateTimeField()
    current_points = models.IntegerField()

    class Meta:
        ordering = ["pool", "seen_at"]
        indexes = [models.Index(fields=["pool", "seen_at"], name="poolpoints_pool_time")]

    def __str__(self):
        return f"{self.pool_id}: {self.current_points} at {self.seen_at:%Y-%m-%d %H:%M}"


class Balance(models.Model):
    id = models.PositiveIntegerField(primary_key=True)
    pool_id = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    begin_at = models.DateTimeField(null=True, blank=True)
    end_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-begin_at"]

    def __str__(self):
        return f"balance {self.id} of pool {self.pool_id}"


class Project(models.Model):
    id = models.PositiveIntegerField(primary_key=True)
    name = models.CharField(max_length=200)
    slug = models.CharField(max_length=200, blank=True)
    parent_id = models.PositiveIntegerField(null=True, blank=True)
    exam = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ProjectSession(models.Model):
    id = models.PositiveIntegerField(primary_key=True)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="sessions")
    campus_id = models.PositiveIntegerField(null=True, blank=True, help_text="Null: every campus.")
    cursus_id = models.PositiveIntegerField(null=True, blank=True, help_text="Null: every cursus.")
    begin_at = models.DateTimeField(null=True, blank=True)
    end_at = models.DateTimeField(null=True, blank=True)
    solo = models.BooleanField(default=False)
    max_people = models.PositiveIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["begin_at"]
        indexes = [models.Index(fields=["campus_id", "begin_at"], name="projectsession_campus_time")]

    def __str__(self):
        return f"session {self.id} of {self.project_id}"


class SyncState(models.Model):
    """Where one feed stands for one campus (campus_id 0: the feed runs for all campuses at once)."""

    feed = models.CharField(max_length=40)
    campus_id = models.PositiveIntegerField(default=0)
    watermark = models.DateTimeField(null=True, blank=True, help_text="Everything up to here is committed.")
    cursor = models.JSONField(default=dict, blank=True, help_text="Where a long run (a backfill) resumes.")
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    needs_role = models.CharField(max_length=100, blank=True, help_text="Set when the API refused for a role.")
    requests_spent = models.PositiveIntegerField(default=0, help_text="API requests of the last run.")
    rows_changed = models.PositiveIntegerField(default=0, help_text="Rows written by the last run.")
    failures = models.PositiveIntegerField(default=0, help_text="Failed runs, whatever the error, since it began.")

    class Meta:
        ordering = ["feed", "campus_id"]
        constraints = [models.UniqueConstraint(fields=["feed", "campus_id"], name="syncstate_unique_feed")]

    def __str__(self):
        return f"{self.feed}@{self.campus_id or 'all'}"


class ApiUsage(models.Model):
    """Requests the client sent in one hour, by endpoint and answer (a status code or a network error)."""

    hour = models.DateTimeField()
    endpoint = models.CharField(max_length=100)
    status = models.CharField(max_length=40)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-hour", "endpoint", "status"]
        constraints = [models.UniqueConstraint(fields=["hour", "endpoint", "status"], name="apiusage_unique")]

    def __str__(self):
        return f"{self.hour:%Y-%m-%d %H}h {self.endpoint} {self.status}: {self.count}"


class ApiQuota(models.Model):
    """The rate-limit headers of the API's last answer (one row)."""

    seen_at = models.DateTimeField()
    headers = models.JSONField(default=dict)

    def __str__(self):
        return f"quota seen {self.seen_at:%Y-%m-%d %H:%M:%S}"


class DisplayQuerySet(models.QuerySet):
    def enabled(self):
        return self.filter(revoked_at__isnull=True)


class Display(models.Model):
    """A wall display: a screen that shows one campus's clusters with a revocable token instead of a login."""

    THEMES = [("dark", _("Dark")), ("light", _("Light"))]

    name = models.CharField(max_length=100)
    campus = models.ForeignKey(Campus, on_delete=models.CASCADE, related_name="displays")
    clusters = models.JSONField(default=list, blank=True, help_text="Cluster names in the order shown; empty: all.")
    rotate_seconds = models.PositiveIntegerField(default=20)
    theme = models.CharField(max_length=10, choices=THEMES, default="dark")
    show_logins = models.BooleanField(default=False, help_text="Off: seats show only taken or free.")
    token_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the token; the token is not kept.")
    created_by = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField()
    last_contact_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = DisplayQuerySet.as_manager()

    class Meta:
        ordering = ["campus", "name"]

    def __str__(self):
        return self.name


class WebhookDelivery(models.Model):
    """A webhook delivery taken in, by its X-Delivery id: a repeat changes nothing, a destroy stays final."""

    delivery = models.CharField(max_length=100, unique=True, help_text="The intra's X-Delivery header.")
    event = models.CharField(max_length=20, help_text="create, close or destroy.")
    location_id = models.BigIntegerField()
    received_at = models.DateTimeField()

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["location_id", "event"], name="webhookdelivery_location")]

    def __str__(self):
        return f"{self.event} of location {self.location_id} ({self.delivery})"


class Forecast(models.Model):
    """Seats taken forecast for one hour of a cluster ("" the whole campus): median and 80 % band.

    "latest" rows are the newest forecast of the hours ahead, rewritten every hour; "day" rows are the
    forecast of a local day as it stood at that day's midnight, kept so that staff can judge it afterwards.
    """

    ISSUES = [("latest", "latest"), ("day", "made at the day's midnight")]

    campus = models.ForeignKey(Campus, on_delete=models.CASCADE, related_name="forecasts")
    cluster = models.CharField(max_length=50, blank=True, help_text='"" is the whole campus.')
    issue = models.CharField(max_length=10, choices=ISSUES)
    hour = models.DateTimeField(help_text="Start of the hour forecast (UTC).")
    made_at = models.DateTimeField(help_text="The moment the forecast was made for: it saw no data after it.")
    seats = models.PositiveIntegerField(help_text="The cluster's seats when the forecast was made.")
    p10 = models.FloatField(help_text="Seats taken at peak: 10 % chance of fewer.")
    p50 = models.FloatField(help_text="Seats taken at peak: the median.")
    p90 = models.FloatField(help_text="Seats taken at peak: 10 % chance of more.")

    class Meta:
        ordering = ["campus", "cluster", "issue", "hour"]
        constraints = [
            models.UniqueConstraint(fields=["campus", "cluster", "issue", "hour"], name="forecast_unique"),
        ]

    def __str__(self):
        return f"{self.campus_id}/{self.cluster or 'all'} {self.hour:%Y-%m-%d %H}h ({self.issue}): {self.p50:.0f}"


class ApiSurprise(models.Model):
    """A field the intra sent that no real answer we checked against had: recorded once per endpoint and field.

    Only the JSON type of its first value is kept, never the value: a new field may well be personal.
    """

    endpoint = models.CharField(max_length=100, help_text="e.g. /v2/locations; nested fields are user.name.")
    field = models.CharField(max_length=200)
    json_type = models.CharField(max_length=20, help_text="The JSON type of the first value seen.")
    first_seen = models.DateTimeField()

    class Meta:
        ordering = ["endpoint", "field"]
        constraints = [models.UniqueConstraint(fields=["endpoint", "field"], name="apisurprise_unique")]

    def __str__(self):
        return f"{self.endpoint}: {self.field} ({self.json_type})"


class ClusterDrawing(models.Model):
    """The intra's own drawn plan of a cluster (/v2/clusters and its SVG) and what became of it here.

    plan: the cluster as the latest readable drawing draws it (the layout format); applied: as it was last
    put into a layout version, so that a version staff edited since is told apart and never replaced silently.
    """

    IMPORTED, WAITING, KEPT = "imported", "waiting", "kept"
    STATES = [(IMPORTED, "in the layout"), (WAITING, "changed: waits for staff"), (KEPT, "staff kept their own")]

    id = models.PositiveIntegerField(primary_key=True, help_text="The intra cluster id.")
    campus = models.ForeignKey(Campus, on_delete=models.CASCADE, related_name="cluster_drawings")
    name = models.CharField(max_length=100, help_text="As the intra names it.")
    cdn_link = models.CharField(max_length=500)
    etag = models.CharField(max_length=200, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    digest = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the drawing last read.")
    checked_at = models.DateTimeField(null=True, blank=True, help_text="When the CDN last answered.")
    changed_at = models.DateTimeField(null=True, blank=True, help_text="When the drawing last changed.")
    cluster = models.CharField(max_length=50, blank=True, help_text="The cluster its seats' hosts name.")
    plan = models.JSONField(null=True, blank=True)
    applied = models.JSONField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=STATES, blank=True)
    refused = models.CharField(max_length=300, blank=True, help_text="Why the latest drawing was not taken.")
    decided_by = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["campus", "name"]

    def __str__(self):
        return f"{self.name} ({self.campus_id})"
