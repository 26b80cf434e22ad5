"""The intra's webhook deliveries: check the secret, parse, hand to sync, answer. Nothing else here."""

import hmac

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from occupancy.sync import webhooks


def _secret_matches(given, event):
    """Constant time: compare_digest takes as long whatever prefix of the secret is right."""
    wanted = [webhooks.secret_for(event)] if event in webhooks.EVENTS else [
        webhooks.secret_for(known) for known in webhooks.EVENTS]
    # Every configured secret is compared, so the time does not tell which one (if any) matched.
    matches = [hmac.compare_digest(given.encode(), secret.encode()) for secret in wanted if secret]
    return any(matches)


def _answer(outcome, status, message=None):
    webhooks.record_outcome(outcome)
    body = {"outcome": outcome} if message is None else {"outcome": outcome, "error": message}
    return JsonResponse(body, status=status)


@csrf_exempt
@login_not_required
@require_POST
def intra_webhook(request):
    if not webhooks.is_enabled():
        raise Http404("webhooks are not configured")
    model, event = request.headers.get("X-Model", ""), request.headers.get("X-Event", "")
    if not _secret_matches(request.headers.get("X-Secret", ""), event):
        return _answer("rejected_secret", 403, "wrong or missing X-Secret")
    if model != webhooks.MODEL or event not in webhooks.EVENTS:
        return _answer("ignored", 202, f"not a location event: {model or '-'}/{event or '-'}")
    delivery_id = request.headers.get("X-Delivery", "")
    if not delivery_id or len(delivery_id) > 100:
        return _answer("rejected_body", 400, "the X-Delivery header is missing or too long")
    length = request.headers.get("Content-Length") or "0"
    if not length.isdigit() or int(length) > webhooks.MAX_BODY_BYTES:
        return _answer("rejected_body", 400, f"the body is over {webhooks.MAX_BODY_BYTES} bytes")
    try:
        item = webhooks.parse_body(request.body)
        webhooks.check_item(event, item)
    except webhooks.BadDelivery as error:
        return _answer("rejected_body", 400, str(error))
    outcome = webhooks.take_delivery(delivery_id, event, item)
    return _answer(outcome, 200)
