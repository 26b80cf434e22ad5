from allauth.socialaccount.providers.oauth2.urls import default_urlpatterns

from accounts.intra42.provider import Intra42Provider

urlpatterns = default_urlpatterns(Intra42Provider)
