"""make backup / make restore (api/backup.py): one archive with a manifest and checksums; a round trip
gives back the databases, the models and the reviewed examples; a corrupt, partial or foreign archive is
refused before anything is written."""

import io
import json
import os
import sqlite3
import tarfile
from pathlib import Path

import pytest

from api.backup import BackupRefused, create_backup, restore_backup
from api.db import make_engine
from api.settings import Settings
from learning.audit import AuditLog
from learning.question_log import QuestionLog


@pytest.fixture
def station(tmp_path):
    """A station's state on disk: the gateway's database with a logged question and an audit row, Rasa's
    conversations, the live model and a trainer's reviewed examples."""
    settings = Settings(
        db_url=f"sqlite:///{tmp_path / 'var' / 'fengqiao.db'}",
        tracker_db_url=f"sqlite:///{tmp_path / 'var' / 'rasa.db'}",
        model=str(tmp_path / "models" / "fengqiao.tar.gz"),
        models_dir=str(tmp_path / "models" / "station"),
        reviewed_nlu_file=str(tmp_path / "data" / "nlu" / "reviewed.yml"),
    )
    engine = make_engine(settings.db_url)
    QuestionLog(engine).record("web", "officer-1", "answered", "居民不开门怎么办", scenario=4, confidence=0.93)
    AuditLog(engine).record("王教官", "assign", subject="question 1")
    engine.dispose()
    with sqlite3.connect(tmp_path / "var" / "rasa.db") as tracker:
        tracker.execute("CREATE TABLE events (sender_id TEXT, data TEXT)")
        tracker.execute(
            'INSERT INTO events VALUES (\'officer-1\', \'{"event": "slot", "name": "scenario", "value": "4"}\')'
        )
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "fengqiao.tar.gz").write_bytes(b"the live model")
    (tmp_path / "data" / "nlu").mkdir(parents=True)
    (tmp_path / "data" / "nlu" / "reviewed.yml").write_text("nlu: []\n", encoding="utf-8")
    return settings, tmp_path


def questions(settings):
    with sqlite3.connect(settings.db_url.removeprefix("sqlite:///")) as db:
        return [row[0] for row in db.execute("SELECT text FROM question_log ORDER BY id")]


def tracker_rows(root):
    with sqlite3.connect(root / "var" / "rasa.db") as db:
        return db.execute("SELECT sender_id, data FROM events").fetchall()


def test_a_backup_holds_every_part_with_its_checksum(station):
    settings, root = station
    archive = create_backup(settings, root / "backups")
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        names = set(tar.getnames())
    roles = {part["role"] for part in manifest["parts"]}
    assert roles == {"gateway_database", "tracker_database", "live_model", "reviewed_examples"}
    assert all(len(part["sha256"]) == 64 and part["member"] in names for part in manifest["parts"])


def test_a_round_trip_gives_back_conversations_question_log_audit_model_and_examples(station):
    settings, root = station
    archive = create_backup(settings, root / "backups")
    before = tracker_rows(root)
    for path in (
        root / "var" / "fengqiao.db",
        root / "var" / "rasa.db",
        root / "models" / "fengqiao.tar.gz",
        root / "data" / "nlu" / "reviewed.yml",
    ):
        path.unlink()
    restored = restore_backup(archive, settings)
    assert len(restored) == 4
    assert questions(settings) == ["居民不开门怎么办"] and tracker_rows(root) == before
    engine = make_engine(settings.db_url)
    assert [entry.action for entry in AuditLog(engine).recent(10)] == ["assign"]
    engine.dispose()
    assert (root / "models" / "fengqiao.tar.gz").read_bytes() == b"the live model"
    assert (root / "data" / "nlu" / "reviewed.yml").read_text(encoding="utf-8") == "nlu: []\n"


def corrupted(archive, tmp_path, change):
    """A copy of ``archive`` with one member's bytes changed by ``change`` (or removed when it returns None)."""
    broken = tmp_path / "broken.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(broken, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            data = change(member.name, data)
            if data is None:
                continue
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return broken


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda name, data: data[:-1] + bytes([data[-1] ^ 1]) if name.endswith("fengqiao.tar.gz") else data,
            "校验和不符",
        ),
        (lambda name, data: None if name.startswith("databases/tracker") else data, "备份不完整"),
        (lambda name, data: b"{}" if name == "manifest.json" else data, "清单格式不对"),
    ],
)
def test_a_corrupt_or_partial_archive_is_refused_and_nothing_is_overwritten(station, change, message):
    settings, root = station
    archive = create_backup(settings, root / "backups")
    QuestionLog(make_engine(settings.db_url)).record("web", "officer-2", "answered", "新问题", scenario=1)
    with pytest.raises(BackupRefused, match=message):
        restore_backup(corrupted(archive, root, change), settings)
    assert questions(settings) == ["居民不开门怎么办", "新问题"]  # the live database untouched


def test_a_truncated_archive_is_refused(station):
    settings, root = station
    archive = create_backup(settings, root / "backups")
    cut = root / "cut.tar.gz"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(BackupRefused, match="无法读取"):
        restore_backup(cut, settings)


def test_an_archive_with_a_file_outside_its_manifest_is_refused(station):
    settings, root = station
    archive = create_backup(settings, root / "backups")
    extra = root / "extra.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(extra, "w:gz") as target:
        for member in source.getmembers():
            target.addfile(member, source.extractfile(member))
        info = tarfile.TarInfo("../../etc/evil")
        info.size = 1
        target.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(BackupRefused, match="清单外"):
        restore_backup(extra, settings)


def test_the_models_a_rollback_can_reach_are_backed_up_and_restored_into_the_models_folder(station):
    from datetime import datetime, timezone

    from learning.live_model import LiveModel, changes_table

    settings, root = station
    station_dir = root / "models" / "station"
    station_dir.mkdir()
    (station_dir / "run-3.tar.gz").write_bytes(b"promoted")
    (station_dir / "live-before-promote.tar.gz").write_bytes(b"replaced")
    engine = make_engine(settings.db_url)
    LiveModel(engine, root / "models" / "fengqiao.tar.gz", station_dir)  # makes its table
    with engine.begin() as connection:
        connection.execute(
            changes_table.insert().values(
                at=datetime.now(timezone.utc),
                actor="王教官",
                action="promote",
                run_id=3,
                undone=False,
                model_path=str(station_dir / "run-3.tar.gz"),
                previous_path=str(station_dir / "live-before-promote.tar.gz"),
            )
        )
    engine.dispose()
    archive = create_backup(settings, root / "backups")
    for path in station_dir.iterdir():
        path.unlink()
    restore_backup(archive, settings)
    assert sorted(path.name for path in station_dir.iterdir()) == ["live-before-promote.tar.gz", "run-3.tar.gz"]
    assert (station_dir / "run-3.tar.gz").read_bytes() == b"promoted"


def test_make_backup_reads_the_services_environment_file_and_writes_an_archive_only_its_owner_reads(station, capsys):
    import stat

    from api.backup import main

    settings, root = station
    env_file = root / "fengqiao.env"
    env_file.write_text(
        f"# the services' file\nDB_URL={settings.db_url}\nTRACKER_DB_URL='{settings.tracker_db_url}'\n"
        f"MODEL={settings.model}\nMODELS_DIR={settings.models_dir}\nREVIEWED_NLU_FILE={settings.reviewed_nlu_file}\n",
        encoding="utf-8",
    )
    umask = os.umask(0o022)
    try:
        assert main(["--env-file", str(env_file), "create", "--out", str(root / "backups")]) == 0
    finally:
        os.umask(umask)  # main() narrows the process's umask; the rest of the test session keeps its own
    archive = Path(capsys.readouterr().out.strip())
    assert archive.exists() and stat.S_IMODE(archive.stat().st_mode) == 0o600
    with tarfile.open(archive) as tar:
        assert "databases/tracker_database" in tar.getnames()


def test_a_manifest_entry_pointing_outside_the_archive_is_refused(station):
    settings, root = station
    archive = create_backup(settings, root / "backups")

    def escape(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["parts"][0]["member"] = "../../etc/passwd"
        return json.dumps(manifest).encode()

    with pytest.raises(BackupRefused, match="不合法"):
        restore_backup(corrupted(archive, root, escape), settings)
