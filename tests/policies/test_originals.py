"""A controller's own policy, imported as published: its words unchanged, its date as stated
(day, month, year or none) on the page, in the PDF and in the history, in both languages."""

import datetime
import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from demo.loading import REGISTERS
from policies import services
from policies.models import PolicyVersion
from policies.selectors import policy_version_in_force, policy_version_standing
from tests.controllers.factories import MembershipFactory

pytestmark = pytest.mark.django_db

D = datetime.date
NOW = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)
ORIGINAL = (REGISTERS.parent / "originals" / "bezgloba.txt").read_text(encoding="utf-8")
PARAGRAPH = (
    "Чл. 12. Администраторът спазва всички принципи за обработка на лични данни на "
    "потребители, прогласени в Регламент (ЕС) 2016/679 и Закона за защита на личните данни."
)
TEXT = """Политика за поверителност

I. Въведение

Администраторът обработва данни „както е посочено“.

 • имена
 • адрес

Контакт:
office@alfa.example
"""


def pdf_text(version) -> str:
    reader = PdfReader(io.BytesIO(version.pdf.read()))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def imported(controller, editor, *, stated, precision, text=TEXT, language="bg", fmt="text"):
    return services.policy_import_original(
        controller=controller,
        text=text,
        format=fmt,
        language=language,
        stated_date=stated,
        precision=precision,
        actor=editor,
        now=NOW,
    )


CASES = [
    # stated, precision, Bulgarian, English, in force from (bg)
    (D(2022, 6, 13), "day", "13.06.2022 г.", "13 June 2022", "13 юни 2022"),
    (D(2022, 8, 1), "month", "август 2022 г.", "August 2022", "1 август 2022"),
    (D(2019, 1, 1), "year", "2019 г.", "2019", "1 януари 2019"),
    (None, "none", "датата не е посочена", "date not stated", "10 март 2026"),
]


@pytest.mark.parametrize(("stated", "precision", "bg", "en", "effective"), CASES)
def test_the_stated_date_is_shown_as_stated_on_page_history_and_pdf(
    client, controller, editor, stated, precision, bg, en, effective
):
    version = imported(controller, editor, stated=stated, precision=precision)
    assert version.status == PolicyVersion.Status.PUBLISHED and version.is_imported
    page = client.get("/alfa/privacy/v1/").content.decode()
    assert "Както е публикувана от администратора" in page
    assert f"Версия 1, в сила от {effective}" not in page  # never padded to a stated day
    history = client.get("/alfa/privacy/history/").content.decode()
    english_page = client.get("/en/alfa/privacy/v1/").content.decode()
    english_history = client.get("/en/alfa/privacy/history/").content.decode()
    if precision == "none":
        assert "Текстът на администратора не посочва дата" in page
        assert "10 март 2026" in page  # the day it was imported
        assert "states no date" in english_page and "10 March 2026" in english_page
    else:
        assert f"Дата, посочена от администратора: {bg}" in page
        assert f"Date stated by the controller: {en}" in english_page
        assert "г.." not in page  # the Bulgarian date's own full stop ends the sentence
    if precision in ("month", "year"):
        period = "на този месец" if precision == "month" else "на тази година"
        assert f"от първия ден {period}" in page
    assert f"дата: {bg}" in history
    assert f"date stated: {en}" in english_history
    assert effective in history
    text = pdf_text(version)
    assert ("не посочва дата" if precision == "none" else bg) in text


@pytest.mark.parametrize(("stated", "precision", "bg", "en", "effective"), CASES[:3])
def test_an_english_original_states_its_date_in_english_in_its_pdf(
    controller, editor, stated, precision, bg, en, effective
):
    version = imported(
        controller,
        editor,
        stated=stated,
        precision=precision,
        language="en",
        text="Privacy policy\n\nWe keep your data safe.",
    )
    assert f"Date stated by the controller: {en}" in pdf_text(version)


def test_the_text_is_kept_word_for_word_with_its_structure(client, controller, editor):
    imported(controller, editor, stated=D(2022, 6, 13), precision="day", text=ORIGINAL)
    body = client.get("/alfa/privacy/").content.decode()
    assert PARAGRAPH in body
    assert "<h2>Политика за поверителност</h2>" in body
    assert "<h2>Администратор на лични данни:</h2>" not in body  # a sentence, not a heading
    version = PolicyVersion.objects.get()
    assert version.original_text == ORIGINAL
    assert PARAGRAPH in pdf_text(version)


def test_plain_text_becomes_headings_paragraphs_and_lists(controller, editor):
    version = imported(controller, editor, stated=None, precision="none")
    assert "<h2>Политика за поверителност</h2>" in version.html
    assert "<h2>I. Въведение</h2>" in version.html
    assert "<ul><li>имена</li><li>адрес</li></ul>" in version.html
    assert "<p>Контакт:<br>\noffice@alfa.example</p>" in version.html
    assert version.title == "Политика за поверителност"


def test_html_and_markdown_are_sanitised(client, controller, editor):
    html = '<h1>Политика</h1><p onclick="x()">Текст<script>alert(1)</script></p><style>p{}</style>'
    imported(controller, editor, stated=None, precision="none", text=html, fmt="html")
    body = client.get("/alfa/privacy/").content.decode()
    assert "<h2>Политика</h2>" in body and "<p>Текст</p>" in body
    assert "alert(1)" not in body and "onclick" not in body and "p{}" not in body
    markdown = "# Политика\n\n- едно\n- две\n\n<script>alert(2)</script>"
    version = imported(
        controller, editor, stated=None, precision="none", text=markdown, fmt="markdown"
    )
    assert "<li>едно</li>" in version.html and "alert(2)" not in version.html


@pytest.mark.parametrize(
    ("text", "fmt", "stated", "precision", "words"),
    [
        ("", "text", None, "none", "The policy text is empty."),
        ("  \n\n ", "text", None, "none", "The policy text is empty."),
        ("<script>x()</script>", "html", None, "none", "The policy text is empty."),
        ("Текст", "pdf", None, "none", "Unknown format"),
        ("Текст", "text", None, "month", "Give the date the controller states."),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(
    controller, editor, text, fmt, stated, precision, words, settings
):
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(ValidationError) as error:
        imported(controller, editor, stated=stated, precision=precision, text=text, fmt=fmt)
    assert words in " ".join(error.value.messages)
    assert not PolicyVersion.objects.exists()


def test_only_publishers_of_the_controller_may_import(controller):
    viewer = MembershipFactory(controller=controller, role="viewer").user
    with pytest.raises(PermissionDenied):
        imported(controller, viewer, stated=None, precision="none")
    assert not PolicyVersion.objects.exists()


def test_an_import_is_history_feed_and_diff_like_any_version(client, controller, editor, publish):
    imported(controller, editor, stated=D(2022, 8, 1), precision="month")
    publish(effective=D(2026, 6, 1))
    history = client.get("/en/alfa/privacy/history/").content.decode()
    assert "/alfa/privacy/diff/1/2/" in history
    assert client.get("/en/alfa/privacy/diff/1/2/").status_code == 200
    feed = client.get("/en/alfa/privacy/feed/").content.decode()
    assert "Version 1, as published by the controller (date stated: August 2022)" in feed
    assert client.get("/alfa/privacy/v1.pdf")["Content-Type"] == "application/pdf"
    on = client.get("/alfa/privacy/?on=2022-08-01").content.decode()
    assert "Дата, посочена от администратора: август 2022 г." in on
    assert client.get("/alfa/privacy/?on=2022-07-31").status_code == 404


def test_an_older_text_imported_after_a_newer_version_stays_history(controller, editor, publish):
    current = publish(effective=D(2026, 1, 1))
    old = imported(controller, editor, stated=D(2019, 1, 1), precision="year")
    current.refresh_from_db()
    assert current.status == old.status == PolicyVersion.Status.PUBLISHED and old.number == 2
    # In force by date (in_force_on): the older text is an earlier version.
    in_force = policy_version_in_force(policy=current.policy, language="bg")
    assert in_force == current
    assert policy_version_standing(version=old) == PolicyVersion.Standing.EARLIER


def test_the_command_imports_and_refuses_in_plain_words(tmp_path, controller):
    path = tmp_path / "policy.md"
    path.write_text("# Политика\n\nТекст.", encoding="utf-8")
    call_command("import_policy", "alfa", str(path), date="2022-08", verbosity=0)
    version = PolicyVersion.objects.get()
    assert (version.stated_date, version.stated_date_precision) == (D(2022, 8, 1), "month")
    assert version.original_format == "markdown"
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    for args, date, words in [
        (["alfa", str(path)], "13.06.2022", "is not a date the portal can read"),
        (["alfa", str(empty)], "none", "The policy text is empty."),
        (["nobody", str(path)], "none", "No controller has the address"),
        (["alfa", str(tmp_path / "missing.txt")], "none", "cannot be read"),
    ]:
        with pytest.raises(CommandError) as error:
            call_command("import_policy", *args, date=date, language="en", verbosity=0)
        assert words in str(error.value)
    assert PolicyVersion.objects.count() == 1
