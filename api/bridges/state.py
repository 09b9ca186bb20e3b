"""What the bridges remember in the database: processed platform message ids (with the reply
given) and the numbered options last offered to each sender."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Dict, List, Optional

import sqlalchemy as sa

from api.schema import ensure_schema
from api.tables import offered_options, processed_messages


class BridgeState:
    """Duplicate detection and offered options, per channel, in the gateway's database."""

    def __init__(self, engine: sa.engine.Engine) -> None:
        self.engine = engine
        ensure_schema(engine)

    def claim(self, channel: str, message_id: str) -> bool:
        """Record a platform message id; ``False`` when it was already seen (a retry)."""
        try:
            with self.engine.begin() as connection:
                connection.execute(
                    processed_messages.insert().values(
                        channel=channel, message_id=message_id, received_at=datetime.now(timezone.utc)
                    )
                )
            return True
        except sa.exc.IntegrityError:
            return False

    def save_reply(self, channel: str, message_id: str, reply: str) -> None:
        """Keep the reply given to a message, to give it again to a retry."""
        with self.engine.begin() as connection:
            connection.execute(
                processed_messages.update()
                .where(processed_messages.c.channel == channel, processed_messages.c.message_id == message_id)
                .values(reply=reply)
            )

    def reply_for(self, channel: str, message_id: str) -> Optional[str]:
        """The reply given to a message, if it has been answered."""
        with self.engine.connect() as connection:
            return connection.execute(
                sa.select(processed_messages.c.reply).where(
                    processed_messages.c.channel == channel, processed_messages.c.message_id == message_id
                )
            ).scalar()

    def offer(self, channel: str, sender_id: str, options: List[Dict[str, str]]) -> None:
        """Remember the numbered options shown to a sender (replacing earlier ones)."""
        values = {"options": json.dumps(options, ensure_ascii=False), "updated_at": datetime.now(timezone.utc)}
        with self.engine.begin() as connection:
            updated = connection.execute(
                offered_options.update()
                .where(offered_options.c.channel == channel, offered_options.c.sender_id == sender_id)
                .values(**values)
            )
            if updated.rowcount == 0:
                connection.execute(offered_options.insert().values(channel=channel, sender_id=sender_id, **values))

    def chosen_payload(self, channel: str, sender_id: str, text: str) -> Optional[str]:
        """The payload of option ``text`` ("1".."9") last offered to this sender, if it is one."""
        choice = text.strip()
        if not (choice.isdigit() and len(choice) == 1 and choice != "0"):
            return None
        with self.engine.connect() as connection:
            stored = connection.execute(
                sa.select(offered_options.c.options).where(
                    offered_options.c.channel == channel, offered_options.c.sender_id == sender_id
                )
            ).scalar()
        options = json.loads(stored) if stored else []
        index = int(choice) - 1
        return options[index]["payload"] if index < len(options) else None
