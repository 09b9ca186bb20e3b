"""What the chat-app bridges answer to a message that is not text (voice, image, video, location, link,
file): the reviewed replies of ``data/knowledge/other_messages.yml``, one place for both bridges."""

from __future__ import annotations

from functools import lru_cache
from typing import Dict

import yaml

from guide.paths import KNOWLEDGE

OTHER_MESSAGES_FILE = KNOWLEDGE / "other_messages.yml"
KINDS = ("voice", "image", "video", "location", "link", "file", "other")


@lru_cache(maxsize=1)
def _replies() -> Dict[str, str]:
    data = yaml.safe_load(OTHER_MESSAGES_FILE.read_text(encoding="utf-8"))
    replies = {kind: str(text).strip() for kind, text in data["kinds"].items()}
    missing = set(KINDS) - set(replies)
    if missing:
        raise ValueError(f"{OTHER_MESSAGES_FILE}: no reply for {sorted(missing)}")
    return {**replies, "understood_voice": str(data["understood_voice"])}


def reply_for(kind: str) -> str:
    """The reply to a message of ``kind`` (an unknown kind gets the general one)."""
    return _replies().get(kind if kind in KINDS else "other", _replies()["other"])


def understood_voice(text: str) -> str:
    """The line that leads the answer to a recognised voice message: what was understood."""
    return _replies()["understood_voice"].format(text=text)
