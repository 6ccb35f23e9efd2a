"""`{{ authority|name_in:language }}`: one rule for naming the supervisory authority."""

from collections.abc import Mapping

from django import template

from controllers.models import SupervisoryAuthority

register = template.Library()


@register.filter
def name_in(authority, language: str) -> str:
    """For an authority, or its frozen copy in a published policy's snapshot."""
    if isinstance(authority, Mapping):
        authority = SupervisoryAuthority(
            name=authority["name"], name_en=authority.get("name_en") or ""
        )
    return authority.name_in(language)
