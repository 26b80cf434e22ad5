from allauth.account.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone

from accounts.access import campus_ids_of
from accounts.models import StaffProfile
from occupancy.sync.normalise import avatar_of


@receiver(user_logged_in)
def keep_staff_profile(request, user, sociallogin=None, **kwargs):
    """Store the intra id, login, name, avatar and campuses the intra gave at this sign-in."""
    if sociallogin is None:
        return
    profile = sociallogin.account.extra_data
    StaffProfile.objects.update_or_create(user=user, defaults={
        "intra_id": profile["id"],
        "login": profile["login"],
        "display_name": profile.get("displayname") or profile.get("usual_full_name") or "",
        "avatar_url": avatar_of(profile),
        "campus_ids": sorted(campus_ids_of(profile)),
        "signed_in_at": timezone.now(),
    })
