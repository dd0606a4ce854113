"""The patient's private status page, reached through the link in their e-mail.

The link's token is moved into the session at once and the browser is redirected to /status/,
so the token never stays in the address bar, history or Referer headers.
"""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from intake.models import EvaluationRequest, hash_token
from intake.views.intake import STATUS_SESSION_KEY

TOKEN_LENGTH = 43  # secrets.token_urlsafe(32)


@require_http_methods(["GET"])
def status_link(request, token):
    """Unknown, mutated, truncated and expired tokens all get the same 404."""
    if (
        len(token) != TOKEN_LENGTH
        or not EvaluationRequest.objects.with_status_token(token).exists()
    ):
        raise Http404
    allowed = request.session.get(STATUS_SESSION_KEY, [])
    token_hash = hash_token(token)
    if token_hash not in allowed:
        allowed.append(token_hash)
    request.session[STATUS_SESSION_KEY] = allowed
    return redirect("intake:status")


def requests_for_session(request):
    hashes = request.session.get(STATUS_SESSION_KEY, [])
    return (
        EvaluationRequest.objects.filter(
            status_token_hash__in=hashes, status_token_expires_at__gt=timezone.now()
        )
        .select_related("symptoms")
        .order_by("-submitted_at")
    )


@require_http_methods(["GET"])
def status_page(request):
    evaluation_requests = list(requests_for_session(request))
    if not evaluation_requests:
        raise Http404
    show_crisis = any(item.symptoms.item9 > 0 for item in evaluation_requests)
    return render(
        request,
        "intake/status.html",
        {"evaluation_requests": evaluation_requests, "show_crisis": show_crisis},
    )
