"""Finding a login by its beginning, as the search box suggests while one types: those seated now first."""

from dataclasses import dataclass

from django.db.models import Count, Max, Q

from occupancy.models import Location

SUGGESTIONS = 8


@dataclass
class LoginMatch:
    login: str
    seated: object = None  # the open Location where they sit now, else None


def logins_starting_with(text, *, limit=SUGGESTIONS):
    """Logins beginning with text, whatever the case: seated now first, then the most recently seen. Two queries."""
    found = list(Location.objects.filter(login__istartswith=text).values("login")
                 .annotate(open=Count("id", filter=Q(end_at__isnull=True)), last_begin=Max("begin_at"))
                 .order_by("-open", "-last_begin", "login")[:limit])
    seated = {location.login: location for location in Location.objects.active().select_related("seat", "campus")
              .filter(login__in=[row["login"] for row in found if row["open"]]).order_by("begin_at")}
    return [LoginMatch(row["login"], seated.get(row["login"])) for row in found]
