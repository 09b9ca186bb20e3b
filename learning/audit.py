"""The audit trail: who signed in, assigned, trained, promoted or rolled back what, and when. Kept in
the gateway's database beside the data it describes; failed sign-ins recorded here are also what
limits further attempts (every gateway sees them)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List, Optional

import sqlalchemy as sa

from api.admin.sign_in_throttle import Failures
from api.db import as_utc, record_of
from api.schema import ensure_schema
from api.tables import audit_table

SIGN_IN_FAILED = "sign_in_failed"


@dataclass(frozen=True)
class AuditEntry:
    """Who did what, when, from where, with the details."""

    id: int
    at: datetime
    actor: str
    action: str
    subject: str
    address: str
    detail: Dict[str, Any]


class AuditLog:
    """Rows of ``admin_audit``: appended, never changed."""

    def __init__(self, engine: sa.engine.Engine) -> None:
        self.engine = engine
        ensure_schema(engine)

    def record(
        self, actor: str, action: str, subject: str = "", address: str = "", detail: Optional[Dict[str, Any]] = None
    ) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                audit_table.insert().values(
                    at=datetime.now(timezone.utc),
                    actor=actor[:64],
                    action=action,
                    subject=subject,
                    address=address[:64],
                    detail=json.dumps(detail or {}, ensure_ascii=False),
                )
            )

    def recent(self, limit: int = 200, action: Optional[str] = None) -> List[AuditEntry]:
        """The latest entries, newest first."""
        query = sa.select(audit_table).order_by(audit_table.c.id.desc()).limit(limit)
        if action:
            query = query.where(audit_table.c.action == action)
        with self.engine.connect() as connection:
            return [
                record_of(AuditEntry, row, detail=json.loads(row.detail or "{}")) for row in connection.execute(query)
            ]

    def failed_sign_ins(self, minutes: float, name: str, address: str, device: Optional[str]) -> SignInFailures:
        """Failed sign-ins in the last ``minutes``: from this address, for this name, and (when given)
        from this known browser."""
        since = datetime.now(timezone.utc) - timedelta(minutes=minutes)
        failed = (audit_table.c.action == SIGN_IN_FAILED) & (audit_table.c.at >= since)
        buckets = (
            audit_table.c.address == address,
            audit_table.c.subject == name,
            audit_table.c.detail == device_detail(device),
        )
        columns = [
            aggregate
            for condition in buckets
            for aggregate in (sa.func.count().filter(condition), sa.func.max(audit_table.c.at).filter(condition))
        ]
        with self.engine.connect() as connection:
            row = connection.execute(sa.select(*columns).where(failed)).one()
        address_failures, name_failures, device_failures = (
            Failures(int(row[i] or 0), as_utc(row[i + 1])) for i in (0, 2, 4)
        )
        return SignInFailures(address_failures, name_failures, device_failures if device else None)


def device_detail(device: Optional[str]) -> str:
    """The ``detail`` of a failure from a known browser (how failures are counted per browser)."""
    return json.dumps({"device": device}) if device else "-"


@dataclass(frozen=True)
class SignInFailures:
    """Failed sign-ins within the window, per bucket (see api/admin/sign_in_throttle.py)."""

    address: Failures
    name: Failures
    device: Optional[Failures]
