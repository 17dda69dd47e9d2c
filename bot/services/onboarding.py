"""Onboarding: a new organisation with its first member (its admin), or a colleague joining
the organisation of an invitation link."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.russian import detect_gender, parse_person
from bot.domain.timezones import describe, find_place, ordered_choices
from storage import orgs
from storage.orgs import MemberInfo
from texts import members as words

# The /start payload of an invitation link: INVITE_PREFIX + the organisation's invite code.
INVITE_PREFIX = "inv_"


def invite_link(bot_username: str | None, invite_code: str) -> str:
    """The link a colleague opens to join the organisation."""
    return f"https://t.me/{bot_username}?start={INVITE_PREFIX}{invite_code}"


def invite_code(payload: str) -> str | None:
    """The invite code carried by a /start payload; None when it is no invitation."""
    return payload[len(INVITE_PREFIX) :] if payload.startswith(INVITE_PREFIX) else None


def address_form_of(full_name: str) -> str | None:
    """The form of address the name tells (storage.models.org.AddressForm values), or None:
    then the member is asked once."""
    gender = detect_gender(parse_person(full_name))
    return gender.value if gender is not None else None


@dataclass(frozen=True, slots=True)
class ZoneGuess:
    zone: str  # IANA
    label: str  # «Тюмень — UTC+5 (МСК+2)», or the offered zone's «Тюмень, Екатеринбург (UTC+5)»
    from_place: bool  # read from the municipality (else: the configured default)


def zone_guess(municipality: str | None, default_zone: str) -> ZoneGuess:
    """The zone proposed first: the municipality the teacher typed («г. Тюмень») names a
    place; otherwise the configured default."""
    place = find_place(municipality) if municipality else None
    if place is not None:
        return ZoneGuess(place.zone, describe(place), True)
    return ZoneGuess(default_zone, ordered_choices(default_zone)[0].label, False)


def typed_zone(text: str, proposed: tuple[str, str] | None) -> tuple[str, str] | None:
    """(zone, label) of a typed answer at the zone step: a place or an offset («Омск»,
    «мск+2», «+5»), or a «да» to the `proposed` (zone, label); None when it names nothing."""
    if proposed is not None and text.strip(" .!").lower() in words.YES_WORDS:
        return proposed
    place = find_place(text)
    return (place.zone, describe(place)) if place is not None else None


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
            address_form=answers.get("address_form"),
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
            address_form=answers.get("address_form"),
        )
    await session.commit()
    return member
