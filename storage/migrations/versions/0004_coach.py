"""coach: stage-I answers, dismissed suggestions, work plan events, evaluations, documents

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "coach_dismissals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=48), nullable=False),
        sa.Column("until", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_coach_dismissals_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_coach_dismissals_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coach_dismissals")),
        sa.UniqueConstraint("member_id", "key", name=op.f("uq_coach_dismissals_member_id")),
    )
    with op.batch_alter_table("coach_dismissals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_coach_dismissals_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "coach_documents",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("adopted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_coach_documents_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_coach_documents_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("organisation_id", "kind", name=op.f("pk_coach_documents")),
    )
    op.create_table(
        "coach_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("direction", sa.String(length=32), nullable=True),
        sa.Column("responsible_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["members.id"],
            name=op.f("fk_coach_events_created_by_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_coach_events_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["responsible_id"],
            ["members.id"],
            name=op.f("fk_coach_events_responsible_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coach_events")),
    )
    with op.batch_alter_table("coach_events", schema=None) as batch_op:
        batch_op.create_index("ix_coach_events_org_day", ["organisation_id", "day"], unique=False)

    op.create_table(
        "coach_stage_one_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_coach_stage_one_answers_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_coach_stage_one_answers_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coach_stage_one_answers")),
        sa.UniqueConstraint(
            "organisation_id", "question", name=op.f("uq_coach_stage_one_answers_organisation_id")
        ),
    )
    op.create_table(
        "coach_evaluations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("benefit", sa.Integer(), nullable=False),
        sa.Column("reliability", sa.Integer(), nullable=False),
        sa.Column("activity", sa.Integer(), nullable=False),
        sa.Column("fit", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("direction", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_coach_evaluations_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_coach_evaluations_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_coach_evaluations_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coach_evaluations")),
    )
    with op.batch_alter_table("coach_evaluations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_coach_evaluations_org_created", ["organisation_id", "created_at"], unique=False
        )
        batch_op.create_index(
            "ix_coach_evaluations_partner_created", ["partner_id", "created_at"], unique=False
        )

    op.create_table(
        "coach_event_partners",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["coach_events.id"],
            name=op.f("fk_coach_event_partners_event_id_coach_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_coach_event_partners_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "partner_id", name=op.f("pk_coach_event_partners")),
    )
    with op.batch_alter_table("coach_event_partners", schema=None) as batch_op:
        batch_op.create_index(
            "ix_coach_event_partners_partner", ["partner_id", "event_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("coach_event_partners", schema=None) as batch_op:
        batch_op.drop_index("ix_coach_event_partners_partner")

    op.drop_table("coach_event_partners")
    with op.batch_alter_table("coach_evaluations", schema=None) as batch_op:
        batch_op.drop_index("ix_coach_evaluations_partner_created")
        batch_op.drop_index("ix_coach_evaluations_org_created")

    op.drop_table("coach_evaluations")
    op.drop_table("coach_stage_one_answers")
    with op.batch_alter_table("coach_events", schema=None) as batch_op:
        batch_op.drop_index("ix_coach_events_org_day")

    op.drop_table("coach_events")
    op.drop_table("coach_documents")
    with op.batch_alter_table("coach_dismissals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coach_dismissals_organisation_id"))

    op.drop_table("coach_dismissals")
    # ### end Alembic commands ###
