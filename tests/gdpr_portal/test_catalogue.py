"""The Bulgarian catalogue is complete: every marked string in the code has a translation.

The check extracts the strings into a copy of the catalogue inside a temporary project made of
links to the sources, so it never writes into the repository, and the second test shows that a
string added without a translation makes it fail."""

import shutil
import subprocess

from django.conf import settings
from django.core.management import call_command

SOURCES = ["gdpr_portal", "controllers", "policies", "requests_app", "retention", "templates"]


def _catalogue_statistics(project, monkeypatch) -> str:
    monkeypatch.setattr(settings, "LOCALE_PATHS", [project / "locale"])
    monkeypatch.chdir(project)
    call_command("makemessages", locale=["bg"], symlinks=True, no_obsolete=True, verbosity=0)
    po = project / "locale" / "bg" / "LC_MESSAGES" / "django.po"
    return subprocess.run(  # noqa: S603
        [shutil.which("msgfmt"), "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=True,
    ).stderr


def _project(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    for name in SOURCES:
        if (settings.BASE_DIR / name).exists():
            (project / name).symlink_to(settings.BASE_DIR / name, target_is_directory=True)
    shutil.copytree(settings.BASE_DIR / "locale", project / "locale")
    return project


def test_bulgarian_catalogue_covers_every_marked_string(tmp_path, monkeypatch):
    committed = (settings.BASE_DIR / "locale/bg/LC_MESSAGES/django.po").read_bytes()
    stats = _catalogue_statistics(_project(tmp_path), monkeypatch)
    assert "untranslated" not in stats, stats
    assert "fuzzy" not in stats, stats
    assert "translated message" in stats
    assert (settings.BASE_DIR / "locale/bg/LC_MESSAGES/django.po").read_bytes() == committed


def test_a_string_without_translation_fails_the_check(tmp_path, monkeypatch):
    project = _project(tmp_path)
    (project / "extra").mkdir()
    (project / "extra" / "strings.py").write_text(
        'from django.utils.translation import gettext as _\n\n_("A sentence no one translated")\n'
    )
    stats = _catalogue_statistics(project, monkeypatch)
    assert "1 untranslated message" in stats, stats
