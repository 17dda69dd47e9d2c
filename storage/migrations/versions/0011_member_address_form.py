"""member address form: how the bot speaks of a member («вы работаете одна / один»)

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30

Existing members get NULL (not known): the bot derives the form from their name the next
time they open the menu or /settings (bot/services/members.py `ensure_address_form`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("address_form", sa.String(length=1), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("address_form")
