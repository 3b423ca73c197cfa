"""PDFs with WeasyPrint, for every app: the markings at the top and bottom of every page
come from the template's own @page rules. Every PDF is tagged to PDF/UA-1, so a screen
reader can follow it: its title and language come from the template's <title> and
<html lang>. (WeasyPrint's chatter is quietened in the LOGGING setting.)"""

from django.http import HttpResponse


def render_pdf(html: str) -> bytes:
    # Imported when first needed: it is slow to load, and the rest of the portal runs
    # even where its system libraries (Pango) are missing.
    from weasyprint import HTML

    # The template carries its own styles and fetches nothing: no base_url.
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def pdf_response(pdf: bytes, *, filename: str) -> HttpResponse:
    """A PDF to save, not to open inside the portal's tab, and never kept by a cache."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
