"""The public policy pages with real published versions."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def two_versions(publish, controller):
    first = publish(effective=D(2026, 1, 1), summary="Първа версия")
    rule = controller.retention_rules.get()
    rule.period_years = 5
    rule.save()
    second = publish(
        effective=D(2026, 6, 1),
        summary="Срокът за счетоводните документи е 5 години.",
        sections=[{"topic": "cookies", "title": "Бисквитки", "body": "Не използваме бисквитки."}],
    )
    return first, second


def test_policy_in_force(client, two_versions):
    response = client.get("/alfa/privacy/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Версия 2, в сила от 1 юни 2026" in body
    assert "5 години" in body and "10 години" not in body
    assert 'href="/alfa/privacy/v2.pdf"' in body


@pytest.mark.parametrize(
    ("on", "number"),
    [("2026-01-01", 1), ("2026-05-31", 1), ("2026-06-01", 2), ("2030-01-01", 2)],
)
def test_version_in_force_on_a_date(client, two_versions, on, number):
    body = client.get(f"/alfa/privacy/?on={on}").content.decode()
    assert f"Версия {number}, в сила от" in body


def test_no_version_before_the_first(client, two_versions):
    response = client.get("/en/alfa/privacy/?on=2025-12-31")
    assert response.status_code == 404
    assert "had no published privacy policy in force on 31 December 2025" in (
        response.content.decode()
    )


@pytest.mark.parametrize("bad", ["yesterday", "2026-02-30", "2026-13-01", "<script>"])
def test_a_date_that_cannot_be_read_gets_a_clear_answer(client, two_versions, bad):
    response = client.get("/en/alfa/privacy/", {"on": bad})
    assert response.status_code == 400
    body = response.content.decode()
    assert "is not a date" in body
    assert "<script>" not in body


def test_any_published_version_by_number(client, two_versions):
    assert "10 години" in client.get("/alfa/privacy/v1/").content.decode()
    assert "Предишна версия" in client.get("/alfa/privacy/v1/").content.decode()
    assert client.get("/alfa/privacy/v3/").status_code == 404
    assert client.get("/alfa/privacy/v0/").status_code == 404


def test_drafts_are_not_public(client, publish, controller, editor):
    from policies import services

    publish()
    policy = controller.policies.get()
    services.policy_version_create_draft(
        policy=policy, author=editor, language="bg", title="Чернова", effective_date=D(2026, 9, 1)
    )
    assert client.get("/alfa/privacy/v2/").status_code == 404
    assert client.get("/alfa/privacy/v2.pdf").status_code == 404
    assert "Версия 1" in client.get("/alfa/privacy/").content.decode()


def test_pdf_is_served_from_storage_with_a_stable_name(client, two_versions):
    response = client.get("/alfa/privacy/v1.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="alfa-privacy-v1-bg.pdf"'
    assert response.content == two_versions[0].pdf.open("rb").read()


def test_pdf_is_never_rendered_again_per_request(client, two_versions, monkeypatch):
    import weasyprint

    def fail(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", fail)
    assert client.get("/alfa/privacy/v2.pdf").status_code == 200


def test_history_lists_versions_with_dates_and_summaries(client, two_versions):
    body = client.get("/alfa/privacy/history/").content.decode()
    assert body.index("v2") < body.index("v1")
    assert "Срокът за счетоводните документи е 5 години." in body
    assert "1 януари 2026" in body and "1 юни 2026" in body
    assert 'href="/alfa/privacy/diff/1/2/"' in body


def test_diff_shows_what_changed(client, two_versions):
    response = client.get("/en/alfa/privacy/diff/1/2/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<del>" in body and "<ins>" in body
    import re

    deleted = " ".join(re.findall(r"<del>(.*?)</del>", body, re.S))
    inserted = " ".join(re.findall(r"<ins>(.*?)</ins>", body, re.S))
    assert "10 години" in deleted and "5 години" in inserted
    assert "Използваме само необходими." in deleted
    assert "Не използваме бисквитки." in inserted
    # Unchanged statements are shown once, neither deleted nor inserted.
    assert "Счетоводство" not in deleted


def test_feed_lists_new_versions(client, two_versions):
    response = client.get("/alfa/privacy/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    entries = root.findall("atom:entry", ns)
    assert len(entries) == 2
    assert entries[0].find("atom:link", ns).get("href").endswith("/alfa/privacy/v2/")
    assert "5 години" in entries[0].find("atom:summary", ns).text


@pytest.mark.parametrize("path", ["/alfa/privacy/", "/alfa/privacy/v1/", "/alfa/privacy/v1.pdf"])
def test_conditional_get(client, two_versions, path):
    first = client.get(path)
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    stale = http_date(datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC).timestamp())
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=stale).status_code == 200
    assert client.get(path, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_current_page_etag_changes_with_a_new_version(client, publish):
    import time_machine

    publish(effective=D(2026, 1, 1))
    etag = client.get("/alfa/privacy/")["ETag"]
    publish(effective=D(2026, 6, 1))
    # Each app process caches the page for a minute: after that the new version is served.
    with time_machine.travel(
        datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(seconds=61)
    ):
        response = client.get("/alfa/privacy/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "Версия 2" in response.content.decode()


def test_published_pages_are_served_from_the_cache(client, two_versions, django_assert_num_queries):
    client.get("/alfa/privacy/v1/")
    client.get("/alfa/privacy/v1.pdf")
    with django_assert_num_queries(0):
        assert client.get("/alfa/privacy/v1/").status_code == 200
        assert client.get("/alfa/privacy/v1.pdf").status_code == 200


def test_a_cached_page_keeps_every_header_and_answers_conditional_requests(
    client, two_versions, django_assert_num_queries
):
    first = client.get("/alfa/privacy/v1/")
    with django_assert_num_queries(0):
        hit = client.get("/alfa/privacy/v1/")
        not_modified = client.get("/alfa/privacy/v1/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert hit.content == first.content
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "Permissions-Policy",
        "X-Content-Type-Options",
        "ETag",
        "Last-Modified",
        "Content-Language",
    ):
        assert hit[header] == first[header], header
    # Browsers may keep it for what is left of the server's minute, never longer.
    assert 0 <= int(re.search(r"max-age=(\d+)", hit["Cache-Control"]).group(1)) <= 60
    assert "Cookie" not in hit["Vary"]
    assert not_modified.status_code == 304
    assert not_modified.content == b""


def test_pages_with_a_query_are_never_kept(client, two_versions, django_assert_num_queries):
    # Every ?x=N would otherwise take a place in the cache and push the real pages out.
    client.get("/alfa/privacy/v1.pdf?x=1")
    client.get("/alfa/privacy/?on=2026-03-01")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/alfa/privacy/v1.pdf?x=1").status_code == 200
        page = client.get("/alfa/privacy/?on=2026-03-01")
    assert len(queries) > 0
    assert "Версия 1" in page.content.decode()


def test_a_signed_in_editor_always_gets_a_fresh_page(client, two_versions, editor):
    client.get("/alfa/privacy/v1/")  # cached for visitors
    client.force_login(editor)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/alfa/privacy/v1/").status_code == 200
    assert len(queries) > 0


def test_english_page_says_the_policy_is_in_bulgarian(client, two_versions):
    body = client.get("/en/alfa/privacy/").content.decode()
    assert "This policy is published in Bulgarian only." in body
    assert "Версия 2" in body  # the document itself stays in its language


def test_public_policy_pages_set_no_cookies(client, two_versions):
    for path in ["/alfa/privacy/", "/alfa/privacy/history/", "/alfa/privacy/v1.pdf"]:
        assert client.get(path).cookies == {}


def test_a_controller_without_a_policy(client, controller):
    response = client.get("/alfa/privacy/")
    assert response.status_code == 404
