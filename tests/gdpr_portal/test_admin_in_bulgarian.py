"""The admin's sidebar and index read in Bulgarian, the packages' apps and models included, and
the date widgets' strings come with it (issue 17, point 8)."""

import json
import re

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db
ENGLISH = ["Axes", "Access attempts", "Access logs", "Mailer", "Message logs", "TOTP devices"]


def test_the_admin_index_names_every_app_and_model_in_bulgarian(client):
    client.force_login(get_user_model().objects.create_superuser("su", "su@example.invalid", "x"))
    html = client.get("/admin/").content.decode()
    shown = set(re.findall(r">\s*([^<>]+?)\s*<", html))
    assert not shown & set(ENGLISH), shown & set(ENGLISH)
    assert "Опити за вход" in html and "Изходяща поща" in html


def test_the_date_widgets_strings_are_in_bulgarian(client):
    client.force_login(get_user_model().objects.create_superuser("su", "su@example.invalid", "x"))
    catalogue = client.get("/admin/jsi18n/").content.decode()
    for word in ("Днес", "Сега", "Полунощ"):  # in the catalogue as they are, or JSON-escaped
        assert word in catalogue or json.dumps(word)[1:-1] in catalogue, word
