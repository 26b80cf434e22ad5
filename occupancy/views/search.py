"""The search box's suggestions while one types: the top logins beginning with what is typed, seated first."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from occupancy.forms import SearchForm, first_error
from occupancy.read.logins import logins_starting_with
from occupancy.views.errors import json_error


@require_GET
def suggestions(request):
    form = SearchForm(request.GET)
    if not form.is_valid():
        return json_error(first_error(form))
    return JsonResponse({"suggestions": [
        {"login": match.login, "seat": match.seated.seat.host if match.seated else ""}
        for match in logins_starting_with(form.cleaned_data["login"])]})
