"""Audit trails are appended to, never rewritten: the querysets and the model base of every
trail (requests' events, breaches' events). On PostgreSQL each app's migration adds a trigger
that rejects UPDATE and DELETE as well."""

from django.db import models


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk updates and deletes refuse."""

    def update(self, **kwargs):
        raise PermissionError("the audit trail cannot be rewritten")

    def delete(self):
        raise PermissionError("the audit trail cannot be deleted")

    def bulk_update(self, objs, fields, batch_size=None):
        raise PermissionError("the audit trail cannot be rewritten")

    def bulk_create(self, objs, *args, **kwargs):
        if kwargs.get("update_conflicts"):
            raise PermissionError("the audit trail cannot be rewritten")
        return super().bulk_create(objs, *args, **kwargs)


class AppendOnlyModel(models.Model):
    """A row of a trail: saved once, never changed or deleted through the ORM."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("the audit trail cannot be rewritten")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("the audit trail cannot be deleted")
