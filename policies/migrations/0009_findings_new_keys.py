"""Findings frozen on versions published before the compliance check quoted the text were stored
as {severity, code, message, where, article}; they now read {severity, rule, message, section,
article, quote} like every later finding, so the admin and `check_policy` need no fallback."""

from django.db import migrations

OLD_TO_NEW = {"code": "rule", "where": "section"}
ORDER = ("severity", "rule", "message", "section", "article", "quote")


def _renamed(finding: dict, renames: dict) -> dict:
    return {renames.get(key, key): value for key, value in finding.items()}


def forwards(apps, schema_editor):
    PolicyVersion = apps.get_model("policies", "PolicyVersion")
    for version in PolicyVersion.objects.exclude(findings=[]).iterator():
        if not any("code" in f or "where" in f for f in version.findings):
            continue
        findings = []
        for old in version.findings:
            new = {"quote": "", **_renamed(old, OLD_TO_NEW)}  # the old check quoted nothing
            findings.append({key: new[key] for key in ORDER if key in new})
        version.findings = findings
        version.save(update_fields=["findings"])


def backwards(apps, schema_editor):
    PolicyVersion = apps.get_model("policies", "PolicyVersion")
    new_to_old = {new: old for old, new in OLD_TO_NEW.items()}
    for version in PolicyVersion.objects.exclude(findings=[]).iterator():
        version.findings = [
            _renamed({k: v for k, v in f.items() if k != "quote"}, new_to_old)
            for f in version.findings
        ]
        version.save(update_fields=["findings"])


class Migration(migrations.Migration):
    dependencies = [("policies", "0008_cookies_and_accepted_warnings")]

    operations = [migrations.RunPython(forwards, backwards)]
