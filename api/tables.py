"""Every table of the gateway's database, in one place: the stores read and write them, and the
migrations (``api/migrations``) create and change them. A change here needs a migration
(``docs/deploy.md``: ``make migrate``)."""

from __future__ import annotations

import sqlalchemy as sa

from api.db import metadata

# learning/question_log.py
question_log = sa.Table(
    "question_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("sender_id", sa.String(128), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False, index=True),
    sa.Column("scenario", sa.Integer, nullable=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("confidence", sa.Float, nullable=True),
    sa.Column("candidates", sa.Text, nullable=False, default="[]"),
    sa.Index("ix_question_log_sender", "sender_id", "channel"),  # a 没帮助 press finds its question (0002)
)

# api/feedback.py
feedback_table = sa.Table(
    "feedback",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("sender_id", sa.String(128), nullable=False),
    sa.Column("channel", sa.String(32), nullable=False),
    sa.Column("scenario", sa.Integer, nullable=True),
    sa.Column("helpful", sa.Boolean, nullable=False),
    sa.Column("comment", sa.Text, nullable=True),
)

# api/web_sessions.py
revoked_conversations = sa.Table(
    "revoked_conversations",
    metadata,
    sa.Column("conversation_id", sa.String(64), primary_key=True),
    sa.Column("until", sa.DateTime(timezone=True), nullable=False, index=True),  # its cookie dies by then anyway
)

# api/bridges/state.py
processed_messages = sa.Table(
    "bridge_processed_messages",
    metadata,
    sa.Column("channel", sa.String(16), primary_key=True),
    sa.Column("message_id", sa.String(128), primary_key=True),
    sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("reply", sa.Text, nullable=True),
)

# api/bridges/state.py
offered_options = sa.Table(
    "bridge_offered_options",
    metadata,
    sa.Column("channel", sa.String(16), primary_key=True),
    sa.Column("sender_id", sa.String(128), primary_key=True),
    sa.Column("options", sa.Text, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

# api/admin/sessions.py
sessions_table = sa.Table(
    "admin_sessions",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("account", sa.String(64), nullable=False),
    sa.Column("credential", sa.String(16), nullable=False),  # Account.credential when it was opened
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False, index=True),
)

# learning/audit.py
audit_table = sa.Table(
    "admin_audit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("actor", sa.String(64), nullable=False),
    sa.Column("action", sa.String(32), nullable=False, index=True),
    sa.Column("subject", sa.Text, nullable=False, default=""),
    sa.Column("address", sa.String(64), nullable=False, default=""),
    sa.Column("detail", sa.Text, nullable=False, default="{}"),
)

# learning/queue.py
decisions_table = sa.Table(
    "teaching_decisions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.String(64), nullable=False),
    sa.Column(
        "question", sa.Text, nullable=False
    ),  # normalised text (no index: PostgreSQL caps a B-tree entry at ~2.7 kB)
    sa.Column("decision", sa.String(16), nullable=False),
    sa.Column("intent", sa.String(64), nullable=True),  # the example's intent (not for a discard)
    sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("undone_by", sa.String(64), nullable=True),
)

# learning/training.py
runs_table = sa.Table(
    "training_runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("started_by", sa.String(64), nullable=False),
    sa.Column("state", sa.String(16), nullable=False, index=True),
    sa.Column("stage", sa.String(16), nullable=False),
    sa.Column("stage_started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("message", sa.Text, nullable=False, default=""),
    sa.Column("examples", sa.Integer, nullable=True),  # reviewed examples the run trained with
    sa.Column("model_path", sa.Text, nullable=True),
    sa.Column("live_model_path", sa.Text, nullable=True),
    sa.Column("figures", sa.Text, nullable=True),  # {"live": {set: figures}, "new": {set: figures}}
    sa.Column("durations", sa.Text, nullable=False, default="{}"),  # seconds per finished stage
)
# At most one running run, whatever the isolation level and however many gateways start one at once
# ("running" is learning.training.RUNNING).
sa.Index(
    "one_running_run",
    runs_table.c.state,
    unique=True,
    sqlite_where=runs_table.c.state == "running",
    postgresql_where=runs_table.c.state == "running",
)

# learning/live_model.py
changes_table = sa.Table(
    "live_model_changes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.String(64), nullable=False),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("run_id", sa.Integer, nullable=True),
    sa.Column("model_path", sa.Text, nullable=False),
    sa.Column("previous_path", sa.Text, nullable=False),
    sa.Column("previous_run_id", sa.Integer, nullable=True),
    sa.Column("undone", sa.Boolean, nullable=False, default=False),  # a promotion a rollback has undone
)
