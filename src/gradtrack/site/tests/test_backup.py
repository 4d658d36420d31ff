"""`gradtrack backup` / `gradtrack restore`: a demo school survives a round trip, on SQLite and PostgreSQL."""

import io
import json
import tarfile

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from gradtrack.accounts.models import User
from gradtrack.core.models import CodeTable, HistoryEntry, PolicySettings, SchoolProfile
from gradtrack.records.models import Employer, Employment, Graduate, Major
from gradtrack.site import backup
from gradtrack.site.demo import build_demo_school
from gradtrack.testing.factories import GraduateFactory


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    default_storage.save("reports/报告.docx", ContentFile(b"report bytes"))
    default_storage.save("stamps/2026/scan.png", ContentFile(b"\x89PNG stamp"))
    return settings.MEDIA_ROOT


@pytest.fixture
def school(db, media):
    school = build_demo_school(graduates=60, employers=10)
    user = school.users["jidian"]
    user.set_password("another-password-2026")
    user.save()
    # Permissions have other ids on another database: the backup names them by natural key.
    user.user_permissions.add(Permission.objects.get(codename="view_graduate"))
    return school


def counts() -> dict[str, int]:
    return {model._meta.label_lower: model._base_manager.count() for model in backup.backed_up_models()}


def fields_of(instance) -> dict:
    values = {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}
    values.update({f.name: sorted(str(r) for r in related) for f, related in m2m(instance)})
    return values


def m2m(instance):
    return [(f, getattr(instance, f.name).all()) for f in instance._meta.many_to_many]


def samples() -> list:
    """A few records of each kind, to compare field by field (times to the microsecond, decimals, JSON)."""
    return [
        *Graduate.objects.order_by("pk")[:3],
        Graduate.objects.exclude(id_number="").order_by("-pk").first(),
        *Employment.objects.exclude(end_date=None).order_by("pk")[:2],
        Employment.objects.exclude(monthly_salary=None).order_by("-pk").first(),
        *Employer.objects.order_by("pk")[:2],
        *HistoryEntry.objects.filter(action="update").order_by("pk")[:2],
        User.objects.get(username="jidian"),
        User.objects.get(username="admin"),
        SchoolProfile.objects.get(),
        PolicySettings.current(),
    ]


def wipe_database() -> None:
    backup.settle_deferred_checks()
    call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def _forget_content_type_ids():
    # flush recreates content types with new ids; the test's rollback brings the old ones back.
    yield
    ContentType.objects.clear_cache()


def stored_files(media) -> dict[str, bytes]:
    return {str(path.relative_to(media)): path.read_bytes() for path in media.rglob("*") if path.is_file()}


def test_a_demo_school_restored_into_an_empty_database_is_the_same_school(school, media, tmp_path):
    before_counts = counts()
    before = [(type(r), r.pk, fields_of(r)) for r in samples()]
    before_files = stored_files(media)  # the two above and the demo's department reports
    archive = backup.create_backup(tmp_path / "school.tar.gz")
    assert archive.counts["records.graduate"] == 60
    # The apps added after the foundation are in it too (their demo data comes from site.demo.LATER_PARTS).
    filled_apps = {label.split(".")[0] for label, count in archive.counts.items() if count}
    assert {"accounts", "core", "records", "tracking", "surveys"} <= filled_apps

    wipe_database()
    (media / "reports" / "报告.docx").unlink()
    assert Graduate.objects.count() == 0
    summary = backup.restore_backup(archive.path)

    assert counts() == before_counts
    assert summary.media_files == len(before_files) > 2
    assert stored_files(media) == before_files
    for model, pk, values in before:
        assert fields_of(model._base_manager.get(pk=pk)) == values
    assert User.objects.get(username="jidian").check_password("another-password-2026")
    assert default_storage.open("reports/报告.docx").read() == b"report bytes"
    assert default_storage.open("stamps/2026/scan.png").read() == b"\x89PNG stamp"


def test_new_records_after_a_restore_get_fresh_ids(school, tmp_path):
    archive = backup.create_backup(tmp_path / "school.tar.gz")
    highest = Graduate.objects.order_by("-pk").first().pk
    wipe_database()
    backup.restore_backup(archive.path)
    assert GraduateFactory(major=Major.objects.first()).pk > highest


def test_a_database_with_only_what_migrations_create_is_restored_without_force(school, tmp_path):
    archive = backup.create_backup(tmp_path / "school.tar.gz")
    backup._flush([m for m in backup.backed_up_models() if not issubclass(m, CodeTable)])
    backup.restore_backup(archive.path)
    assert Graduate.objects.count() == 60


def test_restore_refuses_a_database_holding_other_records_unless_forced(school, tmp_path):
    archive = backup.create_backup(tmp_path / "school.tar.gz")
    newcomer = GraduateFactory(major=Major.objects.first(), name="备份后录入")
    with pytest.raises(backup.BackupError, match="records.graduate 61.*--force"):
        backup.restore_backup(archive.path)
    assert Graduate.objects.filter(pk=newcomer.pk).exists()

    summary = backup.restore_backup(archive.path, force=True)
    assert not Graduate.objects.filter(pk=newcomer.pk).exists()
    assert Graduate.objects.count() == 60
    assert summary.replaced["records.graduate"] == 61


def test_a_changed_code_table_counts_as_data_the_restore_would_lose(school, tmp_path):
    archive = backup.create_backup(tmp_path / "school.tar.gz")
    wipe_database()
    call_command("migrate", verbosity=0)  # nothing to apply: flush left the tables and the migration records
    from gradtrack.core.models import EmployerNature

    EmployerNature.objects.create(code="98", name="学校新增的性质")
    with pytest.raises(backup.BackupError, match="core.employernature"):
        backup.restore_backup(archive.path)


def rewrite(archive_path, target_path, *, manifest=None, data=None, extra=()):
    """A copy of a backup with its manifest or data lines changed (a damaged or foreign file)."""
    with tarfile.open(archive_path) as source, tarfile.open(target_path, "w:gz") as target:
        for member in source:
            content = source.extractfile(member).read()
            if member.name == "manifest.json" and manifest:
                content = json.dumps(manifest(json.loads(content))).encode()
            if member.name == "data.jsonl" and data:
                content = "".join(data(line) for line in content.decode().splitlines(keepends=True)).encode()
            member.size = len(content)
            target.addfile(member, io.BytesIO(content))
        for name, content in extra:
            info = tarfile.TarInfo(name)
            info.size = len(content)
            target.addfile(info, io.BytesIO(content))
    return target_path


def test_a_restore_that_fails_half_way_leaves_the_database_as_it_was(school, tmp_path):
    archive = backup.create_backup(tmp_path / "school.tar.gz")
    graduate_ids = set(Graduate.objects.values_list("pk", flat=True))
    jobs = Employment.objects.values_list("pk", flat=True)
    # The last job names a graduate that does not exist: found only after every table was written.
    last_job = max(jobs)

    def orphan(line):
        row = json.loads(line)
        if isinstance(row, list) and row[0] == last_job and len(row) > 5:
            row[1] = 10**9
        return json.dumps(row, ensure_ascii=False) + "\n"

    damaged = rewrite(archive.path, tmp_path / "damaged.tar.gz", data=orphan)
    before = counts()
    with pytest.raises((IntegrityError, backup.BackupError)):
        backup.restore_backup(damaged, force=True)
    assert counts() == before
    assert set(Graduate.objects.values_list("pk", flat=True)) == graduate_ids


def test_a_backup_missing_rows_is_refused_and_nothing_changes(school, tmp_path):
    archive = backup.create_backup(tmp_path / "school.tar.gz")
    first = Graduate.objects.order_by("pk").values_list("pk", flat=True)[0]
    state = {"table": None}

    def drop_first_graduate(line):
        row = json.loads(line)
        if isinstance(row, dict):
            state["table"] = row["model"]
        elif state["table"] == "records.graduate" and row[0] == first:
            return ""
        return line

    damaged = rewrite(archive.path, tmp_path / "short.tar.gz", data=drop_first_graduate)
    before = counts()
    with pytest.raises((IntegrityError, backup.BackupError)):
        backup.restore_backup(damaged, force=True)
    assert counts() == before


def test_a_backup_from_another_version_of_the_schema_is_refused(school, tmp_path):
    archive = backup.create_backup(tmp_path / "school.tar.gz")

    def older(manifest):
        manifest["migrations"]["records"] = manifest["migrations"]["records"][:-1] or ["0000_older"]
        return manifest

    foreign = rewrite(archive.path, tmp_path / "older.tar.gz", manifest=older)
    with pytest.raises(backup.BackupError, match="结构版本不同（records）"):
        backup.restore_backup(foreign, force=True)


def test_a_file_that_is_not_a_backup_is_refused_with_a_message(db, tmp_path):
    not_backup = tmp_path / "roster.tar.gz"
    not_backup.write_bytes(b"not a tar file")
    with pytest.raises(backup.BackupError, match="无法读取备份文件"):
        backup.restore_backup(not_backup)


def test_file_names_leading_outside_the_media_storage_are_not_written(school, media, tmp_path):
    stored = len(stored_files(media))
    archive = backup.create_backup(tmp_path / "school.tar.gz")
    sneaky = rewrite(
        archive.path,
        tmp_path / "sneaky.tar.gz",
        extra=[("media/../../outside.txt", b"x"), ("media//etc/evil", b"x")],
    )
    summary = backup.restore_backup(sneaky, force=True)
    assert summary.media_files == stored
    assert not (tmp_path / "outside.txt").exists()
    assert not (media / "etc").exists()


def test_roster_uploads_waiting_for_confirmation_are_never_backed_up(db, media, tmp_path):
    default_storage.save("imports/abc.xlsx", ContentFile(b"a roster with ID numbers"))
    summary = backup.create_backup(tmp_path / "school.tar.gz")
    with tarfile.open(summary.path) as archive:
        names = archive.getnames()
    assert "media/reports/报告.docx" in names and "media/stamps/2026/scan.png" in names
    assert not [name for name in names if name.startswith("media/imports")]
    assert summary.media_files == 2


def test_every_table_of_every_project_app_is_backed_up(db):
    chosen = {model._meta.label_lower for model in backup.backed_up_models()}
    from django.apps import apps

    for config in apps.get_app_configs():
        if config.name.startswith("gradtrack."):
            assert {m._meta.label_lower for m in config.get_models(include_auto_created=True)} <= chosen
    assert {"accounts.user_departments", "accounts.user_user_permissions", "auth.group"} <= chosen
    assert not {"sessions.session", "contenttypes.contenttype", "auth.permission"} & chosen


def test_the_commands_back_up_and_refuse_to_restore_over_records(school, tmp_path):
    out = io.StringIO()
    call_command("backup", out=str(tmp_path / "cli.tar.gz"), stdout=out)
    assert "已备份" in out.getvalue()
    assert (tmp_path / "cli.tar.gz").stat().st_mode & 0o077 == 0
    GraduateFactory(major=Major.objects.first())
    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(tmp_path / "cli.tar.gz"))
    out = io.StringIO()
    call_command("restore", str(tmp_path / "cli.tar.gz"), force=True, stdout=out)
    assert "已恢复" in out.getvalue()


def test_a_backup_from_the_command_line_is_written_to_the_access_log(school, tmp_path):
    from gradtrack.records.models import Graduate
    from gradtrack.security.models import AccessLogEntry

    target = tmp_path / "nightly.tar.gz"
    call_command("backup", out=str(target), reason="每晚定时备份", stdout=io.StringIO())
    entry = AccessLogEntry.objects.get()
    assert entry.action == AccessLogEntry.Action.BACKUP
    assert entry.actor is None
    assert entry.actor_repr.startswith("命令行（操作系统用户 ")
    assert entry.record_count == Graduate.objects.count() > 0
    assert entry.fields.startswith("身份证号") and "月薪" in entry.fields
    assert entry.reason == "每晚定时备份"
    assert str(target) in entry.subject and entry.path == f"gradtrack backup --out {target}"
