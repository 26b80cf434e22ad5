from allauth.socialaccount.providers.base import ProviderAccount
from allauth.socialaccount.providers.oauth2.provider import OAuth2Provider

from accounts.intra42.views import Intra42OAuth2Adapter
from occupancy.sync.normalise import avatar_of


class Intra42Account(ProviderAccount):
    def get_avatar_url(self):
        return avatar_of(self.account.extra_data) or None

    def get_profile_url(self):
        return f"https://profile.intra.42.fr/users/{self.account.extra_data.get('login')}"

    def to_str(self):
        return self.account.extra_data.get("login") or super().to_str()


class Intra42Provider(OAuth2Provider):
    id = "intra42"
    name = "42"
    account_class = Intra42Account
    oauth2_adapter_class = Intra42OAuth2Adapter

    def extract_uid(self, data):
        return str(data["id"])

    def extract_common_fields(self, data):
        return {
            "username": data.get("login"),
            "email": data.get("email"),
            "first_name": data.get("first_name") or "",
            "last_name": data.get("last_name") or "",
        }

    def get_default_scope(self):
        return ["public"]


provider_classes = [Intra42Provider]
