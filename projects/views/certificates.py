"""Certificates for their holders and for anyone checking one: the public verification page, the holder's list and
the PDF download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from innovation_platform.core.pagination import paginate
from innovation_platform.core.permissions import require
from projects.certificate_document import certificate_pdf, certificate_wording
from projects.selectors.certificates import certificate_by_code, certificates_of

MINE_PAGE_SIZE = 20


@require_GET
def certificate_verify(request, code):
    """Who, what and when, for anyone holding the code; an unknown code is a 404 that says the code is not valid."""
    certificate = certificate_by_code(code)
    if certificate is None:
        return render(request, "projects/certificates/unknown.html", {"code": code[:40]}, status=404)
    with timezone.override(certificate.challenge.tzinfo):
        return render(
            request,
            "projects/certificates/verify.html",
            {"certificate": certificate, "wording": certificate_wording(certificate)},
        )


@login_required
@require_GET
def my_certificates(request):
    return render(
        request,
        "projects/certificates/mine.html",
        {"page": paginate(request, certificates_of(request.user), MINE_PAGE_SIZE)},
    )


@login_required
@require_GET
def certificate_download(request, code):
    """The PDF for its holder, the edition's organizers and staff; a revoked one is no longer given."""
    certificate = certificate_by_code(code)
    if certificate is None:
        raise Http404
    require(request.user, "projects.download_certificate", certificate)
    if certificate.is_revoked:
        messages.error(request, _("This certificate was revoked, so it can no longer be downloaded."))
        return redirect(certificate)
    response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
