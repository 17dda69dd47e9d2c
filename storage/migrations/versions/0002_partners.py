"""partners: partners, directions, notes, status history, programmes

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "programs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_norm", sa.String(length=200), nullable=False),
        sa.Column("focus", sa.String(length=100), nullable=True),
        sa.Column("age_from", sa.Integer(), nullable=True),
        sa.Column("age_to", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_programs_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programs")),
    )
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.create_index(
            "ix_programs_org_name", ["organisation_id", "name_norm"], unique=False
        )

    op.create_table(
        "partners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_norm", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=True),
        sa.Column("contact_person", sa.String(length=200), nullable=True),
        sa.Column("contact_norm", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("offer", sa.Text(), nullable=True),
        sa.Column("ask", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("status_changed_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("responsible_id", sa.Integer(), nullable=True),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["members.id"],
            name=op.f("fk_partners_created_by_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_partners_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["responsible_id"],
            ["members.id"],
            name=op.f("fk_partners_responsible_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partners")),
    )
    with op.batch_alter_table("partners", schema=None) as batch_op:
        batch_op.create_index(
            "ix_partners_org_archived_name",
            ["organisation_id", "archived_at", "name_norm", "id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_partners_org_category",
            ["organisation_id", "category", "archived_at", "name_norm", "id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_partners_org_status",
            ["organisation_id", "status", "archived_at", "name_norm", "id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_partners_org_search",
            ["organisation_id", "name_norm", "contact_norm", "archived_at"],
            unique=False,
        )

    op.create_table(
        "partner_directions",
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_partner_directions_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("partner_id", "direction", name=op.f("pk_partner_directions")),
    )
    with op.batch_alter_table("partner_directions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_partner_directions_direction", ["direction", "partner_id"], unique=False
        )

    op.create_table(
        "partner_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_norm", sa.Text(), nullable=False),
        sa.Column("attachment_file_id", sa.String(length=255), nullable=True),
        sa.Column("attachment_kind", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["members.id"],
            name=op.f("fk_partner_notes_author_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_partner_notes_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_partner_notes_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_notes")),
    )
    with op.batch_alter_table("partner_notes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_notes_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(
            "ix_partner_notes_partner_created", ["partner_id", "created_at"], unique=False
        )

    op.create_table(
        "partner_programs",
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_partner_programs_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_partner_programs_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("partner_id", "program_id", name=op.f("pk_partner_programs")),
    )
    with op.batch_alter_table("partner_programs", schema=None) as batch_op:
        batch_op.create_index("ix_partner_programs_program", ["program_id"], unique=False)

    op.create_table(
        "partner_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("old_status", sa.String(length=32), nullable=True),
        sa.Column("new_status", sa.String(length=32), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_partner_status_changes_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_partner_status_changes_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_status_changes")),
    )
    with op.batch_alter_table("partner_status_changes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_partner_status_changes_partner", ["partner_id", "changed_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("partner_status_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_partner_status_changes_partner")

    op.drop_table("partner_status_changes")
    with op.batch_alter_table("partner_programs", schema=None) as batch_op:
        batch_op.drop_index("ix_partner_programs_program")

    op.drop_table("partner_programs")
    with op.batch_alter_table("partner_notes", schema=None) as batch_op:
        batch_op.drop_index("ix_partner_notes_partner_created")
        batch_op.drop_index(batch_op.f("ix_partner_notes_organisation_id"))

    op.drop_table("partner_notes")
    with op.batch_alter_table("partner_directions", schema=None) as batch_op:
        batch_op.drop_index("ix_partner_directions_direction")

    op.drop_table("partner_directions")
    with op.batch_alter_table("partners", schema=None) as batch_op:
        batch_op.drop_index("ix_partners_org_search")
        batch_op.drop_index("ix_partners_org_status")
        batch_op.drop_index("ix_partners_org_category")
        batch_op.drop_index("ix_partners_org_archived_name")

    op.drop_table("partners")
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.drop_index("ix_programs_org_name")

    op.drop_table("programs")
