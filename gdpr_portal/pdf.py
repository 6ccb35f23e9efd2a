"""PDF documents: the portal's own frozen, sanitised HTML printed with WeasyPrint."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe


def render_pdf(*, html: str, title: str, language: str) -> bytes:
    """Print `html` (ours, never a user's raw markup) with a running header, page numbers and
    embedded fonts, tagged for assistive technology (PDF/UA)."""
    from weasyprint import HTML  # heavy: loaded by the processes that print, not by every one

    stylesheet = finders.find("css/print.css")
    with translation.override(language):
        page = render_to_string(
            "pdf/document.html",
            {
                "document": mark_safe(html),  # noqa: S308 - our own frozen, sanitised HTML
                "title": title,
                "stylesheet_url": f"file://{stylesheet}",
                "lang": language,
            },
        )
    return HTML(string=page, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")
