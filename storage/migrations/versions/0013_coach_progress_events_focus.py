"""coach: indexes of the snapshot, held events with their facts; programmes' focus areas

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# frozen copy of texts.method.FOCUS_AREA_LABELS and bot.domain.programs.focus_area_of as of
# this revision: an existing programme's free-text focus that names one area gets it
FOCUS_AREAS = {
    "technical": "Техническая",
    "science": "Естественнонаучная",
    "sports": "Физкультурно-спортивная",
    "arts": "Художественная",
    "tourism": "Туристско-краеведческая",
    "social": "Социально-гуманитарная",
}


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^а-яa-z]+", text.lower().replace("ё", "е")) if w]


def _area(text: str) -> str | None:
    stems = [w[:5] for w in _words(text) if len(w) >= 4]
    found = {
        code
        for code, label in FOCUS_AREAS.items()
        for stem in stems
        if any(stem in part for part in _words(label))
    }
    return found.pop() if len(found) == 1 else None


def upgrade() -> None:
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("focus_area", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("focus_asked_at", sa.DateTime(), nullable=True))
    programs = sa.table(
        "programs",
        sa.column("id", sa.Integer()),
        sa.column("focus", sa.String()),
        sa.column("focus_area", sa.String()),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(programs.c.id, programs.c.focus).where(programs.c.focus.is_not(None))
    ).all()
    for program_id, focus in rows:
        area = _area(focus or "")
        if area is not None:
            connection.execute(
                programs.update().where(programs.c.id == program_id).values(focus_area=area)
            )

    with op.batch_alter_table("coach_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("held_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("children", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("prize", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("photo_file_id", sa.String(length=255), nullable=True))

    # the coach's snapshot reads every per-partner fact from indexes
    with op.batch_alter_table("coach_evaluations", schema=None) as batch_op:
        batch_op.drop_index("ix_coach_evaluations_partner_created")
        batch_op.create_index(
            "ix_coach_evaluations_partner_created",
            ["partner_id", "created_at", "direction"],
            unique=False,
        )
    with op.batch_alter_table("partners", schema=None) as batch_op:
        batch_op.create_index(
            "ix_partners_coach_groups",
            ["organisation_id", "category", "status", "archived_at", "responsible_id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_partners_org_responsible",
            ["organisation_id", "responsible_id", "archived_at", "created_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_partners_org_status_changed",
            ["organisation_id", "status", "archived_at", "status_changed_at"],
            unique=False,
        )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_meetings_partner_status", ["partner_id", "status", "outcome"], unique=False
        )
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.create_index(
            "ix_agreements_partner_status", ["partner_id", "status"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.drop_column("focus_asked_at")
        batch_op.drop_column("focus_area")
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.drop_index("ix_agreements_partner_status")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_index("ix_meetings_partner_status")
    with op.batch_alter_table("partners", schema=None) as batch_op:
        batch_op.drop_index("ix_partners_org_status_changed")
        batch_op.drop_index("ix_partners_org_responsible")
        batch_op.drop_index("ix_partners_coach_groups")
    with op.batch_alter_table("coach_evaluations", schema=None) as batch_op:
        batch_op.drop_index("ix_coach_evaluations_partner_created")
        batch_op.create_index(
            "ix_coach_evaluations_partner_created", ["partner_id", "created_at"], unique=False
        )
    with op.batch_alter_table("coach_events", schema=None) as batch_op:
        batch_op.drop_column("photo_file_id")
        batch_op.drop_column("prize")
        batch_op.drop_column("children")
        batch_op.drop_column("held_at")
