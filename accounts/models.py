from django.conf import settings
from django.db import models


class StaffProfile(models.Model):
    """What the intra says of a staff member, refreshed at each sign-in."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile")
    intra_id = models.PositiveIntegerField(unique=True)
    login = models.CharField(max_length=64)
    display_name = models.CharField(max_length=200, blank=True)
    avatar_url = models.URLField(max_length=500, blank=True)
    campus_ids = models.JSONField(default=list, blank=True)
    signed_in_at = models.DateTimeField()

    class Meta:
        ordering = ["login"]

    def __str__(self):
        return self.login
