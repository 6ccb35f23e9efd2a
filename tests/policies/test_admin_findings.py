"""The admin shows the compliance check where staff work: a badge with the counts on each row of
the version list, the findings with their quotes on the version's page; and the cookie register
is kept on the controller's page, from which the policy's cookie table is generated."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from policies import services
from policies.models import PolicyVersion
from policies.review import document_now

pytestmark = pytest.mark.django_db

D = datetime.date
BY_USE = "Като използвате нашия сайт, Вие се съгласявате с нашата политика на поверителност."
LIST = "/en/admin/policies/policyversion/"


@pytest.fixture
def versions(controller, editor, publish):
    """v1: the controller's own text, with an error; v2: generated and published with a warning
    accepted; v3: a draft the register now gives two errors."""
    services.policy_import_original(
        controller=controller,
        text=f"Политика\n\nСъгласие\n\n{BY_USE}\n",
        format="text",
        language="bg",
        stated_date=D(2022, 8, 1),
        precision="month",
        actor=editor,
    )
    purpose = controller.purposes.get()
    rule = purpose.retention_rule
    purpose.retention_rule = None
    purpose.save()  # a warning: no retention rule for the purpose
    publish(effective=D(2026, 1, 1), reason="Срокът се уточнява с счетоводителя.")
    purpose.retention_rule = rule
    purpose.save()
    services.policy_version_create_draft(
        policy=controller.policies.get(),
        author=editor,
        language="bg",
        title="Проект",
        effective_date=D(2026, 6, 1),
        sections=[
            {"topic": "changes", "title": "Промени", "body": "Без предварително уведомление."}
        ],
    )
    purpose.legal_bases.all().delete()
    return {v.number: v for v in PolicyVersion.objects.all()}


def rows(html: str) -> dict[int, str]:
    """The list's rows by version number, as text."""
    out = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.DOTALL):
        found = re.search(r" v(\d+) \(bg\)", row)
        if found:
            out[int(found.group(1))] = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row))
    return out


def test_the_list_shows_each_versions_counts(client, editor, versions):
    client.force_login(editor)
    response = client.get(LIST)
    assert response.status_code == 200
    found = rows(response.content.decode())
    assert "1 error" in found[1] and "warning" not in found[1]  # the original's own words
    assert "1 warning" in found[2] and "error" not in found[2]  # frozen at publication
    assert "2 errors" in found[3]  # the draft against the register now
    assert 'class="finding-badge finding-badge--error"' in response.content.decode()


def test_the_list_costs_the_same_queries_for_more_versions(
    client, controller, editor, versions, publish
):
    client.force_login(editor)
    client.get(LIST)
    with CaptureQueriesContext(connection) as three:
        client.get(LIST)
    for number in range(2):
        services.policy_import_original(
            controller=controller,
            text=f"Политика {number}\n\n{BY_USE}\n",
            format="text",
            language="bg",
            stated_date=D(2023, 1 + number, 1),
            precision="month",
            actor=editor,
        )
    with CaptureQueriesContext(connection) as five:
        response = client.get(LIST)
    assert len(rows(response.content.decode())) == 5
    assert len(five.captured_queries) == len(three.captured_queries)


def test_the_version_page_shows_the_findings_with_their_quotes(client, editor, versions):
    client.force_login(editor)
    original = client.get(f"{LIST}{versions[1].pk}/change/").content.decode()
    assert "The text presents use of the site as consent." in original
    assert f'<blockquote class="finding__quote">{BY_USE}</blockquote>' in original
    assert "Съгласие:" in original  # the section the sentence stands in

    published = client.get(f"{LIST}{versions[2].pk}/change/").content.decode()
    # Frozen at publication in the version's language, whatever the admin's.
    assert "Няма правило за съхранение, което да казва колко дълго" in published
    assert "Срокът се уточнява с счетоводителя." in published  # the reason it was accepted

    draft = client.get(f"{LIST}{versions[3].pk}/change/").content.decode()
    assert "The purpose has no legal basis." in draft
    assert '<blockquote class="finding__quote">Без предварително уведомление.</blockquote>' in draft


class _FormData(HTMLParser):
    """The values a browser would send from the admin's change form, as it is shown."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in {"submit", "button", "file"}:
            if a.get("type") in {"checkbox", "radio"}:
                if "checked" in a:
                    self.data[name] = a.get("value", "on")
            else:
                self.data[name] = a.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += (
                data.lstrip("\n") if not self.data[self._textarea] else data
            )


def test_a_cookie_added_on_the_controllers_page_is_in_the_policys_table(client, controller, editor):
    client.force_login(editor)
    url = f"/en/admin/controllers/controller/{controller.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    parser = _FormData()
    parser.feed(page.content.decode())
    data = {k: v for k, v in parser.data.items() if "__prefix__" not in k}
    assert data["cookies-TOTAL_FORMS"] == "0"
    data.update(
        {
            "cookies-TOTAL_FORMS": "1",
            "cookies-0-position": "0",
            "cookies-0-name": "_ga",
            "cookies-0-provider": "Google Ireland Limited",
            "cookies-0-purpose": "Статистика на посещенията",
            "cookies-0-category": "statistics",
            "cookies-0-lifetime": "2 години",
            "cookies-0-party": "third",
            "cookies-0-country": "US",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, re.findall(
        r'class="errorlist[^"]*">(.*?)</ul>', response.content.decode()
    )
    cookie = controller.cookies.get()
    assert (cookie.name, cookie.category, cookie.country.code) == ("_ga", "statistics", "US")

    html = document_now(controller=controller, language="bg").html
    table = re.search(r'id="policy-cookies".*?</table>', html, re.DOTALL).group(0)
    cells = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " | ", table))
    row = "_ga | | Google Ireland Limited | | Статистика на посещенията | | статистика | | 2 години"
    assert row in cells
    assert "трета страна | | Съединени Американски Щати" in cells  # labels, never codes
