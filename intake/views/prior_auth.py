"""The prior-authorization packet from the staff request page: a clinician generates it for a
payer's rule set and attests it; staff download an attested version (each step audited)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST, require_safe

from intake.forms.staff import PacketAttestationForm
from intake.models import EvaluationRequest, PayerRuleSet, PriorAuthPacket
from intake.security import access
from intake.security.access import staff_member_required, staff_permission_required
from intake.services import prior_auth

CLINICIAN_PERMISSION = "intake.record_outcome"


def _packet(request, reference: str, packet_id: int) -> PriorAuthPacket:
    evaluation_request = access.get_request_for_staff(
        request, reference, queryset=EvaluationRequest.objects.all()
    )
    found = PriorAuthPacket.objects.filter(request=evaluation_request, pk=packet_id).first()
    if found is None:
        raise Http404
    return found


@staff_member_required
@staff_permission_required(CLINICIAN_PERMISSION)
@require_POST
def packet_generate(request, reference):
    evaluation_request = access.get_request_for_staff(request, reference)
    rule_set = PayerRuleSet.objects.filter(pk=_int(request.POST.get("rule_set"))).first()
    if rule_set is None:
        messages.error(request, "Choose a payer rule set for the packet.")
    else:
        packet = prior_auth.generate_packet(
            request=evaluation_request, rule_set=rule_set, actor=request.user, http_request=request
        )
        messages.success(
            request,
            f"Packet version {packet.version} for {rule_set.name} is ready: review and attest it.",
        )
    return redirect(f"/staff/requests/{evaluation_request.reference}/#prior-auth")


@staff_member_required
@staff_permission_required(CLINICIAN_PERMISSION)
@require_POST
def packet_attest(request, reference, packet_id):
    packet = _packet(request, reference, packet_id)
    form = PacketAttestationForm(request.POST)
    if packet.is_attested:
        messages.info(request, "This version is already attested.")
    elif form.is_valid():
        prior_auth.attest_packet(
            packet=packet,
            name=form.cleaned_data["name"],
            credentials=form.cleaned_data["credentials"],
            on=form.cleaned_data["on"],
            actor=request.user,
            http_request=request,
        )
        messages.success(request, f"Packet version {packet.version} attested.")
    else:
        errors = "; ".join(f"{name}: {' '.join(e)}" for name, e in form.errors.items())
        messages.error(
            request, f"The attestation needs your name, credentials and date ({errors})."
        )
    return redirect(f"/staff/requests/{packet.request.reference}/#prior-auth")


@staff_member_required
@require_safe
def packet_download(request, reference, packet_id):
    packet = _packet(request, reference, packet_id)
    try:
        pdf = prior_auth.packet_for_download(
            packet=packet, actor=request.user, http_request=request
        )
    except prior_auth.NotAttested:
        raise Http404 from None
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{packet.request.reference}-prior-auth-v{packet.version}.pdf"'
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "no-store, private"
    return response


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1
