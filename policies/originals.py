"""A controller's own policy text, kept as it was published: plain text, Markdown or HTML turned
into the portal's sanitised HTML without changing a word.

Plain text is given structure conservatively: blank lines separate blocks; a block of one short
line that does not end a sentence is a heading; lines that start with a bullet mark are list
items; every other line stays in its paragraph as written (its numbers included: "Чл. 12.",
"1.03" are the controller's words, not list markup). Markdown and HTML pass through the same
nh3 allow-list as the editors' text (rendering.py), with heading levels kept below the page's
title; scripts, styles and attributes outside the list never reach a page.
"""

import re
from html import escape, unescape

import markdown
import nh3
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .choices import SourceFormat
from .diff import html_blocks
from .rendering import ALLOWED_ATTRIBUTES, ALLOWED_TAGS

ORIGINAL_TAGS = ALLOWED_TAGS | {"h2", "h6"}

_BLANK = re.compile(r"\n[^\S\n]*\n")
_BULLET = re.compile(r"^\s*[•·▪◦‣●○■\-*–—]\s+")
_NUMBERED = re.compile(r"^(?:[IVXLC]+|\d+)(?:\.(?:[IVXLC]+|\d+))*\.?\s+\S")
_SUBLEVEL = re.compile(r"^(?:[IVXLC]+|\d+)\.(?:[IVXLC]+|\d+)")
_SENTENCE_END = ".,;:!?…"
_H1 = re.compile(r"<(/?)h1\b", re.IGNORECASE)
HEADING_MAX = 120


def _is_heading(line: str) -> bool:
    text = line.strip()
    if not text or len(text) > HEADING_MAX or text[-1] in _SENTENCE_END:
        return False
    if "@" in text or "://" in text or _BULLET.match(text):
        return False
    return bool(_NUMBERED.match(text)) or text[0].isupper()


def _heading(line: str) -> str:
    text = line.strip()
    tag = "h3" if _SUBLEVEL.match(text) else "h2"
    return f"<{tag}>{escape(text, quote=False)}</{tag}>"


def _block(lines: list[str]) -> list[str]:
    """One block of text: runs of bulleted lines become a list, the other lines a paragraph
    with their line breaks kept."""
    out: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []

    def flush_paragraph():
        if paragraph:
            out.append("<p>" + "<br>\n".join(paragraph) + "</p>")
            paragraph.clear()

    def flush_items():
        if items:
            out.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
            items.clear()

    for line in lines:
        if _BULLET.match(line):
            flush_paragraph()
            items.append(escape(_BULLET.sub("", line, count=1).strip(), quote=False))
        else:
            flush_items()
            paragraph.append(escape(line.strip(), quote=False))
    flush_paragraph()
    flush_items()
    return out


def text_to_html(text: str) -> str:
    """Plain text as headings, paragraphs and lists, every word as written."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    parts: list[str] = []
    for block in _BLANK.split(normalised):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if len(lines) == 1 and _is_heading(lines[0]):
            parts.append(_heading(lines[0]))
        else:
            parts.extend(_block(lines))
    return "\n".join(parts)


def _clean(html: str) -> str:
    return nh3.clean(
        _H1.sub(r"<\1h2", html),
        tags=ORIGINAL_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def original_html(text: str, source_format: str) -> str:
    """The sanitised HTML body of an imported policy. Raises ValidationError when the format
    is unknown or nothing readable is left (an empty file, or markup with no text)."""
    if source_format == SourceFormat.TEXT:
        html = text_to_html(text or "")
    elif source_format == SourceFormat.MARKDOWN:
        html = markdown.markdown(text or "", extensions=["sane_lists", "tables"])
    elif source_format == SourceFormat.HTML:
        html = text or ""
    else:
        raise ValidationError(
            _("Unknown format “%(format)s”: use text, markdown or html.")
            % {"format": source_format},
            code="format",
        )
    clean = _clean(html)
    if not html_blocks(clean) and not _has_text(clean):
        raise ValidationError(_("The policy text is empty."), code="empty")
    return clean


def _has_text(html: str) -> bool:
    return bool(nh3.clean(html, tags=set()).strip())


def first_heading(html: str) -> str:
    match = re.search(r"<h[2-6]>(.*?)</h[2-6]>", html, re.DOTALL)
    if match is None:
        return ""
    return unescape(nh3.clean(match.group(1), tags=set())).strip()[:255]


def render_original_html(*, version, body: str, controller: dict) -> str:
    """The frozen document of an imported version, in its language: the portal's header (who,
    which version, the date as stated) around the controller's own text."""
    with translation.override(version.language):
        return render_to_string(
            "policies/includes/_original.html",
            {
                "version": version,
                "controller": controller,
                "body": mark_safe(body),  # noqa: S308 - sanitised by nh3 above
            },
        )


def version_text(version) -> str:
    """A version as plain text: an imported plain-text original exactly as it was given,
    anything else block by block from its HTML."""
    if version.is_imported and version.original_format == SourceFormat.TEXT:
        return version.original_text
    return "\n\n".join(html_blocks(version.html)) + "\n"
