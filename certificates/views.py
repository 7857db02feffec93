"""The certificate's download for a city's coordinators (and staff who may view member records), and the public
check its QR code leads to."""

import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from members.models import City
from members.selectors import city_coordinated_by

from .services import certificate_by_code, certificate_language, certificate_of

# What new_certificate_code() makes, with room to spare: anything else is unknown without asking the database
# (which refuses a NUL byte in a text parameter).
CODE_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")


@login_required
@require_GET
def certificate_download(request: HttpRequest, slug: str, paper: str) -> HttpResponse:
    # fpdf2 (with fontTools) is some 50 MB in each process: loaded by the first download, not by every web worker.
    from .pdf import PAPER_SIZES, certificate_pdf

    if paper not in PAPER_SIZES:
        raise Http404
    if request.user.is_staff and request.user.has_perm("members.view_city"):
        city = get_object_or_404(City, slug=slug)
    else:
        city = city_coordinated_by(request.user, slug)
    certificate = certificate_of(city=city)
    document = certificate_pdf(certificate, paper=paper, language=certificate_language(request.user))
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{city.slug}-{paper}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    certificate = certificate_by_code(code) if CODE_PATTERN.fullmatch(code) else None
    if certificate is None:
        return render(request, "certificates/unknown.html", status=404)
    context = {"certificate": certificate, "city": certificate.city}
    return render(request, "certificates/verify.html", context)
