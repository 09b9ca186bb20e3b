"""Question log: an index on the conversation (sender id, channel).

A "没帮助" press looks up the conversation's latest question answered with the scenario it was pressed
under (``QuestionLog.question_answered_with``); without this index that reads every question of the
last day.

Revision ID: 0002_question_log_sender
Revises: 0001_baseline
"""

from alembic import op

revision = "0002_question_log_sender"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_question_log_sender", "question_log", ["sender_id", "channel"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_question_log_sender", table_name="question_log")
