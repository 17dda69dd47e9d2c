"""requisites and documents: organisations' and partners' details, people's genders asked
once, members' contacts for letters, outgoing letters' numbers, the obligations confirmed
for an agreement and its network-form terms

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "person_genders",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("gender", sa.String(length=1), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_person_genders_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("organisation_id", "name_key", name=op.f("pk_person_genders")),
    )
    op.create_table(
        "member_contacts",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(length=64), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_member_contacts_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_member_contacts")),
    )
    op.create_table(
        "organisation_requisites",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("full_name", sa.String(length=500), nullable=True),
        sa.Column("short_name", sa.String(length=500), nullable=True),
        sa.Column("legal_form", sa.String(length=500), nullable=True),
        sa.Column("director_name", sa.String(length=500), nullable=True),
        sa.Column("director_position", sa.String(length=500), nullable=True),
        sa.Column("director_basis", sa.String(length=500), nullable=True),
        sa.Column("legal_address", sa.String(length=500), nullable=True),
        sa.Column("postal_address", sa.String(length=500), nullable=True),
        sa.Column("inn", sa.String(length=32), nullable=True),
        sa.Column("kpp", sa.String(length=32), nullable=True),
        sa.Column("ogrn", sa.String(length=32), nullable=True),
        sa.Column("phone", sa.String(length=64), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("bank_name", sa.String(length=500), nullable=True),
        sa.Column("bik", sa.String(length=32), nullable=True),
        sa.Column("account", sa.String(length=32), nullable=True),
        sa.Column("corr_account", sa.String(length=32), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_organisation_requisites_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["members.id"],
            name=op.f("fk_organisation_requisites_updated_by_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("organisation_id", name=op.f("pk_organisation_requisites")),
    )
    op.create_table(
        "outgoing_letters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_outgoing_letters_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_outgoing_letters_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_outgoing_letters_partner_id_partners"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outgoing_letters")),
        sa.UniqueConstraint(
            "organisation_id", "year", "seq", name=op.f("uq_outgoing_letters_organisation_id")
        ),
    )
    with op.batch_alter_table("outgoing_letters", schema=None) as batch_op:
        batch_op.create_index(
            "ix_outgoing_letters_partner",
            ["organisation_id", "partner_id", "issued_on"],
            unique=False,
        )

    op.create_table(
        "partner_requisites",
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=500), nullable=True),
        sa.Column("short_name", sa.String(length=500), nullable=True),
        sa.Column("legal_form", sa.String(length=500), nullable=True),
        sa.Column("director_name", sa.String(length=500), nullable=True),
        sa.Column("director_position", sa.String(length=500), nullable=True),
        sa.Column("director_basis", sa.String(length=500), nullable=True),
        sa.Column("legal_address", sa.String(length=500), nullable=True),
        sa.Column("postal_address", sa.String(length=500), nullable=True),
        sa.Column("inn", sa.String(length=32), nullable=True),
        sa.Column("kpp", sa.String(length=32), nullable=True),
        sa.Column("ogrn", sa.String(length=32), nullable=True),
        sa.Column("phone", sa.String(length=64), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("bank_name", sa.String(length=500), nullable=True),
        sa.Column("bik", sa.String(length=32), nullable=True),
        sa.Column("account", sa.String(length=32), nullable=True),
        sa.Column("corr_account", sa.String(length=32), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_partner_requisites_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_partner_requisites_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("partner_id", name=op.f("pk_partner_requisites")),
    )
    with op.batch_alter_table("partner_requisites", schema=None) as batch_op:
        batch_op.create_index("ix_partner_requisites_org", ["organisation_id"], unique=False)

    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("our_obligations", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("partner_obligations", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("network_terms", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.drop_column("network_terms")
        batch_op.drop_column("partner_obligations")
        batch_op.drop_column("our_obligations")

    with op.batch_alter_table("partner_requisites", schema=None) as batch_op:
        batch_op.drop_index("ix_partner_requisites_org")

    op.drop_table("partner_requisites")
    with op.batch_alter_table("outgoing_letters", schema=None) as batch_op:
        batch_op.drop_index("ix_outgoing_letters_partner")

    op.drop_table("outgoing_letters")
    op.drop_table("organisation_requisites")
    op.drop_table("member_contacts")
    op.drop_table("person_genders")
