from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2Adapter, OAuth2CallbackView, OAuth2LoginView
from django.conf import settings

from occupancy.sync.surprises import note_surprises


class Intra42OAuth2Adapter(OAuth2Adapter):
    """The intra's OAuth2 endpoints, under INTRA_API_URL: the real API or the simulator, nothing else differs."""

    provider_id = "intra42"

    @property
    def access_token_url(self):
        return f"{settings.INTRA_API_URL}/oauth/token"

    @property
    def authorize_url(self):
        return f"{settings.INTRA_API_URL}/oauth/authorize"

    @property
    def profile_url(self):
        return f"{settings.INTRA_API_URL}/v2/me"

    def complete_login(self, request, app, token, **kwargs):
        with get_adapter().get_requests_session() as session:
            response = session.get(self.profile_url, headers={"Authorization": f"Bearer {token.token}"}, timeout=15)
        if response.status_code != 200:
            raise OAuth2Error(f"the intra answered {response.status_code} for the profile")
        try:
            profile = response.json()
        except ValueError:
            raise OAuth2Error("the intra's profile is not JSON") from None
        if not isinstance(profile, dict) or "id" not in profile or "login" not in profile:
            raise OAuth2Error("the intra's profile lacks an id or a login")
        note_surprises("/v2/me", [profile])
        return self.get_provider().sociallogin_from_response(request, profile)


oauth2_login = OAuth2LoginView.adapter_view(Intra42OAuth2Adapter)
oauth2_callback = OAuth2CallbackView.adapter_view(Intra42OAuth2Adapter)
