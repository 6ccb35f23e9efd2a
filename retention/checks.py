"""Start-up checks: every rule of the portal has an app that purges its records, and every kind
of record an app keeps has a rule (or it would be kept for ever)."""

from django.core import checks

from .registry import keepers
from .rules import portal_rules


@checks.register()
def retention_rules_and_keepers(app_configs=None, **kwargs):
    rules = {rule.key for rule in portal_rules()}
    kept = set(keepers())
    errors = [
        checks.Error(f"PORTAL_RETENTION names {key!r}, which no app keeps", id="retention.E001")
        for key in sorted(rules - kept)
    ]
    errors += [
        checks.Warning(
            f"{key!r} is kept by an app but PORTAL_RETENTION sets no period for it",
            id="retention.W001",
        )
        for key in sorted(kept - rules)
    ]
    return errors
