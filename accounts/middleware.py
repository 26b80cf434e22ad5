from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import JsonResponse

# Paths that answer data (every JSON and CSV route ends so): an anonymous request gets 401, not a redirect.
DATA_SUFFIXES = (".json", ".csv")


def is_data_request(path):
    return path.endswith(DATA_SUFFIXES)


class StaffRequiredMiddleware(LoginRequiredMiddleware):
    """Every view needs a signed-in staff member unless it is marked @login_not_required.

    Only staff can hold a session (the sign-in refuses everyone else), so signed in means staff.
    """

    def handle_no_permission(self, request, view_func):
        if is_data_request(request.path):
            return JsonResponse({"error": "sign-in required"}, status=401)
        return super().handle_no_permission(request, view_func)
