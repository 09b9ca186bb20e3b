"""Durable feedback on answers ("helpful" / "not helpful"), kept in the SQL database of DB_URL."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict, List, Optional

import sqlalchemy as sa

from api.db import row_dict
from api.schema import ensure_schema
from api.tables import feedback_table


class FeedbackStore:
    """Feedback rows in one table, created on first use."""

    def __init__(self, engine: sa.engine.Engine) -> None:
        self.engine = engine
        ensure_schema(engine)

    def add(
        self,
        sender_id: str,
        helpful: bool,
        scenario: Optional[int] = None,
        comment: Optional[str] = None,
        channel: str = "api",
    ) -> int:
        """Store one piece of feedback; its id."""
        with self.engine.begin() as connection:
            result = connection.execute(
                feedback_table.insert().values(
                    created_at=datetime.now(timezone.utc),
                    sender_id=sender_id,
                    channel=channel,
                    scenario=scenario,
                    helpful=helpful,
                    comment=comment,
                )
            )
            return int(result.inserted_primary_key[0])

    def since(self, moment: datetime) -> List[Dict[str, Any]]:
        """Rows given at or after ``moment``, oldest first."""
        query = sa.select(feedback_table).where(feedback_table.c.created_at >= moment).order_by(feedback_table.c.id)
        with self.engine.connect() as connection:
            return [row_dict(row) for row in connection.execute(query)]

    def all(self) -> List[Dict[str, Any]]:
        """Every stored row, oldest first."""
        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(feedback_table).order_by(feedback_table.c.id))
            return [dict(row._mapping) for row in rows]
