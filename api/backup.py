"""Backup and restore of a station's state: ``make backup`` / ``make restore ARCHIVE=…``.

One archive (``fengqiao-backup-<UTC time>.tar.gz``) holds the gateway's database and Rasa's
conversations (SQLite through its online backup API, PostgreSQL through ``pg_dump``), the live model
and every model a rollback can still reach, and the trainers' reviewed examples file, with a manifest
of their roles, sizes and SHA-256 checksums.

A restore checks the whole archive first (the manifest, every member's checksum, nothing unlisted, no
path outside the archive) and refuses a corrupt or partial one with a clear message before anything is
written. Then each part goes back where the *current* settings say it lives (``DB_URL``,
``TRACKER_DB_URL``, ``MODEL``, ``MODELS_DIR``, ``REVIEWED_NLU_FILE``), each file replaced whole.
Stop the gateway and Rasa before a restore (docs/deploy.md); a backup can run while they serve.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Dict, List, Optional

import sqlalchemy as sa

from api.db import make_engine
from api.settings import Settings, settings_from_environment, settings_from_file
from learning.live_model import LiveModel

FORMAT = 1
MANIFEST = "manifest.json"
GATEWAY_DATABASE, TRACKER_DATABASE = "gateway_database", "tracker_database"
LIVE_MODEL, STATION_MODEL, REVIEWED_EXAMPLES = "live_model", "station_model", "reviewed_examples"
ROLES = (GATEWAY_DATABASE, TRACKER_DATABASE, LIVE_MODEL, STATION_MODEL, REVIEWED_EXAMPLES)
CHUNK = 1 << 20


class BackupRefused(Exception):
    """The archive cannot be restored (corrupt, partial, not ours) or the backup cannot be made; nothing was changed."""


@dataclass(frozen=True)
class Part:
    """One member of the archive: its role, its name inside the archive, and for a station model its file name."""

    role: str
    member: str
    sha256: str
    size: int
    engine: str = ""  # databases: "sqlite" or "postgresql"

    def as_dict(self) -> Dict[str, object]:
        return {
            "role": self.role,
            "member": self.member,
            "sha256": self.sha256,
            "size": self.size,
            "engine": self.engine,
        }


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def sqlite_file(db_url: str) -> Optional[Path]:
    """The file of a SQLite URL, ``None`` for another database."""
    url = sa.engine.make_url(db_url)
    return Path(url.database) if url.drivername.startswith("sqlite") and url.database else None


def connection_arguments(db_url: str) -> List[str]:
    """``--dbname`` for ``pg_dump``/``pg_restore``: the URL without its password (a command line is
    visible to every local user; the password travels in the environment, :func:`postgres_environment`)."""
    url = sa.engine.make_url(db_url).set(drivername="postgresql", password=None)
    return ["--dbname", url.render_as_string(hide_password=False)]


def postgres_environment(db_url: str) -> Dict[str, str]:
    password = sa.engine.make_url(db_url).password
    return {**os.environ, **({"PGPASSWORD": str(password)} if password else {})}


def dump_database(db_url: str, out: Path) -> str:
    """A consistent copy of the database at ``out``; its engine name."""
    path = sqlite_file(db_url)
    if path is not None:
        if not path.exists():
            raise BackupRefused(f"数据库文件不存在 (database file missing): {path}")
        with sqlite3.connect(path) as source, sqlite3.connect(out) as copy:
            source.backup(copy)  # the online backup API: consistent while the services write
        return "sqlite"
    if sa.engine.make_url(db_url).drivername.startswith("postgresql"):
        subprocess.run(
            ["pg_dump", "--format=custom", "--file", str(out), *connection_arguments(db_url)],
            check=True,
            env=postgres_environment(db_url),
            capture_output=True,
        )
        return "postgresql"
    raise BackupRefused(f"不支持的数据库 (unsupported database): {sa.engine.make_url(db_url).drivername}")


def station_models(settings: Settings) -> List[Path]:
    """The model files a rollback can still reach (the live model's history), besides MODEL itself."""
    model = Path(settings.model)
    engine = make_engine(settings.db_url)
    try:
        kept = LiveModel(engine, model, Path(settings.models_dir)).kept_files()
    finally:
        engine.dispose()
    return sorted({Path(path).resolve() for path in kept if Path(path).exists()} - {model.resolve()})


def create_backup(settings: Settings, out_dir: Path, now: Optional[datetime] = None) -> Path:
    """Write one archive of everything a station needs back into ``out_dir``; its path."""
    moment = now or datetime.now(timezone.utc)
    out_dir.mkdir(parents=True, exist_ok=True)
    archive = out_dir / f"fengqiao-backup-{moment:%Y%m%dT%H%M%SZ}.tar.gz"
    with tempfile.TemporaryDirectory(dir=out_dir) as work_dir:
        work = Path(work_dir)
        files: Dict[str, Path] = {}
        parts: List[Part] = []

        def add(role: str, member: str, path: Path, engine: str = "") -> None:
            files[member] = path
            parts.append(Part(role, member, sha256_of(path), path.stat().st_size, engine))

        for role, url in ((GATEWAY_DATABASE, settings.db_url), (TRACKER_DATABASE, settings.tracker_db_url)):
            if url:
                copy = work / role
                add(role, f"databases/{role}", copy, dump_database(url, copy))
        model = Path(settings.model)
        if not model.exists():
            raise BackupRefused(f"现用模型不存在 (MODEL missing): {model}")
        add(LIVE_MODEL, f"models/live/{model.name}", model)
        for path in station_models(settings):
            add(STATION_MODEL, f"models/station/{path.name}", path)
        reviewed = Path(settings.reviewed_nlu_file)
        if reviewed.exists():
            add(REVIEWED_EXAMPLES, f"data/{reviewed.name}", reviewed)
        manifest = work / MANIFEST
        manifest.write_text(
            json.dumps(
                {"format": FORMAT, "created": moment.isoformat(), "parts": [part.as_dict() for part in parts]},
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(manifest, arcname=MANIFEST)
            for member, path in files.items():
                tar.add(path, arcname=member)
        os.replace(partial, archive)  # never a half-written archive under the final name
    return archive


def read_manifest(tar: tarfile.TarFile) -> List[Part]:
    """The parts the manifest lists; refused when it is missing, malformed or of another format."""
    try:
        handle = tar.extractfile(MANIFEST)
        data = json.loads(handle.read().decode("utf-8")) if handle else None
    except (KeyError, ValueError, UnicodeDecodeError) as error:
        raise BackupRefused(f"备份缺少有效的清单 (no valid manifest): {error}") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("parts"), list):
        raise BackupRefused("备份清单格式不对 (manifest of another format)")
    parts = []
    for entry in data["parts"]:
        try:
            part = Part(
                str(entry["role"]),
                str(entry["member"]),
                str(entry["sha256"]),
                int(entry["size"]),
                str(entry.get("engine") or ""),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise BackupRefused(f"备份清单条目不完整 (incomplete manifest entry): {entry!r}") from error
        if part.role not in ROLES or part.member.startswith("/") or ".." in Path(part.member).parts:
            raise BackupRefused(f"备份清单条目不合法 (bad manifest entry): {part.member}")
        parts.append(part)
    return parts


def checked_parts(archive: Path, into: Path) -> List[Part]:
    """Extract ``archive`` into ``into`` and check it whole; the parts, or :class:`BackupRefused`."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            parts = read_manifest(tar)
            listed = {part.member for part in parts} | {MANIFEST}
            members = tar.getmembers()
            unlisted = [member.name for member in members if member.name not in listed]
            if unlisted:
                raise BackupRefused(f"备份中有清单外的文件 (files not in the manifest): {unlisted[:3]}")
            for part in parts:
                try:
                    member = tar.getmember(part.member)
                except KeyError:
                    raise BackupRefused(f"备份不完整，缺少 (partial archive, missing): {part.member}") from None
                if not member.isfile():
                    raise BackupRefused(f"备份条目不是普通文件 (not a regular file): {part.member}")
                source = tar.extractfile(member)
                if source is None:
                    raise BackupRefused(f"备份条目无法读取 (cannot be read): {part.member}")
                target = into / part.member
                target.parent.mkdir(parents=True, exist_ok=True)
                with target.open("wb") as out:
                    shutil.copyfileobj(source, out, CHUNK)
                if target.stat().st_size != part.size or sha256_of(target) != part.sha256:
                    raise BackupRefused(f"校验和不符，备份已损坏 (checksum mismatch, archive corrupt): {part.member}")
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupRefused(f"备份文件无法读取，可能已损坏或不完整 (archive unreadable): {error}") from error
    return parts


def restore_database(copy: Path, engine_name: str, db_url: str) -> None:
    path = sqlite_file(db_url)
    if engine_name == "sqlite" and path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(copy) as source, sqlite3.connect(path) as target:
            source.backup(target)  # the whole database replaced in one step
        return
    if engine_name == "postgresql" and path is None:
        subprocess.run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", *connection_arguments(db_url), str(copy)],
            check=True,
            env=postgres_environment(db_url),
            capture_output=True,
        )
        return
    raise BackupRefused(f"备份中的数据库（{engine_name}）与现在的设置不一致 (database kind differs)")


def replace_file(copy: Path, target: Path) -> None:
    """Put ``copy`` at ``target`` whole (a copy beside it, then a rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(f".{target.name}.restoring")
    shutil.copyfile(copy, staged)
    os.replace(staged, target)


def restore_backup(archive: Path, settings: Settings) -> List[str]:
    """Put every part of ``archive`` back where ``settings`` say it lives; what was restored."""
    if not archive.is_file():
        raise BackupRefused(f"找不到备份文件 (no such archive): {archive}")
    with tempfile.TemporaryDirectory() as work_dir:
        work = Path(work_dir)
        parts = checked_parts(archive, work)  # everything checked before anything is written
        for part in parts:  # the settings fit the archive, also checked before anything is written
            if part.role in (GATEWAY_DATABASE, TRACKER_DATABASE):
                url = settings.db_url if part.role == GATEWAY_DATABASE else settings.tracker_db_url
                if not url:
                    raise BackupRefused(
                        "备份含有会话记录，但 TRACKER_DB_URL 未设置 "
                        "(set TRACKER_DB_URL to restore Rasa's conversations)"
                    )
                if part.engine != ("sqlite" if sqlite_file(url) is not None else "postgresql"):
                    raise BackupRefused(
                        f"备份中的数据库（{part.engine}）与现在的设置不一致 "
                        f"(database kind differs from {part.role}'s URL)"
                    )
        done = []
        for part in parts:
            copy = work / part.member
            if part.role in (GATEWAY_DATABASE, TRACKER_DATABASE):
                restore_database(
                    copy, part.engine, settings.db_url if part.role == GATEWAY_DATABASE else settings.tracker_db_url
                )
            elif part.role == LIVE_MODEL:
                replace_file(copy, Path(settings.model))
            elif part.role == STATION_MODEL:
                replace_file(copy, Path(settings.models_dir) / Path(part.member).name)
            else:
                replace_file(copy, Path(settings.reviewed_nlu_file))
            done.append(part.member)
    return done


def main(argv: Optional[List[str]] = None) -> int:
    os.umask(0o077)  # the archive holds officers' conversations: readable by the service user only
    parser = argparse.ArgumentParser(prog="python -m api.backup", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--env-file", type=Path, help="the services' environment file (e.g. /etc/fengqiao/fengqiao.env)"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create", help="write one archive")
    create.add_argument("--out", type=Path, default=Path("var/backups"))
    restore = commands.add_parser("restore", help="restore an archive (stop the services first)")
    restore.add_argument("archive", type=Path)
    args = parser.parse_args(argv)
    settings = settings_from_file(args.env_file) if args.env_file else settings_from_environment()
    try:
        if args.command == "create":
            print(create_backup(settings, args.out))
        else:
            for member in restore_backup(args.archive, settings):
                print(f"restored {member}")
    except BackupRefused as refused:
        print(f"refused: {refused}", file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as failed:  # its command line is not printed (it names the database)
        detail = (failed.stderr or b"").decode("utf-8", "replace").strip().splitlines()[-1:] if failed.stderr else []
        print(f"failed: {failed.cmd[0]} exited with {failed.returncode} {' '.join(detail)}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
