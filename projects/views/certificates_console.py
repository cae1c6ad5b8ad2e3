"""The organizers' certificates of an edition or event: choose a rule, see who meets it, issue in bulk, and
revoke one."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from challenges.models import Challenge
from challenges.views.console import console_challenge_or_404, render_console
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.pagination import paginate
from innovation_platform.core.permissions import require
from projects.forms.certificates import CertificateRevokeForm, CertificateRuleForm
from projects.models import CertificateKind
from projects.selectors.certificates import (
    certificate_by_code,
    certificate_candidate_counts,
    certificate_candidates,
    challenge_certificates,
)
from projects.services.certificates import certificate_revoke, certificate_rule_check, certificates_issue

PAGE_SIZE = 50
DEFAULT_RULE = {"kind": CertificateKind.PARTICIPANT, "min_days": 1}


def _challenge(request, slug: str) -> Challenge:
    return console_challenge_or_404(request, slug, "projects.issue_certificates")


@login_required
@require_GET
def certificates_view(request, slug):
    """The rule chosen in the address, who meets it (how many, and a page of them), and the button to issue."""
    challenge = _challenge(request, slug)
    form = CertificateRuleForm(request.GET if "kind" in request.GET else DEFAULT_RULE)
    rule = form.rule()
    if rule is not None:
        try:
            certificate_rule_check(rule)
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            rule = None
    context = {"form": form, "rule": rule}
    if rule is not None:
        candidates = certificate_candidates(challenge, rule)
        context["counts"] = certificate_candidate_counts(candidates)
        context["page"] = paginate(request, candidates, PAGE_SIZE)
        context["rule_query"] = urlencode(rule.as_dict())
    return render_console(request, "projects/certificates/console.html", challenge, step="certificates", **context)


@login_required
@require_POST
def certificates_issue_view(request, slug):
    """Issue to everyone who meets the rule and has no certificate yet, or to the ticked people only."""
    challenge = _challenge(request, slug)
    form = CertificateRuleForm(request.POST)
    rule = form.rule()
    back = reverse("console_certificates:list", args=[slug])
    if rule is None:
        messages.error(request, _("Choose which certificate to issue, and its rule."))
        return redirect(back)
    back = f"{back}?{urlencode(rule.as_dict())}"
    user_ids = None
    if request.POST.get("scope") == "chosen":
        chosen = request.POST.getlist("person")
        if not chosen or not all(value.isdigit() and len(value) < 19 for value in chosen):  # ids fit in 64 bits
            messages.error(request, _("Tick the people to issue the certificate to."))
            return redirect(back)
        user_ids = [int(value) for value in chosen]
    try:
        outcome = certificates_issue(challenge=challenge, rule=rule, actor=request.user, user_ids=user_ids)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(back)
    if outcome.issued:
        messages.success(
            request,
            ngettext("%(count)s certificate issued.", "%(count)s certificates issued.", outcome.issued)
            % {"count": outcome.issued},
        )
    elif outcome.queued:
        messages.success(
            request,
            ngettext(
                "%(count)s certificate is being issued; reload this page in a minute.",
                "%(count)s certificates are being issued; reload this page in a minute.",
                outcome.queued,
            )
            % {"count": outcome.queued},
        )
    else:
        messages.info(request, _("Everyone chosen already has this certificate; nothing was issued twice."))
    return redirect(back)


@login_required
@require_GET
def certificates_issued_view(request, slug):
    challenge = _challenge(request, slug)
    kind = request.GET.get("kind", "")
    if kind not in CertificateKind.values:
        kind = ""
    return render_console(
        request,
        "projects/certificates/issued.html",
        challenge,
        step="certificates",
        kinds=CertificateKind.choices,
        kind=kind,
        page=paginate(request, challenge_certificates(challenge, kind=kind), PAGE_SIZE),
    )


@login_required
def certificate_revoke_view(request, slug, code):
    challenge = _challenge(request, slug)
    certificate = certificate_by_code(code)
    if certificate is None or certificate.challenge_id != challenge.pk:
        raise Http404
    require(request.user, "projects.revoke_certificate", certificate)
    form = CertificateRevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificate_revoke(certificate=certificate, actor=request.user, reason=form.cleaned_data["reason"])
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The certificate was revoked; its verification page says so."))
            return redirect("console_certificates:issued", slug=slug)
    return render_console(
        request,
        "projects/certificates/revoke.html",
        challenge,
        step="certificates",
        certificate=certificate,
        form=form,
        status=400 if form.errors else 200,
    )
