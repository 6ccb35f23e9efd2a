"""Values every page's layout needs."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


def portal(request: HttpRequest) -> dict:
    """Links to the current page in each language, for the switcher and `hreflang` alternates.

    Links rather than a POST form: they need no JavaScript and no cookie, and the language is
    carried by the URL itself (Bulgarian at the root, English under /en/).
    """
    current = get_language()
    path = request.get_full_path()
    languages = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        languages.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "url": translate_url(path, code),
                "current": code == current,
            }
        )
    return {"portal_languages": languages}
