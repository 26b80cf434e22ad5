"""The application's OAuth2 token (client_credentials), cached where every worker shares it."""

import hashlib
import time

# Renew this long before the token expires, so no request goes out with a token about to die.
RENEW_MARGIN = 300


class TokenStore:
    """Keeps one token in a Django cache (Redis in production; in-process on the demo's default).

    The key names the API and the application, so pointing the settings elsewhere never reuses a token.
    """

    def __init__(self, cache, *, api_url="", client_id="", clock=time.time):
        self.cache = cache
        self.clock = clock
        digest = hashlib.sha256(f"{api_url}|{client_id}".encode()).hexdigest()[:16]
        self.key = f"occupancy:intra:token:{digest}"

    def get(self):
        entry = self.cache.get(self.key)
        if entry and entry["expires_at"] - RENEW_MARGIN > self.clock():
            return entry["access_token"]
        return None

    def put(self, access_token, expires_in):
        entry = {"access_token": access_token, "expires_at": self.clock() + expires_in}
        self.cache.set(self.key, entry, timeout=max(int(expires_in) - RENEW_MARGIN, 1))

    def discard(self, access_token):
        """Forget the token after a 401, unless another worker already put a new one."""
        entry = self.cache.get(self.key)
        if entry and entry["access_token"] == access_token:
            self.cache.delete(self.key)
