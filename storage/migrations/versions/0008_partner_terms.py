"""partner terms: one index of dictionary forms for search and duplicate warnings; the add
flow's draft token on partners

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30

Every partner's name is indexed with bot.domain.search.index_terms (pymorphy3: no frozen
copy can stand in for it) and its `name_norm` recomputed with storage.names.name_key (the
legal forms are now one list, shared with the search). partner_name_stems goes.
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000

_partners = sa.table(
    "partners",
    sa.column("id", sa.Integer()),
    sa.column("organisation_id", sa.Integer()),
    sa.column("name", sa.String()),
    sa.column("name_norm", sa.String()),
)


def upgrade() -> None:
    from bot.domain.search import index_terms  # the index as the bot writes it
    from storage.names import name_key

    terms = op.create_table(
        "partner_terms",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("term", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_partner_terms_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_partner_terms_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("partner_id", "term", name=op.f("pk_partner_terms")),
    )
    with op.batch_alter_table("partner_terms", schema=None) as batch_op:
        batch_op.create_index(
            "ix_partner_terms_org_term", ["organisation_id", "term"], unique=False
        )

    with op.batch_alter_table("partner_name_stems", schema=None) as batch_op:
        batch_op.drop_index("ix_partner_name_stems_org_stem")
    op.drop_table("partner_name_stems")

    with op.batch_alter_table("partners", schema=None) as batch_op:
        batch_op.add_column(sa.Column("draft_token", sa.String(length=16), nullable=True))
        batch_op.create_index(
            "ux_partners_org_draft", ["organisation_id", "draft_token"], unique=True
        )

    bind = op.get_bind()
    rows = bind.execute(
        sa.select(
            _partners.c.id, _partners.c.organisation_id, _partners.c.name, _partners.c.name_norm
        )
    ).all()
    values: list[dict[str, object]] = []
    for pid, org, name, old_norm in rows:
        for term in dict.fromkeys(t[:64] for t in index_terms(name or "")):
            values.append({"organisation_id": org, "partner_id": pid, "term": term})
        new_norm = name_key(name)
        if new_norm != old_norm:
            bind.execute(_partners.update().where(_partners.c.id == pid).values(name_norm=new_norm))
        if len(values) >= BATCH:
            op.bulk_insert(terms, values)
            values = []
    if values:
        op.bulk_insert(terms, values)


def _stems(name_norm: str) -> set[str]:
    # frozen copy of storage.partners.name_stems as of revision 0007
    words = [w for w in re.split(r"[^\w]+", name_norm) if len(w) >= 4]
    return {w[:n] for w in words for n in (4, 5)}


def downgrade() -> None:
    with op.batch_alter_table("partners", schema=None) as batch_op:
        batch_op.drop_index("ux_partners_org_draft")
        batch_op.drop_column("draft_token")

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
    rows = op.get_bind().execute(
        sa.select(_partners.c.id, _partners.c.organisation_id, _partners.c.name_norm)
    )
    values = [
        {"partner_id": pid, "stem": stem, "organisation_id": org}
        for pid, org, name_norm in rows
        for stem in _stems(name_norm or "")
    ]
    if values:
        op.bulk_insert(stems, values)

    with op.batch_alter_table("partner_terms", schema=None) as batch_op:
        batch_op.drop_index("ix_partner_terms_org_term")
    op.drop_table("partner_terms")
