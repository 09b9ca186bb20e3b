"""The station's days: times are stored in UTC, but "today", "per day" and a date range mean the
station's own calendar days (STATION_TIMEZONE, default Asia/Shanghai)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import List, Optional, Tuple
from zoneinfo import ZoneInfo

from api.db import as_utc


@dataclass(frozen=True)
class StationCalendar:
    zone: ZoneInfo

    def day_of(self, moment: datetime) -> str:
        """The station's ISO date of a stored time (SQLite's come back without a zone: UTC)."""
        return as_utc(moment).astimezone(self.zone).date().isoformat()

    def start_of(self, day: date) -> datetime:
        """The first moment of a station day, in UTC."""
        return datetime.combine(day, time.min, tzinfo=self.zone).astimezone(timezone.utc)

    def today(self, now: Optional[datetime] = None) -> date:
        return (now or datetime.now(timezone.utc)).astimezone(self.zone).date()

    def last_days(self, days: int, now: Optional[datetime] = None) -> Tuple[datetime, List[str]]:
        """The start (UTC) of the last ``days`` station days, today included, and their ISO dates."""
        first = self.today(now) - timedelta(days=days - 1)
        return self.start_of(first), [(first + timedelta(days=offset)).isoformat() for offset in range(days)]
