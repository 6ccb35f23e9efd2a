"""`manage.py render_policy`: a published version or the register's document now, as HTML, text
or PDF, to standard output or a file; plain-word errors."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from policies import services

pytestmark = pytest.mark.django_db

D = datetime.date
ORIGINAL = "Политика за поверителност\n\nЧл. 1. Пазим данните Ви.\n"


@pytest.fixture
def versions(controller, editor, publish):
    services.policy_import_original(
        controller=controller,
        text=ORIGINAL,
        format="text",
        language="bg",
        stated_date=D(2022, 8, 1),
        precision="month",
        actor=editor,
    )
    return publish(effective=D(2026, 1, 1))


def render(*args, **options) -> str:
    out = io.StringIO()
    call_command("render_policy", "alfa", *args, stdout=out, **options)
    return out.getvalue()


def test_the_version_in_force_as_html(versions):
    html = render()
    assert html.startswith("<!DOCTYPE html>") and '<html lang="bg">' in html
    assert "Версия 2, в сила от 1 януари 2026" in html


def test_an_imported_version_as_text_is_the_text_as_given(versions):
    assert render("--version", "1", "--format", "text") == ORIGINAL
    text = render("--version", "2", "--format", "text")
    assert "Счетоводство" in text and "<" not in text


def test_a_pdf_to_a_file(versions, tmp_path):
    out = tmp_path / "v1.pdf"
    render("--version", "1", "--format", "pdf", "-o", str(out))
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert "август 2022 г." in " ".join(page.extract_text() for page in reader.pages)


def test_the_draft_is_what_the_register_gives_now(versions, controller, tmp_path):
    rule = controller.retention_rules.get()
    rule.period_years = 7
    rule.save()
    assert "7 години" in render("--draft")
    assert "7 години" not in render()
    out = tmp_path / "draft.pdf"
    render("--draft", "--format", "pdf", "-o", str(out))
    assert out.read_bytes().startswith(b"%PDF")
    assert "7 години" in render("--draft", "--format", "text")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--version", "9"], "has no published version 9"),
        (["--lang", "en"], "has no version in force in this language (en)"),
        (["--format", "pdf"], "A PDF is binary"),
    ],
)
def test_errors_in_plain_words(versions, args, words):
    with pytest.raises(CommandError) as error:
        render(*args, language="en")
    assert words in str(error.value)


def test_an_unknown_controller(db):
    with pytest.raises(CommandError) as error:
        call_command("render_policy", "nobody", language="en")
    assert "No controller has the address “nobody”" in str(error.value)
