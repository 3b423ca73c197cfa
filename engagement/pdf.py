"""PDFs with WeasyPrint: markings at the top and bottom of every page come from the
template's @page rules."""

import logging

# WeasyPrint reports each step of every render at INFO.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported when first needed: it is slow to load

    # The template carries its own styles and fetches nothing: no base_url.
    return HTML(string=html).write_pdf()
