"""The register format: every seed survives export → import → export byte for byte, an import
stores all or nothing, and its errors name the file, the path and the field in both languages."""

import json
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation

from controllers.models import Controller
from demo.loading import OPERATOR, SEEDS, load_register, register_path
from policies.models import ProcessingPurpose, PurposeLegalBasis, Transfer
from policies.register_io import Existing, RegisterInvalid, register_export, register_import, spec
from retention.models import RetentionRule

pytestmark = pytest.mark.django_db

DOCS = Path(settings.BASE_DIR) / "docs"


def wipe() -> None:
    Transfer.objects.all().delete()
    ProcessingPurpose.objects.all().delete()
    Controller.objects.all().delete()


def seed_document(slug: str) -> dict:
    return yaml.safe_load(register_path(slug).read_text(encoding="utf-8"))


@pytest.mark.parametrize("slug", [*SEEDS, OPERATOR])
def test_export_import_export_is_byte_identical(slug):
    controller, created = load_register(slug)
    assert created
    first = register_export(controller=controller)
    wipe()
    again, created = register_import(text=first, source="first.yaml")
    assert created
    assert register_export(controller=again) == first


COOKIE_FIELDS = ("name", "provider", "purpose", "category", "lifetime", "party", "country")


def stored_cookies(controller: Controller) -> list[dict]:
    return [
        {field: getattr(cookie, field) for field in COOKIE_FIELDS}
        for cookie in controller.cookies.order_by("position")
    ]


@pytest.mark.parametrize("slug", ["medipro", "cpz-sofia"])
def test_the_cookie_register_survives_export_and_import(slug):
    """Byte identity alone would hold if export left the cookies out: each cookie of the seed
    is exported, imported again with every field, and exported the same."""
    seed = seed_document(slug)["cookies"]
    controller, _created = load_register(slug)
    expected = [{field: c.get(field, "") for field in COOKIE_FIELDS} for c in seed]
    assert stored_cookies(controller) == expected
    first = register_export(controller=controller)
    assert yaml.safe_load(first)["cookies"] == seed
    wipe()
    again, _created = register_import(text=first, source="first.yaml")
    assert stored_cookies(again) == expected
    assert register_export(controller=again) == first


def test_the_commands_round_trip_through_a_file(tmp_path):
    load_register("medipro")
    path = tmp_path / "medipro.yaml"
    call_command("export_register", "medipro", output=str(path), verbosity=0)
    wipe()
    call_command("import_register", str(path), verbosity=0)
    out = tmp_path / "again.yaml"
    call_command("export_register", "medipro", output=str(out), verbosity=0)
    assert out.read_bytes() == path.read_bytes()


def broken_file(tmp_path, change) -> Path:
    document = seed_document("plovdiv")
    document.pop("original_policy")  # its file lies next to the demo's registers
    change(document)
    path = tmp_path / "plovdiv.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


def bad_basis_in_last_purpose(document):
    document["purposes"][-1]["legal_bases"] = [{"basis": "z"}]


def test_an_error_in_the_last_purpose_stores_nothing(tmp_path):
    path = broken_file(tmp_path, bad_basis_in_last_purpose)
    with pytest.raises(CommandError):
        call_command("import_register", str(path), verbosity=0)
    assert not Controller.objects.exists()
    assert not RetentionRule.objects.exists()
    assert not ProcessingPurpose.objects.exists()
    assert not PurposeLegalBasis.objects.exists()


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", ["legal basis (Art. 6(1))", "Nothing was imported."]), ("bg", ["Нищо не е внесено."])],
)
def test_errors_name_file_path_and_field_in_the_users_language(tmp_path, language, words):
    path = broken_file(tmp_path, bad_basis_in_last_purpose)
    with pytest.raises(CommandError) as error:
        call_command("import_register", str(path), language=language, verbosity=0)
    message = str(error.value)
    assert f"{path}: purposes[3].legal_bases[0].basis" in message
    with translation.override(language):
        label = str(PurposeLegalBasis._meta.get_field("basis").verbose_name)
    assert f"({label})" in message
    for word in words:
        assert word in message
    if language == "bg":
        assert label != "legal basis (Art. 6(1))"  # translated, not the English source


def _set(path: list, value):
    def change(document):
        target = document
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return change


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (_set(["controller", "eik"], 471504), "controller.eik"),
        (_set(["controller", "eik"], "123"), "controller.eik"),
        (_set(["controller", "colour"], "red"), "controller.colour"),
        (_set(["format_version"], 2), "format_version"),
        (_set(["purposes", 0, "retention_rule"], "nope"), "purposes[0].retention_rule"),
        (_set(["purposes", 1, "recipients"], ["nope"]), "purposes[1].recipients[0]"),
        (_set(["purposes", 2, "data_subjects"], "one"), "purposes[2].data_subjects"),
        (
            _set(["purposes", 2, "data_categories", 0, "kind"], "special"),
            "purposes[2].data_categories[0].kind",
        ),
        (
            _set(["purposes", 0, "transfers"], [{"country": "DE"}]),
            "purposes[0].transfers[0].country",
        ),
        (_set(["purposes", 0, "automated_decision"], "yes"), "purposes[0].automated_decision"),
        (_set(["retention_rules", 0, "key"], ""), "retention_rules[0].key"),
        (_set(["retention_rules", 0, "years"], -1), "retention_rules[0].years"),
        (_set(["policy", "effective_date"], "1 May"), "policy.effective_date"),
        (_set(["policy", "sections", 0, "title"], "x" * 300), "policy.sections[0].title"),
        (_set(["purposes"], {"name": "x"}), "purposes"),
    ],
)
def test_bad_input_is_refused_with_its_path_and_stores_nothing(tmp_path, change, where):
    path = broken_file(tmp_path, change)
    with pytest.raises(CommandError) as error:
        call_command("import_register", str(path), language="en", verbosity=0)
    assert f"{path}: {where}" in str(error.value)
    assert not Controller.objects.exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("controller: [unclosed", "Not valid YAML"),
        ("- a list\n- not a register\n", "Expected a group of fields"),
        ("", "Expected a group of fields"),
    ],
)
def test_text_that_is_no_register_is_refused(tmp_path, text, expected):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match=expected):
        call_command("import_register", str(path), language="en", verbosity=0)


def test_a_missing_or_binary_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("import_register", str(tmp_path / "none.yaml"), language="en")
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("import_register", str(binary), language="en")


def test_an_unknown_controller_cannot_be_exported():
    with pytest.raises(CommandError, match="nope"):
        call_command("export_register", "nope", language="en")


def test_a_controller_on_the_portal_is_refused_or_skipped_never_changed():
    controller, _created = load_register("bezgloba")
    controller.phone = "02 000 0000"
    controller.save()
    path = register_path("bezgloba")
    text = path.read_text(encoding="utf-8")
    with pytest.raises(RegisterInvalid) as error:
        register_import(text=text, source="b.yaml", base_dir=path.parent)
    assert error.value.problems[0].path == "controller.slug"
    same, created = register_import(
        text=text, source="b.yaml", existing=Existing.SKIP, base_dir=path.parent
    )
    assert (same, created) == (controller, False)
    assert Controller.objects.get().phone == "02 000 0000"


def test_the_policy_text_is_imported_as_a_draft_after_the_original():
    controller, _created = load_register("plovdiv")
    original, version = controller.policies.get().versions.order_by("number")
    assert original.is_imported and original.status == "published"
    assert version.is_draft
    assert version.number == 2
    assert version.sections.count() == len(seed_document("plovdiv")["policy"]["sections"])


def test_the_example_in_the_docs_imports():
    text = (DOCS / "register-format.md").read_text(encoding="utf-8")
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    controller, created = register_import(text=example, source="example.yaml")
    assert created
    assert controller.purposes.get().retention_rule.period_years == 10
    assert controller.supervisory_authority.email == "kzld@cpdp.bg"


def test_the_json_schema_names_the_same_fields_as_the_importer():
    schema = json.loads((DOCS / "register-format.schema.json").read_text(encoding="utf-8"))
    defs = schema["$defs"]
    tables = {
        "controller": spec.CONTROLLER,
        "supervisory_authority": spec.AUTHORITY,
        "dpo": spec.DPO,
        "recipient": spec.RECIPIENT,
        "retention_rule": spec.RETENTION_RULE,
        "purpose": spec.PURPOSE,
        "data_category": spec.DATA_CATEGORY,
        "legal_basis": spec.LEGAL_BASIS,
        "transfer": spec.TRANSFER,
        "policy": spec.POLICY,
        "section": spec.SECTION,
        "original_policy": spec.ORIGINAL_POLICY,
    }
    links = {"key", "recipient", "recipients", "retention_rule", "sections"}
    links |= {"data_categories", "legal_bases", "transfers"}
    for name, fields in tables.items():
        named = set(defs[name]["properties"]) - links
        assert named == {field.key for field in fields}, name
