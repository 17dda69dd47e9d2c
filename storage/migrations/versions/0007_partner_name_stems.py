"""partner name stems: an index of word beginnings for duplicate checks

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _stems(name_norm: str) -> set[str]:
    # frozen copy of storage.partners.name_stems as of this revision
    words = [w for w in re.split(r"[^\w]+", name_norm) if len(w) >= 4]
    return {w[:n] for w in words for n in (4, 5)}


def upgrade() -> None:
    stems = op.create_table(
        "partner_name_stems",
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("stem", sa.String(length=5), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_partner_name_stems_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_partner_name_stems_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("partner_id", "stem", name=op.f("pk_partner_name_stems")),
    )
    with op.batch_alter_table("partner_name_stems", schema=None) as batch_op:
        batch_op.create_index(
            "ix_partner_name_stems_org_stem", ["organisation_id", "stem"], unique=False
        )

    partners = sa.table(
        "partners",
        sa.column("id", sa.Integer()),
        sa.column("organisation_id", sa.Integer()),
        sa.column("name_norm", sa.String()),
    )
    rows = op.get_bind().execute(
        sa.select(partners.c.id, partners.c.organisation_id, partners.c.name_norm)
    )
    values = [
        {"partner_id": pid, "stem": stem, "organisation_id": org}
        for pid, org, name_norm in rows
        for stem in _stems(name_norm or "")
    ]
    if values:
        op.bulk_insert(stems, values)


def downgrade() -> None:
    with op.batch_alter_table("partner_name_stems", schema=None) as batch_op:
        batch_op.drop_index("ix_partner_name_stems_org_stem")
    op.drop_table("partner_name_stems")
