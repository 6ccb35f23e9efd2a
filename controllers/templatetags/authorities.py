"""`{{ authority|name_in:language }}`, `{{ controller|name_in:language }}` and
`{{ controller|shown_name }}` (in the active language): one rule each for naming the supervisory
authority and the controller, whether from the register or from a published version's frozen
copy of it."""

from collections.abc import Mapping

from django import template
from django.utils.translation import get_language

from controllers.models import SupervisoryAuthority, controller_name_in

register = template.Library()


@register.filter
def name_in(named, language: str) -> str:
    """For an authority or a controller, or its frozen copy in a published policy's snapshot."""
    if isinstance(named, Mapping):
        if "legal_name" in named:  # a controller as frozen in a published version
            return controller_name_in(
                language,
                legal_name=named["legal_name"],
                short_name=named.get("short_name") or "",
                name_en=named.get("name_en") or "",
            )
        named = SupervisoryAuthority(name=named["name"], name_en=named.get("name_en") or "")
    return named.name_in(language)


@register.filter
def shown_name(named) -> str:
    """The name in the language of the page or mail being rendered."""
    return name_in(named, get_language() or "bg")
