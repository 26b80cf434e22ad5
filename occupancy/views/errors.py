"""Bad input answers: a 400 page (or JSON) with a one-line reason."""

from django.http import JsonResponse
from django.shortcuts import render


def bad_request(request, reason, *, status=400):
    return render(request, "error.html", {"status": status, "reason": reason}, status=status)


def json_error(reason, *, status=400):
    return JsonResponse({"error": reason}, status=status)
