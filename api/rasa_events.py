"""Rasa's SQL tracker store table (``events``, rasa.core.tracker_store.SQLTrackerStore), the columns the
gateway reads: history pages (api/history_pages.py) and pruning (api/retention.py)."""

import sqlalchemy as sa

events = sa.table(
    "events", sa.column("id"), sa.column("sender_id"), sa.column("type_name"), sa.column("timestamp"), sa.column("data")
)
