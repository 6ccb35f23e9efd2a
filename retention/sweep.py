"""The retention sweep: applies the portal's own rules (`retention.rules`) to the records each
app registered (`retention.registry`), batch by batch, each batch in a short transaction of its
own with the evidence of what it actually did, and nothing of the personal data itself."""

import datetime
import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, QuerySet

from controllers.models import Controller
from gdpr_portal import clock
from gdpr_portal.keysets import keyset

from .models import DisposalRecord
from .registry import Keeper, keeper
from .rules import PortalRule, portal_rules

BATCH_SIZE = 500


@dataclass
class Outcome:
    rule: PortalRule
    keeper: Keeper
    counts: dict[int | None, int] = field(default_factory=dict)  # controller id → records

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class PurgeMismatch(RuntimeError):
    """A hook disposed of a different number of records than it was given: nothing is kept."""


def _batches(queryset: QuerySet, size: int) -> Iterator[list[int]]:
    """Primary keys in batches, re-queried each time so that memory stays flat."""
    last = 0
    while True:
        keys = list(queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size])
        if not keys:
            return
        yield keys
        last = keys[-1]


# The planner's guess of how many records are due may be this many times too low before the
# sweep has the table analyzed.
MISESTIMATE = 10


def refresh_statistics(queryset: QuerySet, *, due: int | None = None) -> bool:
    """ANALYZE the table of the records about to be swept when the planner's statistics put far
    fewer of them due than there are. Returns whether it did.

    Why: each batch locks its rows with `id IN (the batch's keys) AND <still due>`. On statistics
    that miss the due records — a table never analyzed since a bulk load or import, or one last
    analyzed when few of its records were due, like 100,000 requests closed six years ago
    loaded beside a million analyzed ones (below autovacuum's threshold of a tenth of the table)
    — the planner takes the due records for a handful and joins the keys to every one of them in
    a nested loop: each batch compares every due record with every key, 9 s for the first batch
    of 500 out of 100,000, 55 of the sweep's 73 s (docs/profiles/retention-sweep.txt). On fresh
    statistics it finds each key by the primary key, 1 ms. The check costs a count of the due
    records and one plan; an ANALYZE samples at most 30,000 rows whatever the table's size
    (0.2–0.7 s measured at 100,000), and a sweep of a single batch skips both. `due`: the
    count of the due records when the caller has it already."""
    if connection.vendor != "postgresql":
        return False
    if due is None:
        due = queryset.count()
    if due <= BATCH_SIZE:  # one batch: no key is compared with more than a batch of records
        return False
    plan = json.loads(queryset.explain(format="json"))
    if plan[0]["Plan"]["Plan Rows"] * MISESTIMATE >= due:
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(queryset.model._meta.db_table)}")
    return True


def _portal_controller_id() -> int | None:
    """Records the portal keeps for no controller in particular are the operator's, if the
    operator is on the register; otherwise the evidence names no controller."""
    slug = settings.PORTAL_OPERATOR_SLUG
    return Controller.objects.filter(slug=slug).values_list("pk", flat=True).first()


def _owners(queryset: QuerySet, owner: str | None, default: int | None) -> dict[int | None, int]:
    if owner is None:
        return {default: queryset.count()}
    rows = queryset.values(owner).annotate(n=Count("pk")).order_by(owner)
    return {row[owner]: row["n"] for row in rows}


def _purge_batch(rule: PortalRule, hook: Keeper, queryset: QuerySet, keys, default) -> Counter:
    """One batch in its own transaction: lock what is still due, purge exactly that, record it.
    Files and other side effects of the hook wait for the commit."""
    with transaction.atomic():
        due = queryset.filter(pk__in=keyset(keys)).select_for_update(of=("self",)).order_by("pk")
        if hook.owner is None:
            rows = [(pk, default) for pk in due.values_list("pk", flat=True)]
        else:
            rows = list(due.values_list("pk", hook.owner))
        owners = Counter(owner for _pk, owner in rows)
        if not rows:
            return owners
        done = hook.purge([pk for pk, _owner in rows])
        if done != len(rows):
            raise PurgeMismatch(f"{hook.key}: {done} disposed of, {len(rows)} due")
        now = clock.now()
        DisposalRecord.objects.bulk_create(
            DisposalRecord(
                controller_id=controller_id,
                rule_name=rule.name,
                legal_reference=rule.legal_reference,
                record_kind=hook.key,
                action=hook.action,
                count=n,
                ran_at=now,
            )
            for controller_id, n in sorted(owners.items(), key=lambda item: item[0] or 0)
        )
    return owners


def apply_rule(
    rule: PortalRule,
    *,
    today: datetime.date | None = None,
    dry_run: bool = False,
    progress: Callable[[int], None] = lambda n: None,
    due: int | None = None,
) -> Outcome:
    """Dispose of every record the rule says has expired (`due` of them, when the caller has
    counted them already: `due_count`)."""
    today = today or clock.today()
    hook = keeper(rule.key)
    queryset = hook.find(before=rule.cutoff(today), today=today)
    default = _portal_controller_id()
    if dry_run:
        counts = _owners(queryset, hook.owner, default)
        progress(sum(counts.values()))
        return Outcome(rule, hook, {k: n for k, n in counts.items() if n})
    outcome = Outcome(rule, hook)
    refresh_statistics(queryset, due=due)
    for keys in _batches(queryset, BATCH_SIZE):
        owners = _purge_batch(rule, hook, queryset, keys, default)
        for controller_id, n in owners.items():
            outcome.counts[controller_id] = outcome.counts.get(controller_id, 0) + n
        progress(len(keys))
    return outcome


def due_count(rule: PortalRule, today: datetime.date | None = None) -> int:
    today = today or clock.today()
    return keeper(rule.key).find(before=rule.cutoff(today), today=today).count()


__all__ = ["Outcome", "PurgeMismatch", "apply_rule", "due_count", "portal_rules"]
