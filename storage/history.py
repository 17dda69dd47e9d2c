"""The history section of a partner card, gathered from every feature.

Each feature exposes `async def history_items(session, organisation_id, partner_id)
-> list[HistoryItem]` in its storage module and is listed in `_providers()`. An item is
rendered by the template `texts/templates/history/<kind>.html` with `item` in context.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession


@dataclass(frozen=True)
class HistoryItem:
    at: datetime
    kind: str  # template name under texts/templates/history/
    data: dict[str, Any] = field(default_factory=dict)


Provider = Callable[[AsyncSession, int, int], Awaitable[list[HistoryItem]]]


def _providers() -> list[Provider]:
    providers: list[Provider] = []
    # Each feature appends its provider here, e.g.:
    #   from storage import partners; providers.append(partners.history_items)
    from storage import agreements

    providers.append(agreements.history_items)
    from storage import partners

    providers.append(partners.history_items)
    from storage import coach

    providers.append(coach.history_items)
    from storage import meetings

    providers.append(meetings.history_items)
    return providers


async def partner_history(
    session: AsyncSession, organisation_id: int, partner_id: int, limit: int = 10
) -> list[HistoryItem]:
    """Newest first, at most `limit` items."""
    items: list[HistoryItem] = []
    for provider in _providers():
        items.extend(await provider(session, organisation_id, partner_id))
    items.sort(key=lambda item: item.at, reverse=True)
    return items[:limit]
