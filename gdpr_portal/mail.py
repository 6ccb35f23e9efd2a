"""Plain-text mail rendered as text: a template's variables are never HTML-escaped in it (a name
"O'Brien & Co" arrives as typed, not as "O&#x27;Brien &amp; Co"). HTML parts, where there
are any, are rendered by the ordinary escaping engine."""

from functools import lru_cache

from django.template import Context, Engine
from django.template.loader import get_template

# Texts edited by staff (message templates): no loaders, no custom tag libraries.
_STRING_ENGINE = Engine(autoescape=False, libraries={}, builtins=["django.templatetags.i18n"])
# Compiled once per text and process, as the cached loader keeps file templates: a compiled
# template holds no state between renders. An edited text is a new key (the cache is bounded).
_compiled = lru_cache(maxsize=256)(_STRING_ENGINE.from_string)


def render_text(template_name: str, context: dict) -> str:
    """A file template (templates/<app>/email/*.txt) rendered without autoescaping."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def render_text_string(source: str, context: dict) -> str:
    """A template held as text (a staff-edited message) rendered without autoescaping."""
    return _compiled(source).render(Context(context, autoescape=False))


def one_line(subject: str) -> str:
    """A subject is one line: a newline in it would start a header."""
    return " ".join(subject.split())
