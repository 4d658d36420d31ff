"""Portable backups: every record of every gradtrack app, and the uploaded files, in one .tar.gz.

The archive holds ``manifest.json`` (format, migrations, row counts), ``data.jsonl`` (one line per table:
a header naming the model and its columns, then one JSON array per row) and ``media/`` (the files under the
default storage). JSON makes a backup readable on SQLite and PostgreSQL alike, so a school can move from one to
the other by backing up and restoring.

Decisions:
- Which tables: every model of the ``gradtrack.*`` apps in INSTALLED_APPS (computed, so apps added later are
  included), their many-to-many tables, and ``auth.Group`` (users refer to it). Sessions and the cache are
  left out: they are not records, and restored sessions could log someone in as another user.
- A reference to a table outside the backup (a user's permissions, a content type) is written as that row's
  natural key, so it resolves on another database whose ids differ.
- Primary keys are kept, so references between records need no translation and the history still names the
  right records.
- A backup is read in one transaction (REPEATABLE READ on PostgreSQL): tables are consistent with each other.
- A restore runs in one transaction: all of it or nothing. It refuses a database holding anything the backup
  would lose, unless forced; rows the migrations created (code tables) that the backup holds unchanged do not
  count. It needs the same migrations as the backup's database (run ``gradtrack migrate`` first).
"""

import datetime
import io
import json
import os
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from gradtrack.imports import uploads
from gradtrack.security import access_log

FORMAT = "gradtrack-backup"
# Rosters uploaded and not (yet) confirmed: whole files of 身份证号 that are no record; purged by gradtrack daily.
NOT_BACKED_UP = (f"{uploads.UPLOAD_DIR}/",)
FORMAT_VERSION = 1
EXTRA_MODELS = ("auth.group",)
BATCH = 2000
# Above this many rows a table is taken to hold real records without comparing it row by row.
COMPARE_LIMIT = 5000


class BackupEncoder(DjangoJSONEncoder):
    """Django's encoder rounds times to milliseconds; a backup keeps them exactly."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """A backup that cannot be restored here; the message says why and what to do."""


# --- What is backed up ------------------------------------------------------------------------------------


def project_app_labels() -> list[str]:
    return [config.label for config in apps.get_app_configs() if config.name.startswith("gradtrack.")]


def backed_up_models() -> list[type[models.Model]]:
    """Every table of the project's apps (with many-to-many tables) and the contrib tables they need."""
    chosen: list[type[models.Model]] = []
    for label in project_app_labels():
        chosen.extend(apps.get_app_config(label).get_models(include_auto_created=True))
    for label in EXTRA_MODELS:
        model = apps.get_model(label)
        chosen.append(model)
        chosen.extend(f.remote_field.through for f in model._meta.local_many_to_many)
    # Proxy and unmanaged models share or lack a table of their own.
    return [m for m in dict.fromkeys(chosen) if m._meta.managed and not m._meta.proxy]


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _columns(model: type[models.Model]) -> list[models.Field]:
    return list(model._meta.concrete_fields)


def _external_target(model_field: models.Field, included: set[str]) -> type[models.Model] | None:
    """The model a foreign key points to when that table is not in the backup (written by natural key)."""
    if not model_field.is_relation:
        return None
    target = model_field.related_model
    if _label(target) in included:
        return None
    if not hasattr(target, "natural_key"):
        raise BackupError(
            f"{_label(model_field.model)}.{model_field.name} refers to {_label(target)}, "
            "which is neither backed up nor has a natural key"
        )
    return target


def migration_state() -> dict[str, list[str]]:
    recorder = MigrationRecorder(connection)
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(recorder.applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


# --- Writing ------------------------------------------------------------------------------------------------


@dataclass
class BackupSummary:
    path: Path
    counts: dict[str, int]
    media_files: int

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def _dump_rows(model: type[models.Model], included: set[str]) -> Iterator[list[Any]]:
    columns = _columns(model)
    external = {f.attname: _external_target(f, included) for f in columns}
    natural_keys: dict[tuple[str, Any], Any] = {}
    rows = model._base_manager.order_by("pk").values_list(*[f.attname for f in columns])
    for row in rows.iterator(chunk_size=BATCH):
        values = list(row)
        for index, model_field in enumerate(columns):
            target = external[model_field.attname]
            if target is not None and values[index] is not None:
                key = (_label(target), values[index])
                if key not in natural_keys:
                    natural_keys[key] = list(target._base_manager.get(pk=values[index]).natural_key())
                values[index] = natural_keys[key]
        yield values


def _begin_consistent_read(outermost: bool) -> None:
    # Inside a caller's transaction (tests) the snapshot is the caller's to choose.
    if connection.vendor == "postgresql" and outermost:
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


def _write_data(handle) -> dict[str, int]:
    chosen = backed_up_models()
    included = {_label(m) for m in chosen}
    counts = {}
    for model in chosen:
        header = {"model": _label(model), "columns": [f.attname for f in _columns(model)]}
        handle.write(json.dumps(header, ensure_ascii=False) + "\n")
        count = 0
        for values in _dump_rows(model, included):
            handle.write(json.dumps(values, cls=BackupEncoder, ensure_ascii=False) + "\n")
            count += 1
        counts[_label(model)] = count
    return counts


def media_files(storage=default_storage, directory: str = "") -> Iterator[str]:
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for name in sorted(directories):
        yield from media_files(storage, f"{directory}/{name}" if directory else name)


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(content))


def default_backup_path() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"gradtrack-{stamp}.tar.gz"


def create_backup(
    path: Path | str | None = None, *, request=None, command: str = "", reason: str = ""
) -> BackupSummary:
    """Write the backup archive; returns what it holds. It is written to the access log (PIPL Art. 51: it
    holds every 身份证号, phone and salary) as made by ``request``'s user or, without one, by the command line
    (``command``, the OS user), with the ``reason`` given."""
    path = Path(path) if path else default_backup_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        data_path = Path(scratch) / "data.jsonl"
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            _begin_consistent_read(outermost)
            with open(data_path, "w", encoding="utf-8") as handle:
                counts = _write_data(handle)
            migrations = migration_state()
        manifest = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "database": connection.vendor,
            "migrations": migrations,
            "counts": counts,
        }
        partial = path.with_name(path.name + ".partial")
        media_count = 0
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode())
            archive.add(data_path, arcname="data.jsonl")
            for name in media_files():
                if name.startswith(NOT_BACKED_UP):
                    continue
                with default_storage.open(name, "rb") as media:
                    _add_bytes(archive, f"media/{name}", media.read())
                media_count += 1
        os.chmod(partial, 0o600)  # personal data: readable by the owner only
        partial.replace(path)  # a half-written archive never carries the final name
    summary = BackupSummary(path=path, counts=counts, media_files=media_count)
    access_log.log_backup(
        subject=_("全部数据备份：%(rows)d 条记录（%(tables)d 个数据表）、%(files)d 个上传文件 → %(path)s")
        % {"rows": summary.rows, "tables": len(counts), "files": media_count, "path": path},
        record_count=counts.get("records.graduate", 0),  # the people whose data it holds
        request=request,
        command=command,
        reason=reason,
    )
    return summary


# --- Reading ------------------------------------------------------------------------------------------------


@dataclass
class RestoreSummary:
    counts: dict[str, int]
    media_files: int
    replaced: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


class BackupArchive:
    def __init__(self, path: Path | str):
        self.path = Path(path)
        try:
            self.archive = tarfile.open(self.path, "r:gz")
            self.manifest = json.load(self.archive.extractfile("manifest.json"))
        except (OSError, tarfile.TarError, KeyError, TypeError, ValueError) as exc:
            raise BackupError(
                _("无法读取备份文件 %(path)s：%(error)s") % {"path": path, "error": exc}
            ) from exc
        if self.manifest.get("format") != FORMAT or self.manifest.get("version") != FORMAT_VERSION:
            raise BackupError(_("%(path)s 不是本系统的备份文件（或格式版本不受支持）") % {"path": path})

    def close(self) -> None:
        self.archive.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def tables(self) -> Iterator[tuple[str, list[str], Iterator[list[Any]]]]:
        """(model label, columns, rows) for each table, streamed: read each table's rows before the next."""
        lines = (
            json.loads(line) for line in io.TextIOWrapper(self.archive.extractfile("data.jsonl"), "utf-8")
        )
        lookahead: list[Any] = []

        def rows() -> Iterator[list[Any]]:
            for item in lines:
                if isinstance(item, dict):
                    lookahead.append(item)
                    return
                yield item

        header = next(lines, None)
        while header is not None:
            table_rows = rows()
            yield header["model"], header["columns"], table_rows
            for _row in table_rows:  # the caller skipped some rows: move on to the next header
                pass
            header = lookahead.pop() if lookahead else None

    def media_members(self) -> Iterator[tuple[str, tarfile.TarInfo]]:
        for member in self.archive:
            if not member.name.startswith("media/"):
                continue
            name = PurePosixPath(member.name[len("media/") :])
            # Never outside the storage: no absolute names, no "..", only plain files.
            if not member.isfile() or name.is_absolute() or ".." in name.parts or not name.parts:
                continue
            yield str(name), member


def _check_migrations(manifest: dict) -> None:
    ours = migration_state()
    theirs = manifest["migrations"]
    differing = sorted(
        label
        for label in set(theirs) | set(ours)
        if (label in project_app_labels() or label in {"auth", "contenttypes"})
        and set(theirs.get(label, [])) != set(ours.get(label, []))
    )
    if differing:
        raise BackupError(
            _(
                "备份与当前数据库的结构版本不同（%(apps)s）。请用与备份相同版本的 gradtrack 在运行过 "
                "gradtrack migrate 的空数据库上恢复，然后再升级。"
            )
            % {"apps": "、".join(differing)}
        )


def _decoder(model: type[models.Model], columns: list[str], included: set[str]):
    fields = [_field(model, name) for name in columns]
    external = [_external_target(f, included) for f in fields]
    natural: dict[tuple[str, tuple], Any] = {}

    def resolve(target: type[models.Model], key: list) -> Any:
        cache_key = (_label(target), tuple(key))
        if cache_key not in natural:
            try:
                natural[cache_key] = target._default_manager.get_by_natural_key(*key).pk
            except target.DoesNotExist as exc:
                raise BackupError(
                    _("备份引用的 %(model)s %(key)s 在当前数据库中不存在")
                    % {"model": _label(target), "key": key}
                ) from exc
        return natural[cache_key]

    def decode(values: list[Any]) -> models.Model:
        kwargs = {}
        for model_field, target, value in zip(fields, external, values, strict=True):
            if value is not None and target is not None:
                value = resolve(target, value)
            elif value is not None:
                value = model_field.to_python(value)
            kwargs[model_field.attname] = value
        return model(**kwargs)

    return fields, decode


def _field(model: type[models.Model], attname: str) -> models.Field:
    for model_field in model._meta.concrete_fields:
        if model_field.attname == attname:
            return model_field
    raise BackupError(
        _("备份中的 %(model)s 有当前版本没有的字段 %(field)s") % {"model": model, "field": attname}
    )


def _encoded(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=BackupEncoder))


def _rows_not_in_backup(bundle: BackupArchive, chosen: list[type[models.Model]]) -> dict[str, int]:
    """Tables whose rows the restore would lose: anything the backup does not hold unchanged."""
    present = {_label(m): m for m in chosen if m._base_manager.exists()}
    if not present:
        return {}
    included = {_label(m) for m in chosen}
    conflicts = {}
    seen = set()
    for label, columns, rows in bundle.tables():
        model = present.get(label)
        if model is None:
            continue
        seen.add(label)
        count = model._base_manager.count()
        if count > COMPARE_LIMIT or columns != [f.attname for f in _columns(model)]:
            conflicts[label] = count
            continue
        backup_rows = {json.dumps(row) for row in rows}
        ours = {json.dumps(_encoded(row)) for row in _dump_rows(model, included)}
        if not ours <= backup_rows:
            conflicts[label] = count
    for label, model in present.items():
        if label not in seen:
            conflicts[label] = model._base_manager.count()
    return conflicts


def settle_deferred_checks() -> None:
    """PostgreSQL cannot TRUNCATE a table with foreign key checks still pending in the transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _flush(chosen: list[type[models.Model]]) -> None:
    tables = [m._meta.db_table for m in chosen]
    statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=False, allow_cascade=False)
    settle_deferred_checks()
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _insert(model: type[models.Model], instances: list[models.Model], fields: list[models.Field]) -> None:
    if connection.vendor == "postgresql":
        _copy(model, instances, fields)
        return
    # raw=True: values exactly as backed up (auto_now fields keep their times, no pre_save hooks).
    size = connection.ops.bulk_batch_size(fields, instances) or len(instances)
    for start in range(0, len(instances), size):
        model._base_manager._insert(instances[start : start + size], fields=fields, raw=True)


def _copy(model: type[models.Model], instances: list[models.Model], fields: list[models.Field]) -> None:
    """PostgreSQL's COPY: a province's history restores in minutes rather than a quarter of an hour."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
            for instance in instances:
                copy.write_row([f.get_db_prep_save(getattr(instance, f.attname), connection) for f in fields])


def _load(bundle: BackupArchive, chosen: list[type[models.Model]]) -> dict[str, int]:
    by_label = {_label(m): m for m in chosen}
    included = set(by_label)
    counts = {}
    for label, columns, rows in bundle.tables():
        model = by_label.get(label)
        if model is None:
            raise BackupError(_("备份中的数据表 %(model)s 在当前版本中不存在") % {"model": label})
        fields, decode = _decoder(model, columns, included)
        count = 0
        batch: list[models.Model] = []
        for values in rows:
            batch.append(decode(values))
            if len(batch) >= BATCH:
                _insert(model, batch, fields)
                count += len(batch)
                batch = []
        if batch:
            _insert(model, batch, fields)
            count += len(batch)
        counts[label] = count
    return counts


def _reset_sequences(chosen: list[type[models.Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), chosen)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _forget_sessions() -> None:
    # Sessions name users by id; after a restore an old session could belong to someone else.
    if apps.is_installed("django.contrib.sessions"):
        from django.contrib.sessions.models import Session

        Session.objects.all().delete()
    cache.clear()


def restore_backup(path: Path | str, *, force: bool = False) -> RestoreSummary:
    """Replace the database's records by the backup's, in one transaction, then write its files."""
    with BackupArchive(path) as bundle:
        _check_migrations(bundle.manifest)
        ContentType.objects.clear_cache()  # ids cached before a flush would point nowhere
        chosen = backed_up_models()
        with transaction.atomic():
            conflicts = _rows_not_in_backup(bundle, chosen)
            if conflicts and not force:
                raise BackupError(
                    _("数据库中已有数据（%(tables)s），恢复会覆盖它们。确认要覆盖时请加 --force。")
                    % {"tables": "，".join(f"{label} {count}" for label, count in sorted(conflicts.items()))}
                )
            _flush(chosen)
            with connection.constraint_checks_disabled():
                counts = _load(bundle, chosen)
            connection.check_constraints(table_names=[m._meta.db_table for m in chosen])
            _reset_sequences(chosen)
            expected = bundle.manifest["counts"]
            if {k: v for k, v in counts.items() if v} != {k: v for k, v in expected.items() if v}:
                raise BackupError(_("备份文件不完整：恢复的记录数与备份时不符，已撤销恢复"))
            _forget_sessions()
        media_count = 0
        for name, member in bundle.media_members():
            if default_storage.exists(name):
                default_storage.delete(name)
            default_storage.save(name, File(bundle.archive.extractfile(member), name=name))
            media_count += 1
    return RestoreSummary(counts=counts, media_files=media_count, replaced=conflicts)
