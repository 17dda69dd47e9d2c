"""Onboarding: a new organisation with its first member (its admin), or a colleague joining
the organisation of an invitation link."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage import orgs
from storage.orgs import MemberInfo

# The /start payload of an invitation link: INVITE_PREFIX + the organisation's invite code.
INVITE_PREFIX = "inv_"


def invite_link(bot_username: str | None, invite_code: str) -> str:
    """The link a colleague opens to join the organisation."""
    return f"https://t.me/{bot_username}?start={INVITE_PREFIX}{invite_code}"


def invite_code(payload: str) -> str | None:
    """The invite code carried by a /start payload; None when it is no invitation."""
    return payload[len(INVITE_PREFIX) :] if payload.startswith(INVITE_PREFIX) else None


async def register(
    session: AsyncSession,
    answers: Mapping[str, Any],
    *,
    telegram_id: int,
    chat_id: int,
    now: datetime,
) -> MemberInfo:
    """The member the onboarding answers describe: a teacher of the invitation's
    organisation (`join_org_id` in the answers), or the admin of a new one; commits."""
    if answers.get("join_org_id"):
        member = await orgs.join_organisation(
            session,
            organisation_id=int(answers["join_org_id"]),
            telegram_id=telegram_id,
            chat_id=chat_id,
            full_name=answers["full_name"],
            position=answers["position"],
            timezone=answers["timezone"],
            now=now,
        )
    else:
        member = await orgs.create_organisation_with_admin(
            session,
            name=answers["org_name"],
            municipality=answers["municipality"],
            timezone=answers["timezone"],
            telegram_id=telegram_id,
            chat_id=chat_id,
            full_name=answers["full_name"],
            position=answers["position"],
            now=now,
        )
    await session.commit()
    return member
