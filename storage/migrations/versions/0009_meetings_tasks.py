"""tasks (dated next steps with a partner), meeting participants, the meeting's end

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

from collections.abc import Sequence
from datetime import timedelta

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "meeting_members",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_members_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_meeting_members_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("meeting_id", "member_id", name=op.f("pk_meeting_members")),
    )
    with op.batch_alter_table("meeting_members", schema=None) as batch_op:
        batch_op.create_index(
            "ix_meeting_members_member", ["member_id", "meeting_id"], unique=False
        )

    op.create_table(
        "tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("due_day", sa.Date(), nullable=False),
        sa.Column("has_time", sa.Boolean(), nullable=False),
        sa.Column("remind_at", sa.DateTime(), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["members.id"],
            name=op.f("fk_tasks_created_by_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_tasks_meeting_id_meetings"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_tasks_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_tasks_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_tasks_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tasks")),
    )
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.create_index(
            "ix_tasks_org_status_due", ["organisation_id", "status", "due_day"], unique=False
        )
        batch_op.create_index(
            "ix_tasks_partner_status", ["partner_id", "status", "due_day"], unique=False
        )

    # the end of every meeting so far (start + duration), then required
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ends_at", sa.DateTime(), nullable=True))
    meetings = sa.table(
        "meetings",
        sa.column("id", sa.Integer()),
        sa.column("member_id", sa.Integer()),
        sa.column("starts_at", sa.DateTime()),
        sa.column("duration_min", sa.Integer()),
        sa.column("ends_at", sa.DateTime()),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(
            meetings.c.id, meetings.c.member_id, meetings.c.starts_at, meetings.c.duration_min
        )
    ).all()
    for mid, _member, starts_at, duration in rows:
        bind.execute(
            meetings.update()
            .where(meetings.c.id == mid)
            .values(ends_at=starts_at + timedelta(minutes=duration or 60))
        )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.alter_column("ends_at", existing_type=sa.DateTime(), nullable=False)
        batch_op.create_index(
            "ix_meetings_org_status_ends", ["organisation_id", "status", "ends_at"], unique=False
        )
    # the planner of each meeting so far takes part in it
    participants = [
        {"meeting_id": mid, "member_id": member} for mid, member, _s, _d in rows if member
    ]
    if participants:
        op.bulk_insert(
            sa.table(
                "meeting_members",
                sa.column("meeting_id", sa.Integer()),
                sa.column("member_id", sa.Integer()),
            ),
            participants,
        )


def downgrade() -> None:
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_index("ix_meetings_org_status_ends")
        batch_op.drop_column("ends_at")

    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_index("ix_tasks_partner_status")
        batch_op.drop_index("ix_tasks_org_status_due")
    op.drop_table("tasks")

    with op.batch_alter_table("meeting_members", schema=None) as batch_op:
        batch_op.drop_index("ix_meeting_members_member")
    op.drop_table("meeting_members")
