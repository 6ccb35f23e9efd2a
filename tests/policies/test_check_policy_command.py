"""`manage.py check_policy`: the findings of a published version, an imported original or the
draft, as text or JSON a DPO can read; exit status 1 when one of them is an error."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from policies import services
from policies.models import PurposeLegalBasis

pytestmark = pytest.mark.django_db

D = datetime.date
BY_USE = "Като използвате нашия сайт, Вие се съгласявате с нашата политика на поверителност."
ORIGINAL = f"Политика за поверителност\n\nПазим данните Ви.\n\nСъгласие\n\n{BY_USE}\n"
WITHOUT_NOTICE = "Можем да променяме тази политика по всяко време и без предварително уведомление."
KEYS = {"rule", "severity", "article", "section", "quote", "message"}


@pytest.fixture
def versions(controller, editor, publish):
    """Version 1: the controller's own text (consent by use of the site); version 2: generated
    from the register, published without findings."""
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


def check(*args, fmt="text") -> tuple[str, int]:
    """The command's output and its exit status."""
    out = io.StringIO()
    try:
        call_command("check_policy", "alfa", *args, "--format", fmt, language="en", stdout=out)
    except SystemExit as exit_:
        return out.getvalue(), exit_.code
    return out.getvalue(), 0


def test_an_imported_original_with_an_error_as_text(versions):
    out, status = check("--version", "1")
    assert status == 1
    (line,) = out.splitlines()
    assert line.startswith("ERROR use_as_consent [GDPR Arts 4(11), 7; CJEU C")
    assert "The text presents use of the site as consent." in line
    assert line.endswith(f"«{BY_USE}»")


def test_an_imported_original_with_an_error_as_json(versions):
    out, status = check("--version", "1", fmt="json")
    assert status == 1
    (finding,) = json.loads(out)
    assert set(finding) == KEYS
    assert finding["rule"] == "use_as_consent"
    assert finding["severity"] == "error"
    assert finding["article"].startswith("GDPR Arts 4(11), 7")
    assert finding["section"] == "Съгласие"  # the heading above the sentence
    assert finding["quote"] == BY_USE and finding["quote"] in ORIGINAL  # verbatim


def test_the_version_in_force_without_findings(versions):
    assert check() == ("No findings.\n", 0)
    out, status = check("--version", "2", fmt="json")
    assert (json.loads(out), status) == ([], 0)


def test_the_draft_is_the_register_as_it_is_now(versions, controller):
    PurposeLegalBasis.objects.filter(purpose__controller=controller).delete()
    out, status = check("--draft", fmt="json")
    assert status == 1
    assert [(f["rule"], f["severity"], f["section"], f["quote"]) for f in json.loads(out)] == [
        ("no_legal_basis", "error", "Purpose “Счетоводство”", "")
    ]
    # The published version keeps the findings it was published with (none).
    assert check("--version", "2") == ("No findings.\n", 0)


def test_a_stored_draft_is_checked_with_its_own_text(versions, controller, editor):
    services.policy_version_create_draft(
        policy=controller.policies.get(),
        author=editor,
        language="bg",
        title="Политика",
        effective_date=D(2026, 6, 1),
        sections=[{"topic": "changes", "title": "Промени", "body": WITHOUT_NOTICE}],
    )
    out, status = check("--draft")
    assert status == 1
    (line,) = out.splitlines()
    assert line.startswith("ERROR silent_changes [")
    assert "Section “Промени”" in line and line.endswith(f"«{WITHOUT_NOTICE}»")


def test_warnings_alone_exit_with_status_0(versions, controller):
    purpose = controller.purposes.get()
    purpose.retention_rule = None
    purpose.save()
    out, status = check("--draft", fmt="json")
    assert status == 0
    assert [(f["rule"], f["severity"]) for f in json.loads(out)] == [
        ("purpose_without_retention", "warning")
    ]


def test_a_version_that_does_not_exist(versions):
    with pytest.raises(CommandError) as error:
        check("--version", "9")
    assert "has no such version in this language (bg)" in str(error.value)
