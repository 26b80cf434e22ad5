from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.shortcuts import render

from accounts.access import refusal


class StaffSocialAccountAdapter(DefaultSocialAccountAdapter):
    """Applies the access rule at every sign-in, before any session is made."""

    def pre_social_login(self, request, sociallogin):
        reason = refusal(sociallogin.account.extra_data, staff_logins=settings.STAFF_LOGINS,
                         staff_campus_ids=settings.STAFF_CAMPUS_IDS)
        if reason:
            request.session.flush()
            raise ImmediateHttpResponse(render(request, "accounts/refused.html", {"reason": reason}, status=403))

    def is_open_for_signup(self, request, sociallogin):
        return True  # whoever passed pre_social_login is staff
