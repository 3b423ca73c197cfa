"""PDFs with WeasyPrint, for every app: the markings at the top and bottom of every page
come from the template's own @page rules. (WeasyPrint's chatter is quietened in the
LOGGING setting.)"""


def render_pdf(html: str) -> bytes:
    # Imported when first needed: it is slow to load, and the rest of the portal runs
    # even where its system libraries (Pango) are missing.
    from weasyprint import HTML

    # The template carries its own styles and fetches nothing: no base_url.
    return HTML(string=html).write_pdf()
