"""A trainer's action that cannot be done, with the reason the console shows."""

from __future__ import annotations

from typing import List, Optional


class Refused(Exception):
    """A console action that cannot be done, with the reason shown to the trainer (HTTP ``status``)."""

    def __init__(self, status: int, reason: str, details: Optional[List[str]] = None) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.details = details or []
