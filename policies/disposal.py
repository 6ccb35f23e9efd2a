"""What this app keeps and how it is disposed of, registered with the retention sweep
(`retention.registry`) from `PoliciesConfig.ready()`."""

from retention import registry
from retention.models import RetentionRule

from .models import PolicySubscription


def unconfirmed_subscriptions(*, before, today):
    return PolicySubscription.objects.filter(confirmed_at__isnull=True, created_at__lt=before)


delete_subscriptions = registry.deleting(PolicySubscription)


def register() -> None:
    registry.register(
        "unconfirmed_subscriptions",
        action=RetentionRule.Action.ERASE,
        expired=unconfirmed_subscriptions,
        purge=delete_subscriptions,
        owner="policy__controller_id",
    )
