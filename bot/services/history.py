"""A partner's history, gathered from every feature that records something about it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import results
from storage import agreements, coach, meetings, partners
from storage.history import HistoryItem

Provider = Callable[[AsyncSession, int, int], Awaitable[list[HistoryItem]]]

# A new feature that records something about a partner adds its `history_items` here.
PROVIDERS: tuple[Provider, ...] = (
    agreements.history_items,
    partners.history_items,
    coach.history_items,
    meetings.history_items,
    results.history_items,
)


async def partner_history(
    session: AsyncSession, organisation_id: int, partner_id: int, limit: int = 10
) -> list[HistoryItem]:
    """Newest first, at most `limit` items."""
    items: list[HistoryItem] = []
    for provider in PROVIDERS:
        items.extend(await provider(session, organisation_id, partner_id))
    items.sort(key=lambda item: item.at, reverse=True)
    return items[:limit]
