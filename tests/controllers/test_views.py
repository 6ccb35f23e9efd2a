import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_home_is_in_bulgarian_at_the_root(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Language"] == "bg"
    body = response.content.decode()
    assert '<html lang="bg">' in body
    assert "Администратори на портала" in body
    # The switcher links to the same page in English.
    assert 'href="/en/"' in body


def test_home_is_in_english_under_en(client):
    response = client.get("/en/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "Controllers on the portal" in body
    assert 'href="/"' in body


def test_home_shows_an_empty_state_without_controllers(client):
    body = client.get("/en/").content.decode()
    assert "No controller has joined the portal yet." in body


def test_home_lists_controllers(client):
    from tests.controllers.factories import ControllerFactory

    ControllerFactory(legal_name="Община Пловдив")
    body = client.get("/").content.decode()
    assert "Община Пловдив" in body
    assert "Все още няма администратори" not in body


def test_layout_is_accessible(client):
    body = client.get("/").content.decode()
    assert 'href="#main"' in body  # skip link
    assert '<main id="main"' in body
    assert "<header" in body and "<footer" in body
    assert '<nav class="language-switcher" aria-label="Език">' in body


def test_public_pages_set_no_cookies(client):
    response = client.get("/")
    assert response.cookies == {}


def test_healthz_answers_ok_when_the_database_answers(client):
    # The app server's own question; with the worker's heartbeat: tests/gdpr_portal/.
    response = client.get("/healthz?scope=web")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_healthz_answers_503_when_the_database_is_unreachable(client):
    original_port = connection.settings_dict["PORT"]
    connection.close()
    # Port 9 (discard) has nothing listening: the next connection attempt really fails.
    connection.settings_dict["PORT"] = "9"
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = original_port
    assert response.status_code == 503
    assert response.json()["database"] == "down"


@pytest.mark.parametrize(
    ("prefix", "text"), [("", "Страницата не е намерена"), ("/en", "Page not found")]
)
def test_not_found_page_is_in_the_users_language(client, settings, prefix, text):
    settings.DEBUG = False
    response = client.get(f"{prefix}/no-such-controller/")
    assert response.status_code == 404
    assert text in response.content.decode()
