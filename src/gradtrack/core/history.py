"""Record history: services call these inside their transaction so that the change and its trace commit together."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import models

from gradtrack.core.models import HistoryEntry

# What the services keep on every versioned record besides its id and content; the API and the benchmark list
# them after the content.
BOOKKEEPING_FIELDS = ("version", "created_at", "updated_at")
# The history shows what people changed, never the bookkeeping.
SKIPPED_FIELDS = {"id", *BOOKKEEPING_FIELDS}

# Records whose history also belongs to a parent record: model label → the foreign key naming the parent.
OWNER_FIELDS = {
    "records.employment": "graduate",
    "replacement.replacementrequest": "graduate",
    "replacement.replacementtest": "request",
}


def _display(instance: models.Model, field: models.Field) -> str:
    if field.is_relation:
        related_id = getattr(instance, field.attname)
        if related_id is None:
            return ""
        return str(getattr(instance, field.name))
    value = getattr(instance, field.attname)
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(field, models.DecimalField):
        # 4200 typed on a form and 4200.00 from the database are the same salary.
        return f"{Decimal(str(value)):.{field.decimal_places}f}"
    return str(value)


def owner_of(instance: models.Model) -> str:
    field_name = OWNER_FIELDS.get(instance._meta.label_lower)
    if not field_name:
        return ""
    field = instance._meta.get_field(field_name)
    owner_id = getattr(instance, field.attname)
    return f"{field.related_model._meta.label_lower}:{owner_id}" if owner_id is not None else ""


def tracked_fields(instance: models.Model) -> Iterable[models.Field]:
    return [f for f in instance._meta.concrete_fields if f.name not in SKIPPED_FIELDS]


def snapshot(instance: models.Model) -> dict[str, str]:
    """The record's values as the history shows them."""
    return {field.name: _display(instance, field) for field in tracked_fields(instance)}


def diff(before: dict[str, str], after: dict[str, str]) -> dict[str, list[str]]:
    return {
        name: [before.get(name, ""), value] for name, value in after.items() if before.get(name, "") != value
    }


def entry_for(
    instance: models.Model, action: str, changes: dict[str, Any], actor=None, source: str = ""
) -> HistoryEntry:
    return HistoryEntry(
        owner=owner_of(instance),
        model=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        action=action,
        changes=changes,
        actor=actor if getattr(actor, "pk", None) else None,
        source=source,
    )


def _saved(entry: HistoryEntry) -> HistoryEntry:
    entry.save()
    return entry


def creation_entry(instance: models.Model, *, actor, source: str = "") -> HistoryEntry:
    """The (unsaved) history entry of a new record: every field it was created with. Bulk writes save many at
    once with ``HistoryEntry.objects.bulk_create``."""
    changes = {name: ["", value] for name, value in snapshot(instance).items() if value != ""}
    return entry_for(instance, HistoryEntry.Action.CREATE, changes, actor, source)


def record_create(instance: models.Model, *, actor, source: str = "") -> HistoryEntry:
    return _saved(creation_entry(instance, actor=actor, source=source))


def record_update(
    instance: models.Model, before: dict[str, str], *, actor, source: str = ""
) -> HistoryEntry | None:
    changes = diff(before, snapshot(instance))
    if not changes:
        return None
    return _saved(entry_for(instance, HistoryEntry.Action.UPDATE, changes, actor, source))


def record_delete(instance: models.Model, *, actor, source: str = "") -> HistoryEntry:
    changes = {name: [value, ""] for name, value in snapshot(instance).items() if value != ""}
    return _saved(entry_for(instance, HistoryEntry.Action.DELETE, changes, actor, source))


def history_of(instance: models.Model):
    return HistoryEntry.objects.filter(
        model=instance._meta.label_lower, object_id=str(instance.pk)
    ).select_related("actor")


def history_owned_by(instance: models.Model):
    """The history of the records that belong to this one (a graduate's jobs, including deleted ones)."""
    owner = f"{instance._meta.label_lower}:{instance.pk}"
    return HistoryEntry.objects.filter(owner=owner).select_related("actor")


def field_labels(model: type[models.Model]) -> dict[str, str]:
    return {f.name: str(f.verbose_name) for f in model._meta.concrete_fields}
