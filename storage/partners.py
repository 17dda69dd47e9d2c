"""Queries for partners. Other features use `get_partner` and `change_status`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.enums import PartnerStatus
from storage.models import Partner, PartnerStatusChange


async def get_partner(
    session: AsyncSession, organisation_id: int, partner_id: int
) -> Partner | None:
    """The partner, only if it belongs to the organisation (ids from callbacks are untrusted)."""
    result = await session.execute(
        select(Partner).where(Partner.id == partner_id, Partner.organisation_id == organisation_id)
    )
    return result.scalar_one_or_none()


async def change_status(
    session: AsyncSession,
    partner: Partner,
    status: PartnerStatus,
    *,
    member_id: int | None,
    now: datetime,
) -> bool:
    """Set the status and record the dated change (no commit). False if it was already so."""
    if partner.status == status:
        return False
    session.add(
        PartnerStatusChange(
            partner_id=partner.id,
            old_status=partner.status,
            new_status=status.value,
            member_id=member_id,
            changed_at=now,
        )
    )
    partner.status = status.value
    partner.status_changed_at = now
    return True
